"""The browser room: `kiosk serve` on loopback, a kiosk in headless Chromium."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import WebSocket, sync_playwright

pytestmark = pytest.mark.slow  # a real browser


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's notes advise: no background connections on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(
    condition: Callable[[], bool],
    seconds: float,
    what: str,
    tick: Callable[[], None] = lambda: time.sleep(0.1),
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        tick()
    raise AssertionError(f"timed out waiting for {what}")


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_a_browser_tab_gets_a_kiosk_and_its_keys_reach_it(data_dir: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "kiosk_cli", "serve", "--data-dir", str(data_dir)),
            *("--host", "127.0.0.1", "--port", str(port), "--today", "2026-11-22"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(lambda: _listening(port), 60, "kiosk serve to listen")
        received = bytearray()

        def on_socket(socket_: WebSocket) -> None:
            def on_frame(payload: str | bytes) -> None:
                received.extend(payload.encode() if isinstance(payload, str) else payload)

            socket_.on("framereceived", on_frame)

        def shown(text: str, since: int = 0) -> bool:
            return text.encode("utf-8") in bytes(received[since:])

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("websocket", on_socket)
            page.goto(f"http://127.0.0.1:{port}/")
            # Playwright's sync API delivers websocket frames only while it is waiting.
            tick = lambda: page.wait_for_timeout(100)  # noqa: E731
            _wait(lambda: shown("원하시는 업무를 선택해 주세요"), 90, "the home screen", tick)
            assert shown("공동인증서 발급") and shown("금융인증서")
            before = len(received)
            page.locator("#terminal").click()
            page.keyboard.press("1")
            _wait(lambda: shown("신분증을 보고", before), 30, "the identity screen", tick)
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    # The tab's kiosk worked on the served data directory.
    assert (data_dir / "kiosk.sqlite3").is_file()
