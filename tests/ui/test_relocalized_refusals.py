"""A refusal on the message line is kept as data: F4 redraws it in the other
language with the same counts, and the kiosk decides by its code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.certs.products import GENERAL_YESSIGN
from kiosk.core.i18n import Language, current_language, set_language
from kiosk.core.refusal import RefusalCode
from kiosk.training.staging import stage_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp
from tests.ui.kiosk_keys import (
    PASSWORD,
    ROUNDS,
    message,
    settle,
    type_rrn,
    type_text,
    wait_for,
)

MENU_RENEW, MENU_REGISTER = "3", "5"


@pytest.fixture(autouse=True)
def korean_afterwards() -> Iterator[None]:
    yield
    set_language(Language.KOREAN)  # the language is process-wide: not for the next test


async def _switch(pilot: Pilot[None], language: Language) -> None:
    """F4, and until every screen of the stack is redrawn (a deep stack takes a while)."""
    await pilot.press("f4")
    for _ in range(ROUNDS):
        if getattr(pilot.app.screen, "shown_language", None) is language:
            break
        await settle(pilot)
    assert current_language() is language
    await settle(pilot)


async def test_a_counted_refusal_is_redrawn_in_the_other_language(bank: Bank) -> None:
    issued_on = bank.clock.now().date() - dt.timedelta(days=355)
    stage_certificate(bank, "김민준", GENERAL_YESSIGN, issued_on, PASSWORD)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_RENEW)
        await wait_for(pilot, Step.OPEN_CERT)
        await pilot.press("1")
        await type_text(pilot, "Wrong!2026pw")
        await pilot.press("enter")
        await pilot.pause()
        refusal = app.session.last_refusal
        assert refusal is not None and refusal.code is RefusalCode.CERT_PASSWORD_WRONG
        assert refusal.phrase.params == {"count": 1, "limit": 5}
        korean = message(pilot)
        assert korean == "⚠ 인증서 비밀번호가 틀렸습니다(오류 1/5회)."
        await _switch(pilot, Language.ENGLISH)
        assert message(pilot) == "⚠ Wrong certificate password (1/5)."
        await _switch(pilot, Language.KOREAN)
        assert message(pilot) == korean


async def test_a_message_inside_a_message_is_redrawn_too(bank: Bank) -> None:
    # 등록's 본인확인 by account password: a screen with no countdown ticking
    # under the redraw.
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_REGISTER)
        await wait_for(pilot, Step.ACCOUNT_CHECK)
        await pilot.press("1")
        await type_rrn(pilot, "8503151234566")
        await pilot.press("enter")
        await type_text(pilot, "1002-345-678901")
        await pilot.press("enter")
        await type_text(pilot, "0000")
        await pilot.press("enter")
        await pilot.pause()
        refusal = app.session.last_refusal
        assert refusal is not None and refusal.code is RefusalCode.ACCOUNT_WRONG_PIN
        korean = message(pilot)
        assert korean == "⚠ 계좌 비밀번호가 일치하지 않습니다. (오류 1/5회)"
        await _switch(pilot, Language.ENGLISH)
        assert message(pilot) == "⚠ The account password does not match. (wrong 1/5)"
        await _switch(pilot, Language.KOREAN)
        assert message(pilot) == korean


async def test_the_operator_boxs_counted_message_is_redrawn_too(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f10")
        await settle(pilot)
        await type_text(pilot, "000000")
        await pilot.press("enter")
        await settle(pilot)
        assert "운영자 PIN이 일치하지 않습니다(오류 1/5회)" in message(pilot)
        await _switch(pilot, Language.ENGLISH)
        shown = message(pilot)
        assert "1/5" in shown and "운영자" not in shown
        await _switch(pilot, Language.KOREAN)
        assert "(오류 1/5회)" in message(pilot)
