"""Start-up: the kiosk's home screen comes up without what only a service needs.

Issue #16's goal is a cold start within 1.3x a bare Textual app's (measured by
benchmarks/run.py, not here); what keeps it there is that nothing heavy loads
before the first service, and the embedded bank's books and domain not before the
home screen is drawn, which a fresh interpreter shows without a clock."""

from __future__ import annotations

import json
import subprocess
import sys
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path

import pytest

# The real entry point (`kiosk --data-dir DIR`), with App.run swapped for Textual's
# headless pilot. What is loaded is noted when the home screen has been drawn
# (KioskApp.on_ready, before what the kiosk starts then); the start's background
# work (the media sweep, the embedded bank's opening) is then let finish, and a
# service is picked, which needs the bank.
PROBE = """
import asyncio, gc, sys
from textual.app import App
from kiosk_cli.main import main
from screens.app import KioskApp

drawn = {}
ready = KioskApp.on_ready

def noted_then_ready(self):
    drawn["modules"] = sorted(sys.modules)
    drawn["collector_on"] = gc.isenabled()
    ready(self)

KioskApp.on_ready = noted_then_ready

def tell(shown):
    import json  # here, after the home screen is drawn: the probe itself loads no JSON before

    print(json.dumps(shown))

def run_headless(self, *args, **kwargs):
    async def home():
        async with self.run_test() as pilot:
            await pilot.pause()
            await self.workers.wait_for_complete()
            opening = self.link.opening
            try:
                await asyncio.wrap_future(opening.start())
            except Exception as error:
                tell({"failed": type(error).__name__})
                return
            await pilot.pause()
            shown = {
                "screen": type(self.screen).__name__,
                "collector_on_when_drawn": drawn["collector_on"],
                "collector_on": gc.isenabled(),
                "drawn": drawn["modules"],
            }
            await pilot.press("2")  # 재발급: the bank opens the visit
            for _ in range(100):
                await pilot.pause(0.05)
                if self.session.service is not None:
                    break
            shown["service"] = type(self.screen).__name__
            tell(shown)
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

# What the embedded bank opens with, once the home screen is drawn: its books
# (SQLite) and its domain (customers, accounts, factors, records, audit).
BANK = (
    "sqlite3",
    "kiosk.storage.store",
    "kiosk.bankside.bank",
    "kiosk.bankside.audit",
    "kiosk.bankside.operator",
    "kiosk.people.customers",
    "kiosk.people.demo_customers",
    "kiosk.people.identity_factors",
    "kiosk.factors.auth",
    "kiosk.certs.records",
    "kiosk.training.stages",
)

# And what only some starts or later moments need: JSON (a speech log, a command's
# report), the speech's patterns and tones (the voice is off at most starts), the
# thread pool of the notes to the bank; the visit's steps and their results (22
# dataclasses), the certificate files' layout and the hashing behind its staging
# names, and the steps' radio buttons.
LATER = (
    "json",
    "wave",
    "kiosk.speech.spoken_text",
    "concurrent.futures.thread",
    "kiosk.visit.machine",
    "kiosk.visit.results",
    "kiosk.npki.layout",
    "hmac",
    "textual.widgets._radio_set",
)


def _start(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _shown(data_dir: Path) -> dict[str, object]:
    result = _start(data_dir)
    assert result.returncode == 0, result.stderr
    shown: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return shown


@pytest.mark.slow  # fresh interpreters
def test_the_home_screen_comes_up_without_what_only_a_service_needs(data_dir: Path) -> None:
    # The first start on today's clock publishes the CRLs the template's date left
    # due (that needs cryptography); the second is the everyday start.
    _shown(data_dir)
    shown = _shown(data_dir)
    assert shown["screen"] == "HomeScreen"
    drawn = shown["drawn"]
    assert isinstance(drawn, list)
    assert sorted(m for m in drawn if m.startswith(HEAVY)) == []
    assert sorted(m for m in drawn if m.startswith(BANK)) == []
    assert sorted(m for m in drawn if m.startswith(LATER)) == []
    # The collector, paused for start-up, runs again once the home screen is drawn.
    assert shown["collector_on_when_drawn"] is False
    assert shown["collector_on"] is True
    # The bank opened meanwhile serves the first service.
    assert shown["service"] == "IdentityScreen"


@pytest.mark.slow  # fresh interpreters
def test_books_that_cannot_be_opened_end_the_start_and_say_why(data_dir: Path) -> None:
    (data_dir / "store.secret").unlink()
    result = _start(data_dir)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"failed": "SetupError"}
    assert result.returncode == 2
    assert "store.secret" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--data-dir", "/srv/kiosk"],
        ["--data-dir", "demo"],  # a value, not the command
        ["--data", "/srv/kiosk"],  # abbreviated
        ["--today", "2026-12-01", "--lang", "en", "--voice", "--no-time-limits"],
        ["--bank", "http://bank:8700", "--kiosk-token-file", "token", "--no-kiosk-mode"],
        ["--printer", "text", "--usb-path", "/media/usb", "--speech-log", "said.jsonl"],
        ["--lang", "xx"],
        ["--today", "someday"],
        ["--printer", "bogus"],
        ["--usb-path"],
        ["--"],
        ["demo", "--list"],
        ["--help"],
    ],
)
def test_the_everyday_start_reads_its_options_as_the_whole_parser_does(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # `kiosk` without a command skips building the commands' parsers (_parse).
    from kiosk_cli.main import _parse, build_parser

    def read(parse: Callable[[], object]) -> tuple[object, str, str]:
        try:
            result = parse()
        except SystemExit as stop:
            result = ("exit", stop.code)
        printed = capsys.readouterr()
        return (vars(result) if isinstance(result, Namespace) else result), printed.out, printed.err

    assert read(lambda: _parse(argv)) == read(lambda: build_parser().parse_args(argv))
