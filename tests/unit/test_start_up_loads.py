"""Start-up: the kiosk's home screen comes up without what only a service needs.

Issue #16's goal is a cold start within 1.3x a bare Textual app's (measured by
benchmarks/run.py, not here); what keeps it there is that nothing heavy loads
before the first service, which a fresh interpreter shows without a clock."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# The real entry point (`kiosk --data-dir DIR`), with App.run swapped for Textual's
# headless pilot: the home screen is shown, the start's background work (the media
# sweep) is let finish, and what was loaded by then is printed.
PROBE = """
import asyncio, gc, json, sys
from textual.app import App
from kiosk_cli.main import main

def run_headless(self, *args, **kwargs):
    async def home():
        async with self.run_test() as pilot:
            await pilot.pause()
            await self.workers.wait_for_complete()
            await pilot.pause()
            print(json.dumps({
                "screen": type(self.screen).__name__,
                "collector_on": gc.isenabled(),
                "modules": sorted(sys.modules),
            }))
    asyncio.run(home())

App.run = run_headless
sys.exit(main(sys.argv[1:]))
"""

# What only a service needs: keys and certificates (cryptography, and pyasn1 for
# NPKI key files), OTP codes, the PostgreSQL driver, the HTTP server and client,
# and the bank's service layer.
HEAVY = (
    "cryptography",
    "pyasn1",
    "pyotp",
    "psycopg",
    "aiohttp",
    "http.client",
    "kiosk.bankside.service",
    "kiosk.bankside.wire",
    "kiosk.bankside.http_client",
    "kiosk.npki.reader",
    "kiosk.npki.keyfile",
)


def _start(data_dir: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    shown: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return shown


@pytest.mark.slow  # fresh interpreters
def test_the_home_screen_comes_up_without_what_only_a_service_needs(data_dir: Path) -> None:
    # The first start on today's clock publishes the CRLs the template's date left
    # due (that needs cryptography); the second is the everyday start.
    _start(data_dir)
    shown = _start(data_dir)
    assert shown["screen"] == "HomeScreen"
    modules = shown["modules"]
    assert isinstance(modules, list)
    assert sorted(m for m in modules if m.startswith(HEAVY)) == []
    # The collector, paused for start-up, runs again once the home screen is drawn.
    assert shown["collector_on"] is True
