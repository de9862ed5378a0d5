"""ARS and 보안카드 in the kiosk, by key presses; refusals and locks on screen."""

from __future__ import annotations

import re

from textual.pilot import Pilot
from textual.widgets import Label, Static

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ManualClock
from kiosk.factors.auth import ARS_WINDOW_SECONDS
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.modals.phone import PhoneScreen
from tests.ui.kiosk_keys import identify, message, tick, type_text, wait_for


async def _to_auth(pilot: Pilot[None], **kwargs: object) -> None:
    await pilot.press("1")
    await identify(pilot, **kwargs)  # type: ignore[arg-type]
    await wait_for(pilot, Step.PRODUCT)
    await pilot.press("1")
    await wait_for(pilot, Step.AUTH)


def _ars_digits(app: KioskApp) -> str:
    guide = str(app.screen.query_one("#auth-guide", Static).render())
    match = re.search(r"\[ (\d{2}) \]", guide)
    assert match, guide
    return match.group(1)


async def test_ars_call_answered_on_the_phone_moves_the_kiosk_on(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot)
        await pilot.press("3")
        assert "전화를 받으시면 화면의 번호를 누르세요" in str(
            app.screen.query_one("#auth-guide", Static).render()
        )
        digits = _ars_digits(app)
        await pilot.press("f7")
        assert isinstance(app.screen, PhoneScreen)
        assert "ARS 전화" in str(app.screen.query_one("#call", Static).render())
        await type_text(pilot, digits)
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)  # the phone closes and the kiosk moves on


async def test_ars_wrong_digits_expiry_and_three_calls_per_visit(
    bank: Bank, clock: ManualClock
) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot)
        await pilot.press("3")
        wrong = f"{(int(_ars_digits(app)) + 1) % 100:02d}"
        await pilot.press("f7")
        await type_text(pilot, wrong)
        await pilot.press("enter")
        await pilot.press("escape")
        await tick(pilot)
        assert "누른 번호가 화면의 번호와 다릅니다" in message(pilot)
        await pilot.press("f5")  # second call: let it ring out
        clock.advance(ARS_WINDOW_SECONDS + 1)
        await tick(pilot)
        assert "인증 시간이 초과되었습니다" in message(pilot)
        await pilot.press("f5")  # third and last call
        await pilot.pause()
        assert "남은 시간" in str(app.screen.query_one("#auth-guide", Static).render())
        clock.advance(ARS_WINDOW_SECONDS + 1)
        await tick(pilot)
        # The last call: nothing says to ask for another.
        assert "다시 전화를 요청" not in message(pilot) and "3회까지" in message(pilot)
        await pilot.press("f5")
        assert "3회까지" in message(pilot)
        await wait_for(pilot, Step.AUTH)
        await pilot.press("escape")  # going back and forth does not give new calls
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        await pilot.press("3")
        assert "3회까지" in message(pilot)


async def test_security_card_pass_and_lock_after_five_errors_survives_restart(bank: Bank) -> None:
    customer = bank.registry.find_by_rrn("9508172234561")
    assert customer is not None
    codes = bank.cards.codes(customer.id)
    assert codes is not None
    card_holder = {"name": "한지우", "rrn": "950817-2234561", "fields": ("20160901",)}

    def asked(app: KioskApp) -> tuple[int, int]:
        first = str(app.screen.query_one("#card-first-label", Label).render())
        second = str(app.screen.query_one("#card-last-label", Label).render())
        return int(first.split("번")[0]), int(second.strip().split("번")[0])

    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, **card_holder)
        await pilot.press("4")
        for attempt in range(1, 6):
            first, second = asked(app)
            wrong = f"{(int(codes[first - 1][:2]) + 1) % 100:02d}"
            await type_text(pilot, wrong)
            await pilot.press("enter")
            await type_text(pilot, codes[second - 1][2:])
            await pilot.press("enter")
            if attempt < 5:
                assert f"오류 {attempt}/5회" in message(pilot)
        assert "사용이 정지" in message(pilot)
    restarted = Bank.open(bank.data_dir, bank.clock)
    app = KioskApp(restarted)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, **card_holder)
        await pilot.press("4")
        assert "사용이 정지" in message(pilot)
    restarted.close()


async def test_security_card_right_answer(bank: Bank) -> None:
    customer = bank.registry.find_by_rrn("9508172234561")
    assert customer is not None
    codes = bank.cards.codes(customer.id)
    assert codes is not None
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, name="한지우", rrn="950817-2234561", fields=("20160901",))
        await pilot.press("f7")  # the card is with the customer's things
        assert "보안카드" in str(app.screen.query_one("#card", Static).render())
        await pilot.press("escape")
        await pilot.press("4")
        first = int(str(app.screen.query_one("#card-first-label", Label).render()).split("번")[0])
        second = int(
            str(app.screen.query_one("#card-last-label", Label).render()).strip().split("번")[0]
        )
        await type_text(pilot, codes[first - 1][:2])
        await pilot.press("enter")
        await type_text(pilot, codes[second - 1][2:])
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)


async def test_customer_with_locked_otp_is_told_at_once(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, name="오세훈", rrn="870212-1345673", fields=("20120420",))
        await pilot.press("2")
        assert "OTP 오류 10회로 사용이 정지" in message(pilot)


async def test_back_to_auth_after_a_passed_call_starts_afresh(bank: Bank) -> None:
    """이전 after the call passed: no spent call frozen on screen; a new one can be made."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot)
        await pilot.press("3")
        digits = _ars_digits(app)
        await pilot.press("f7")
        await type_text(pilot, digits)
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("escape")
        await wait_for(pilot, Step.AUTH)
        await tick(pilot)
        assert "화면의 번호" not in str(app.screen.query_one("#auth-guide", Static).render())
        await pilot.press("3")  # a new call rings, and the phone has it
        assert _ars_digits(app)
        await pilot.press("f7")
        assert "ARS 전화" in str(app.screen.query_one("#call", Static).render())
