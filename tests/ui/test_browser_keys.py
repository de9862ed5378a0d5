"""A kiosk in the browser room (`kiosk serve` starts each tab's kiosk with
`--browser-keys`) works without the keys a browser keeps: F5 would reload the tab,
F11 fill the screen. The key bar names the room keys, and guided mode asks for them."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from pathlib import Path

from textual.widgets import Footer, Static

from kiosk.bankside.bank import Bank
from kiosk.core.i18n import easy_mode
from kiosk.visit.flows import Step
from kiosk_cli import devices
from kiosk_cli.main import build_parser
from kiosk_cli.room import kiosk_command
from screens.app import KioskApp
from screens.demo.scenarios import SCENARIOS
from screens.display import HIGH_CONTRAST
from screens.home import HomeScreen
from screens.modals.phone import PhoneScreen
from screens.steps.identity import CloudIdentityScreen
from tests.ui.kiosk_keys import caption, learn, settle, until, wait_for


def _in_the_room(app: KioskApp) -> KioskApp:
    """As `kiosk serve` starts a tab's kiosk: with the command line it gives."""
    args = build_parser().parse_args(["--browser-keys"])
    devices.apply(args, app.terminal)
    return app


def _key_bar(app: KioskApp) -> str:
    return " ".join(str(key.render()) for key in app.screen.query_one(Footer).children)


def test_the_room_starts_its_kiosks_with_the_browser_keys() -> None:
    assert "--browser-keys" in kiosk_command(Path("/d"), None, True)


async def test_every_home_and_step_key_has_a_room_key(bank: Bank) -> None:
    app = _in_the_room(KioskApp(bank))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        bar = _key_bar(app)
        assert "alt+c" in bar and "alt+r" in bar and "f11" not in bar, bar
        await pilot.press("alt+c")  # F11: 고대비
        await settle(pilot)
        assert app.theme == HIGH_CONTRAST.name
        await pilot.press("alt+r")  # F5: 쉬운 모드
        await settle(pilot)
        assert easy_mode()
        await pilot.press("alt+r")
        await settle(pilot)
        assert not easy_mode()
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        assert "alt+m" in _key_bar(app)
        await pilot.press("alt+m")  # F1: 처음으로
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f11")  # where a browser lets it through, F11 still works
        await settle(pilot)
        assert app.theme != HIGH_CONTRAST.name


async def test_guided_mode_asks_for_the_room_key(bank: Bank) -> None:
    app = _in_the_room(KioskApp(bank))
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIOS["issue-by-fincert"], "guided", "홍길동")
        assert coach is not None
        await until(pilot, lambda: bool(coach.waiting_for))
        while coach.waiting_for != "alt+o":
            assert app.session.step in (None, Step.IDENTITY), app.session.step
            await pilot.press(coach.waiting_for)
            await settle(pilot)
            await until(pilot, lambda: bool(coach.waiting_for))
        assert "[Alt+O]" in caption(app) and "[F6]" not in caption(app)
        # The lesson's own words, written for a terminal, name the room key too.
        assert "F6(Alt+O)" in caption(app) and "F6을" not in caption(app)
        await pilot.press("alt+o")
        await settle(pilot)
        assert isinstance(app.screen, CloudIdentityScreen)
        assert not coach.run.errors
        # The lesson goes on without this test: its guide stops with the app.
        assert app.demo_task is not None
        app.demo_task.cancel()
        with suppress(asyncio.CancelledError):
            await app.demo_task


async def test_the_phones_hint_names_the_room_keys(bank: Bank) -> None:
    """F7 would ask the browser about caret browsing: the phone's hint says Alt+P."""
    app = _in_the_room(KioskApp(bank))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("alt+p")
        await settle(pilot)
        assert isinstance(app.screen, PhoneScreen)
        assert "[교육용] Alt+P/Esc 닫기" in [
            str(hint.render()) for hint in app.screen.query(".hint").results(Static)
        ]


async def test_alt_q_ends_a_tabs_kiosk_only_outside_kiosk_mode(bank: Bank) -> None:
    """Chrome on Linux quits on Ctrl+Q before the page sees it: a trainer's tab
    started with `--no-kiosk-mode` ends its kiosk with Alt+Q; a kiosk-mode tab
    says so and keeps running."""
    kiosk = _in_the_room(KioskApp(bank))
    async with kiosk.run_test() as pilot:
        await settle(pilot)
        await pilot.press("alt+q")
        await settle(pilot)
        assert kiosk.is_running
        assert any("키오스크 모드" in str(n.message) for n in kiosk._notifications)
    trainer = _in_the_room(KioskApp(bank, kiosk_mode=False))
    async with trainer.run_test() as pilot:
        await settle(pilot)
        await pilot.press("alt+q")
        await settle(pilot)
        assert not trainer.is_running
