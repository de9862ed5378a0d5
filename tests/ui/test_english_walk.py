"""The kiosk in English: the screens no scenario reaches, read off the terminal; any
Korean left (other than a Korean institution's name in brackets, or the customer's
own name) fails the walk. Every scenario's screens are read the same way where the
scenario is played, in tests/ui/test_demo_scenarios.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.bankside.operator import DEFAULT_OPERATOR_PIN
from kiosk.certs.products import BANK_USE
from kiosk.core.i18n import Language, current_language, set_language
from kiosk.people.demo_customers import DEMO_PIN
from kiosk.training.staging import stage_certificate, stage_cloud_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.steps.identity import IdentityScreen
from tests.ui.english import Walk, korean_left, shown_lines
from tests.ui.kiosk_keys import (
    PASSWORD,
    Ticks,
    identify,
    key_pin,
    type_text,
    wait_for,
    walk_away,
)


@pytest.fixture(autouse=True)
def _korean_after() -> Iterator[None]:
    yield
    set_language(Language.KOREAN)


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
    ticks = Ticks()
    app = KioskApp(bank, idle_seconds=120, idle_warning_seconds=30, ticks=ticks)
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
        await pilot.press("3")  # the audit log, over the operator's screen
        await _look(pilot, walk)
        await pilot.press("escape")
        for option in ("4", "2"):  # the reset question, locked OTPs
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
        await walk_away(pilot, ticks, 100)  # the warning with the seconds left
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
