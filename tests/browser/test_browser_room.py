"""The browser room: `kiosk serve` on loopback, a kiosk in headless Chromium; the
room's guards (class code, Origin, no listings) over plain HTTP."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


CODE = "ROOM42"


@pytest.fixture
def room(data_dir: Path) -> Iterator[int]:
    """`kiosk serve` on loopback with a known class code; yields its port."""
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "kiosk_cli", "serve", "--data-dir", str(data_dir)),
            *("--host", "127.0.0.1", "--port", str(port), "--today", "2026-11-22"),
            *("--class-code", CODE),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(lambda: _listening(port), 60, "kiosk serve to listen")
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_a_browser_tab_gets_a_kiosk_and_its_keys_reach_it(room: int, data_dir: Path) -> None:
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
        page.goto(f"http://127.0.0.1:{room}/")
        # The class code first, as a trainee types it from the board.
        page.fill("input[name=code]", CODE.lower())
        page.click("button[type=submit]")
        # Playwright's sync API delivers websocket frames only while it is waiting.
        tick = lambda: page.wait_for_timeout(100)  # noqa: E731
        _wait(lambda: shown("원하시는 업무를 선택해 주세요"), 90, "the home screen", tick)
        assert shown("공동인증서 발급") and shown("금융인증서")
        page.locator("#terminal").click()
        # F11 is the browser's full screen: the room's key for 고대비 instead.
        before = len(received)
        page.keyboard.press("Alt+c")
        _wait(lambda: shown("고대비 화면을 켰습니다", before), 30, "Alt+C's high contrast", tick)
        before = len(received)
        page.keyboard.press("1")
        # The tab's kiosk opens its bank after the home screen is drawn; on a new data
        # directory that makes the CAs' keys, which the first service waits for (as
        # long as the home screen may take on a loaded machine).
        _wait(lambda: shown("신분증을 보고", before), 90, "the identity screen", tick)
        before = len(received)
        page.keyboard.insert_text("김민준")  # as a Korean IME commits a name
        _wait(lambda: shown("김민준", before), 30, "the typed name", tick)
        # Hangul comes from the room's own font, not from the internet or the PC.
        faces = page.evaluate(
            "() => [...document.fonts].map(f => [f.family, f.status, f.unicodeRange])"
        )
        hangul = [face for face in faces if "AC00" in face[2].upper()]
        assert hangul and hangul[0][1] == "loaded", faces
        browser.close()
    # The tab's kiosk worked on the served data directory.
    assert (data_dir / "kiosk.sqlite3").is_file()


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _websocket(port: int, code: str, origin: str) -> int:
    """The status a websocket upgrade (what starts a kiosk process) gets."""
    return _get(
        port,
        f"/ws/{code}?width=80&height=24",
        {
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version": "13",
            "Origin": origin,
        },
    )[0]


def test_no_kiosk_without_the_class_code_or_from_another_site(room: int) -> None:
    status, page = _get(room, "/")
    assert status == 200 and "수업 코드" in page and "terminal" not in page
    status, page = _get(room, "/?code=WRONG1")
    assert status == 401 and "맞지 않습니다" in page and "terminal" not in page
    status, page = _get(room, f"/?code={CODE}", {"Host": f"192.168.0.7:{room}"})
    # Addresses come from the request: a trainee's PC dials the trainer's machine.
    assert status == 200 and f"ws://192.168.0.7:{room}/ws/{CODE}" in page
    assert "fonts.googleapis" not in page
    home = f"http://127.0.0.1:{room}"
    assert _websocket(room, "WRONG1", home) == 401
    assert _websocket(room, CODE, "http://evil.example") == 403
    assert _websocket(room, CODE, "") == 403
    assert _get(room, "/static/")[0] in (403, 404)  # no listing
    assert _get(room, "/static/js/textual.js")[0] == 200


def test_the_room_serves_the_class_dashboard_to_its_trainer_only(data_dir: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "kiosk_cli", "serve", "--data-dir", str(data_dir)),
            *("--host", "127.0.0.1", "--port", str(port), "--class-code", CODE),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        key = ""
        while not key:
            line = server.stdout.readline()
            assert line, "the room printed no dashboard address"
            key = line.partition("class?key=")[2].strip()
        _wait(lambda: _listening(port), 60, "kiosk serve to listen")
        assert _get(port, "/api/class")[0] == 401
        assert _get(port, "/api/class", {"Authorization": f"Bearer {CODE}"})[0] == 401
        status, text = _get(port, "/api/class", {"Authorization": f"Bearer {key}"})
        assert status == 200 and json.loads(text)["kiosks"] == []
        status, page = _get(port, f"/class?key={key}")
        assert status == 200 and "교실 현황" in page
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


# The rendered cell of the tab's terminal: its height in CSS pixels, and the columns
# the kiosk was given.
_CELL = """() => {
  const screen = document.querySelector('#terminal .xterm-screen');
  const terminal = window.kioskRoom.terminal;
  return {
    height: screen.getBoundingClientRect().height / terminal.rows,
    cols: terminal.cols,
    percent: window.kioskTextSize.get(),
    pressed: document.querySelector('#text-size button[aria-pressed=true]').textContent,
    rows: terminal.rows,
  };
}"""


def test_the_room_text_size_control_enlarges_the_kiosk_and_resets_after_the_visit(
    room: int,
) -> None:
    """글자 크기 (issue #21 item 6): Alt+= and the buttons take the terminal's text
    from 100 % up to 200 %, the kiosk gets the fewer columns; when the visit ends
    (처음으로) it is back to 100 % for the next customer."""
    received = bytearray()

    def on_socket(socket_: WebSocket) -> None:
        def on_frame(payload: str | bytes) -> None:
            received.extend(payload.encode() if isinstance(payload, str) else payload)

        socket_.on("framereceived", on_frame)

    def shown(text: str, since: int = 0) -> bool:
        return text.encode("utf-8") in bytes(received[since:])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.on("websocket", on_socket)
        page.goto(f"http://127.0.0.1:{room}/?code={CODE}")
        tick = lambda: page.wait_for_timeout(100)  # noqa: E731
        _wait(lambda: shown("원하시는 업무를 선택해 주세요"), 90, "the home screen", tick)
        # The cells are measured again when the room's fonts arrive: 100 % is what
        # the tab shows once they are in and the terminal has settled.
        _wait(lambda: page.evaluate("document.fonts.status") == "loaded", 30, "fonts", tick)
        cells: list[dict[str, Any]] = [{}]

        def settled() -> bool:
            cells.append(page.evaluate(_CELL))
            return cells[-1] == cells[-2]

        _wait(settled, 30, "a settled terminal", lambda: page.wait_for_timeout(400))
        normal = cells[-1]
        assert normal["percent"] == 100 and normal["pressed"].endswith("100%")
        page.locator("#terminal").click()
        for _ in range(3):  # 125, 150, 200: one key a size
            page.keyboard.press("Alt+Equal")
        _wait(lambda: page.evaluate(_CELL)["cols"] < normal["cols"] * 0.6, 30, "200 %", tick)
        large = page.evaluate(_CELL)
        assert large["percent"] == 200 and large["pressed"].endswith("200%")
        assert large["height"] >= normal["height"] * 1.8  # drawn twice as large
        page.keyboard.press("Alt+Minus")
        _wait(lambda: page.evaluate(_CELL)["percent"] == 150, 30, "150 %", tick)
        page.click("#text-size button[data-percent='200']")
        _wait(lambda: page.evaluate(_CELL)["cols"] == large["cols"], 30, "200 % again", tick)
        # The keys went to the size, not to the kiosk: still on the home screen, and
        # a visit's keys still reach it.
        before = len(received)
        page.keyboard.press("1")
        # The tab's kiosk opens its bank after the home screen is drawn; on a new data
        # directory that makes the CAs' keys, which the first service waits for (as
        # long as the home screen may take on a loaded machine).
        _wait(lambda: shown("본인확인", before), 90, "the identity screen", tick)
        assert page.evaluate(_CELL)["percent"] == 200  # kept through the visit
        page.keyboard.press("F1")  # 처음으로: the visit ends
        _wait(lambda: page.evaluate(_CELL)["percent"] == 100, 30, "the reset", tick)
        # Columns and cell height follow the size one after the other: both, back.
        seen: list[dict[str, object]] = []

        def drawn_at_100() -> bool:
            seen.append(cell := page.evaluate(_CELL))
            return cell["cols"] == normal["cols"] and abs(cell["height"] - normal["height"]) < 1

        try:
            _wait(drawn_at_100, 30, "100 % drawn", tick)
        except AssertionError as timed_out:
            raise AssertionError(f"{timed_out}: {normal} at first, {seen[-1]} now") from None
        browser.close()
