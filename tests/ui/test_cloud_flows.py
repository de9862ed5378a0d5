"""금융인증서 flows driven by key presses from the home screen, keypad read off the screen."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.certs.products import FINANCIAL
from kiosk.core.refusal import Refused
from kiosk.factors.keypad import POSITION_OF_KEY
from kiosk.npki import crl
from kiosk.npki.revocation import RevocationReason
from kiosk.people.customers import Customer
from kiosk.training.staging import stage_cloud_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.steps.identity import IdentityScreen
from tests.ui.kiosk_keys import (
    identify,
    key_pin,
    keypad_keys,
    message,
    phone_check,
    screen_text,
    type_text,
    wait_for,
)

MENU_FINCERT = "8"
ISSUE, REISSUE, RENEW, RESET, VIEW, DELETE = "1", "2", "3", "4", "5", "6"
PIN = "280514"
NEW_PIN = "917362"
WRONG_PIN = "135790"


def _minjun(bank: Bank) -> Customer:
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    return customer


def _stage(bank: Bank, days_ago: int = 100):  # type: ignore[no-untyped-def]
    issued_on = bank.clock.now().date() - dt.timedelta(days=days_ago)
    return stage_cloud_certificate(bank, "김민준", issued_on, PIN)


async def _start(pilot: Pilot[None], service: str) -> None:
    await pilot.press(MENU_FINCERT)
    await pilot.pause()
    await pilot.press(service)
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)


async def test_issue_with_phone_check_and_shuffled_keypad(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, ISSUE)
        await wait_for(pilot, Step.PHONE_CHECK)
        # A number that is not the registered phone, then garbage, each named.
        await pilot.click("#phone")
        await type_text(pilot, "010-9999-0000")
        await pilot.press("enter")
        await pilot.pause()
        assert "등록된 정보와 다릅니다" in message(pilot)
        await pilot.press(*["backspace"] * 13)
        await type_text(pilot, "전화번호")
        await pilot.press("enter")
        await pilot.pause()
        assert "01로 시작하는 숫자" in message(pilot)
        await pilot.press("escape")  # back to 약관 동의, 본인확인, then on again
        await wait_for(pilot, Step.CONSENT)
        await pilot.press("escape")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("escape")
        await _start(pilot, ISSUE)
        await phone_check(pilot)
        await wait_for(pilot, Step.FIN_NEW_PIN)

        first_layout = keypad_keys(pilot)
        await key_pin(pilot, "123")
        assert "● ● ● ○ ○ ○" in screen_text(pilot)
        assert "123" not in screen_text(pilot).split("PIN")[1].splitlines()[0]
        await pilot.press("backspace", "backspace", "backspace")
        await key_pin(pilot, "123456")
        assert "연속된 숫자" in message(pilot)
        await key_pin(pilot, PIN)
        assert "한 번 더" in screen_text(pilot)
        # A new layout for the confirmation (the same one again has odds of 1 in 3,628,800).
        assert keypad_keys(pilot) != first_layout
        await key_pin(pilot, NEW_PIN)
        assert "처음 입력한 PIN과 다릅니다" in message(pilot)
        await key_pin(pilot, PIN)
        await key_pin(pilot, PIN)
        await wait_for(pilot, Step.RESULT)
        text = screen_text(pilot)
        assert "금융인증서가 발급되었습니다" in text and "금융결제원 클라우드" in text
        assert "2029-11-22" in text
    record = bank.cloud.current(_minjun(bank).id)
    assert record is not None and f"{record.serial}" in text
    record.certificate.verify_directly_issued_by(bank.cas.issuer(FINANCIAL.ca).certificate)
    assert bank.cloud.open(record.customer_id, PIN).record.serial == record.serial
    # Nothing was written to any medium.
    assert not any(p.is_file() for p in bank.media.base.rglob("*"))


async def test_issue_refused_on_the_identity_screen_when_one_exists(bank: Bank) -> None:
    _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, ISSUE)
        await pilot.pause()
        assert isinstance(app.screen, IdentityScreen)
        assert "이미 금융인증서가 있습니다" in message(pilot)
        assert app.session.last_refusal is not None
        assert app.session.last_refusal.code == "fincert_exists"


async def test_view_with_arrows_and_enter_and_wrong_pin_count(bank: Bank) -> None:
    staged = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, VIEW)
        await wait_for(pilot, Step.FIN_PIN)
        await key_pin(pilot, WRONG_PIN)
        assert "PIN이 일치하지 않습니다(오류 1/5회)" in message(pilot)
        # Arrows and Enter: walk the highlight to each digit's button and press it.
        for digit in PIN:
            keys = keypad_keys(pilot)
            target = POSITION_OF_KEY[keys[digit]]
            keypad = app.screen.query_one("#keypad")
            cursor = keypad._cursor  # type: ignore[attr-defined]
            row, col = divmod(target, 3)
            crow, ccol = divmod(cursor, 3)
            moves = (["down"] * ((row - crow) % 4)) + (["right"] * ((col - ccol) % 3))
            await pilot.press(*moves, "enter")
        await wait_for(pilot, Step.FIN_DETAILS)
        text = screen_text(pilot)
        assert str(staged.serial) in text and "서명하고 인증서로 검증했습니다" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state is None  # the key is gone with the visit


async def test_five_wrong_pins_lock_and_the_lock_survives_a_restart(bank: Bank) -> None:
    _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, VIEW)
        await wait_for(pilot, Step.FIN_PIN)
        for _ in range(5):
            await key_pin(pilot, WRONG_PIN)
        assert "5회 잘못 입력하여" in message(pilot)
        assert "PIN 재설정" in screen_text(pilot)
        await key_pin(pilot, PIN)  # the keypad no longer takes digits
        assert app.session.step is Step.FIN_PIN
    restarted = Bank.open(bank.data_dir, bank.clock)
    try:
        app = KioskApp(restarted)
        async with app.run_test(size=(80, 24)) as pilot:
            await _start(pilot, VIEW)
            await pilot.pause()
            assert isinstance(app.screen, IdentityScreen)
            assert "사용이 제한되었습니다" in message(pilot)
    finally:
        restarted.close()


async def test_pin_reset_after_lock(bank: Bank) -> None:
    staged = _stage(bank)
    customer = _minjun(bank)
    for _ in range(5):
        with pytest.raises(Refused):
            bank.cloud.open(customer.id, WRONG_PIN)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, RESET)
        await phone_check(pilot)
        await wait_for(pilot, Step.FIN_NEW_PIN)
        await key_pin(pilot, "000000")
        assert "같은 숫자만 반복한 PIN" in message(pilot)
        await key_pin(pilot, NEW_PIN)
        await key_pin(pilot, NEW_PIN)
        # It cannot be undone: the consequence is stated, and nothing is done yet.
        assert "지금까지 쓰던 PIN으로는 금융인증서를 쓸 수 없고" in message(pilot)
        assert "Enter를 누르면 PIN을 재설정합니다" in screen_text(pilot)
        assert bank.cloud.current(customer.id) is not None
        with pytest.raises(Refused):
            bank.cloud.open(customer.id, NEW_PIN)
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        assert "PIN이 재설정되었습니다" in screen_text(pilot)
    with pytest.raises(Refused):
        bank.cloud.open(customer.id, PIN)
    assert bank.cloud.open(customer.id, NEW_PIN).record.serial == staged.serial


async def test_pin_reset_not_confirmed_changes_nothing(bank: Bank) -> None:
    _stage(bank)
    customer = _minjun(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, RESET)
        await phone_check(pilot)
        await wait_for(pilot, Step.FIN_NEW_PIN)
        await key_pin(pilot, NEW_PIN)
        await key_pin(pilot, NEW_PIN)
        assert "되돌릴 수 없습니다" in message(pilot)
        await pilot.press("escape")  # the customer thinks better of it
        await wait_for(pilot, Step.PHONE_CHECK)
    assert bank.cloud.open(customer.id, PIN).record.serial is not None  # the old PIN works


async def test_renew_keeping_the_pin(bank: Bank) -> None:
    staged = _stage(bank, 3 * 365 - 10)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, RENEW)
        await wait_for(pilot, Step.FIN_PIN)
        await key_pin(pilot, PIN)
        await wait_for(pilot, Step.FIN_NEW_PIN)
        assert "2029-12-03" in screen_text(pilot)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        text = screen_text(pilot)
        assert "갱신되었습니다" in text and "PIN       기존 PIN을 그대로 씁니다." in text
        assert f"기존 금융인증서(일련번호 {staged.serial})는 폐기" in text
    renewed = bank.cloud.open(staged.customer_id, PIN).record
    assert renewed.serial != staged.serial and renewed.not_after.date() == dt.date(2029, 12, 3)


async def test_renew_too_early_is_refused_before_the_pin(bank: Bank) -> None:
    _stage(bank, 100)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, RENEW)
        await pilot.pause()
        assert isinstance(app.screen, IdentityScreen)
        assert "만료 30일 전부터" in message(pilot)


async def test_reissue_revokes_the_lost_one(bank: Bank) -> None:
    staged = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, REISSUE)
        await phone_check(pilot)
        await wait_for(pilot, Step.FIN_NEW_PIN)
        await key_pin(pilot, NEW_PIN)
        await key_pin(pilot, NEW_PIN)
        await wait_for(pilot, Step.RESULT)
        assert f"기존 금융인증서(일련번호 {staged.serial})는 폐기" in screen_text(pilot)
    old = bank.cloud.get(staged.serial)
    assert old is not None and old.revoke_reason is RevocationReason.SUPERSEDED


async def test_delete_asks_then_revokes(bank: Bank) -> None:
    staged = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, DELETE)
        # Knowing a name and a resident number is not enough: the PIN (or the phone).
        await wait_for(pilot, Step.FIN_PIN)
        await key_pin(pilot, PIN)
        await wait_for(pilot, Step.FIN_DELETE_CONFIRM)
        assert str(staged.serial) in screen_text(pilot)
        await pilot.press("escape")
        await wait_for(pilot, Step.FIN_PIN)
        assert bank.cloud.current(staged.customer_id) is not None
        await pilot.press("escape")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("escape")
        await _start(pilot, DELETE)
        await wait_for(pilot, Step.FIN_PIN)
        await key_pin(pilot, PIN)
        await wait_for(pilot, Step.FIN_DELETE_CONFIRM)
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        assert "금융인증서가 삭제되었습니다" in screen_text(pilot)
    assert bank.cloud.current(staged.customer_id) is None
    status = crl.status_from_crls(bank.data_dir, staged.certificate)
    assert status is not None and status.revoked


async def test_delete_with_a_locked_pin_takes_the_phone_instead(bank: Bank) -> None:
    from kiosk.training.staging import lock_cloud_certificate

    staged = _stage(bank)
    lock_cloud_certificate(bank, staged.customer_id)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, DELETE)
        await wait_for(pilot, Step.FIN_PIN)
        assert "F6" in screen_text(pilot) and "휴대폰" in screen_text(pilot)
        await pilot.press("enter")  # the keypad is locked: nothing happens
        assert bank.cloud.current(staged.customer_id) is not None
        await pilot.press("f6")
        await phone_check(pilot)
        await wait_for(pilot, Step.FIN_DELETE_CONFIRM)
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        assert "금융인증서가 삭제되었습니다" in screen_text(pilot)
    assert bank.cloud.current(staged.customer_id) is None


async def test_nothing_to_view_without_a_certificate(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot, VIEW)
        await pilot.pause()
        assert "금융인증서 발급을 이용해 주세요" in message(pilot)
