"""The kiosk in English: every screen of every scenario, and the screens no scenario
reaches, read off the terminal; any Korean left (other than a Korean institution's
name in brackets, or the customer's own name) fails the walk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kiosk.bank import Bank
from kiosk.clock import ManualClock
from kiosk.demo_customers import DEMO_PIN
from kiosk.flows import Step
from kiosk.i18n import Language, current_language, set_language
from kiosk.operator import DEFAULT_OPERATOR_PIN
from kiosk.products import BANK_USE
from kiosk.training import stage_certificate, stage_cloud_certificate
from screens.app import KioskApp
from screens.demo import SCENARIOS, Driver, play
from screens.identity import IdentityScreen
from tests.conftest import TODAY
from tests.ui.english import korean_left, shown_lines
from tests.ui.kiosk_keys import (
    PASSWORD,
    cut_short,
    identify,
    key_pin,
    keys_cut_off,
    type_text,
    wait_for,
)


@pytest.fixture(autouse=True)
def _korean_after() -> Iterator[None]:
    yield
    set_language(Language.KOREAN)


class Walk:
    """Every screen the walk passed, with the Korean rows each still showed and
    the keys its key bar could not fit."""

    def __init__(self) -> None:
        self.korean: dict[str, list[str]] = {}
        self.screens: set[str] = set()

    def look(self, app: KioskApp) -> None:
        name = type(app.screen).__name__
        self.screens.add(name)
        left = korean_left(shown_lines(app))
        if left:
            self.korean.setdefault(name, left)
        self.korean.setdefault(name, []).extend(keys_cut_off(app) + cut_short(app))
        if not self.korean[name]:
            del self.korean[name]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_screen_of_every_scenario_is_in_english(
    name: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walk = Walk()
    pause, at = Driver.pause, Driver.at

    async def pause_and_look(driver: Driver) -> None:
        await pause(driver)
        walk.look(driver.app)

    async def at_and_look(driver: Driver, step: Step) -> None:
        await at(driver, step)
        walk.look(driver.app)

    monkeypatch.setattr(Driver, "pause", pause_and_look)
    monkeypatch.setattr(Driver, "at", at_and_look)
    bank = Bank.open(data_dir, ManualClock(TODAY))
    try:
        report = play(
            KioskApp(bank, language=Language.ENGLISH), SCENARIOS[name], headless=True, pace=0
        )
    finally:
        bank.close()
    assert "error" not in report, report
    assert len(walk.screens) >= 2
    assert walk.korean == {}


async def _look(pilot: Pilot[None], walk: Walk) -> None:
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, KioskApp)
    walk.look(app)


async def test_the_screens_no_scenario_reaches_are_in_english(bank: Bank) -> None:
    stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    )
    stage_cloud_certificate(bank, "김민준", bank.clock.now().date(), DEMO_PIN)
    walk = Walk()
    app = KioskApp(bank, idle_seconds=6, idle_warning_seconds=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await _look(pilot, walk)
        await pilot.press("f11", "f12", "f9")  # display settings and a staff call, noticed
        await _look(pilot, walk)
        for submenu in ("7", "8"):
            await pilot.press(submenu)
            await _look(pilot, walk)
            await pilot.press("escape")
        await pilot.press("f10")  # the operator's PIN, then the operator's screen and log
        await _look(pilot, walk)
        await type_text(pilot, DEFAULT_OPERATOR_PIN)
        await pilot.press("enter")
        await _look(pilot, walk)
        for option in ("3", "4", "2"):  # the audit log, the reset question, locked OTPs
            await pilot.press(option)
            await _look(pilot, walk)
        await pilot.press("escape")
        # 인증서 관리: 보기 and 삭제 (the confirmation), from the files on the hard disk.
        for action in ("1", "4"):
            await pilot.press("7", action)
            await wait_for(pilot, Step.PICK_FILE)
            await _look(pilot, walk)
            await pilot.press("1")
            await _look(pilot, walk)
            await pilot.press("f1")
        # 금융인증서 보기: identity, the PIN keypad, the details.
        await pilot.press("8", "5")
        await wait_for(pilot, Step.IDENTITY)
        await _look(pilot, walk)
        await identify(pilot)
        await wait_for(pilot, Step.FIN_PIN)
        await _look(pilot, walk)
        await key_pin(pilot, DEMO_PIN)
        await wait_for(pilot, Step.FIN_DETAILS)
        await _look(pilot, walk)
        await pilot.press("f7")  # the customer's phone, over the kiosk
        await _look(pilot, walk)
        await pilot.press("escape")
        await pilot.pause(3.5)  # walked away: the warning with the seconds left
        await _look(pilot, walk)
    assert {
        "OperatorScreen",
        "CertDetailsScreen",
        "CloudDetailsScreen",
        "PhoneScreen",
        "IdleWarning",
    } <= (walk.screens)
    assert walk.korean == {}


async def test_the_language_key_redraws_the_screen_and_keeps_what_was_typed(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await type_text(pilot, "김민준")
        before = "\n".join(shown_lines(app))
        await pilot.press("f4")
        await pilot.pause()
        assert current_language() is Language.ENGLISH
        after = "\n".join(shown_lines(app))
        assert "본인확인" in before and "본인확인" not in after and "Identity check" in after
        screen = app.screen
        assert isinstance(screen, IdentityScreen)
        assert "김민준" in after  # what the customer typed is still there
        await pilot.press("f4")
        await pilot.pause()
        assert "\n".join(shown_lines(app)) == before


async def test_the_visit_ends_in_the_kiosks_own_language(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4", "1")
        await wait_for(pilot, Step.IDENTITY)
        app.end_visit()
        await pilot.pause()
        assert current_language() is Language.KOREAN
        assert "인증센터" in "\n".join(shown_lines(app))


async def test_the_walk_sees_the_korean_a_korean_kiosk_shows(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert korean_left(shown_lines(app))
        await pilot.press("f4")
        await pilot.pause()
        assert korean_left(shown_lines(app)) == []
        await pilot.press("f4")
        await pilot.pause()
        assert korean_left(shown_lines(app))
    assert korean_left(["KFTC (금융결제원) — 김민준"]) == []
    assert korean_left(["Certificate 발급"]) == ["Certificate 발급"]
