"""금융인증서 타행 이용 등록, and the 금융인증서 at 본인확인, by key presses from home."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.fincert.cloud_certs import CloudCertificate
from kiosk.training.staging import lock_cloud_certificate, stage_cloud_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.steps.identity import CloudIdentityScreen, IdentityScreen
from tests.ui.kiosk_keys import (
    identify,
    key_pin,
    message,
    phone_check,
    screen_text,
    settle,
    to_confirm,
    type_text,
    wait_for,
)

MENU_ISSUE, MENU_FINCERT, FIN_REGISTER = "1", "8", "7"
PIN = "280514"
WRONG_PIN = "135790"


def _stage(
    bank: Bank, *, at: str = "WOORI", days_ago: int = 200, registered: bool = False
) -> CloudCertificate:
    issued_on = bank.clock.now().date() - dt.timedelta(days=days_ago)
    staged = stage_cloud_certificate(bank, "김민준", issued_on, PIN, issued_by=at)
    if registered:
        staged = bank.cloud.register_here(staged.customer_id, staged.serial)
    return staged


async def _to_choice(pilot: Pilot[None]) -> None:
    await pilot.press(MENU_FINCERT)
    await pilot.pause()
    await pilot.press(FIN_REGISTER)
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)
    await phone_check(pilot)
    await wait_for(pilot, Step.FIN_CHOOSE)


async def test_register_another_banks_fincert_with_a_wrong_pin_first(bank: Bank) -> None:
    staged = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_choice(pilot)
        shown = screen_text(pilot)
        assert "우리은행" in shown and "미등록" in shown
        await pilot.press("enter")
        await wait_for(pilot, Step.FIN_PIN)
        assert "우리은행" in screen_text(pilot)  # the certificate being registered
        await key_pin(pilot, WRONG_PIN)
        assert "PIN이 일치하지 않습니다(오류 1/5회)" in message(pilot)
        assert app.session.step is Step.FIN_PIN
        await key_pin(pilot, PIN)
        await wait_for(pilot, Step.RESULT)
        assert "한빛은행에 등록되었습니다" in screen_text(pilot)
        assert "발급은행  우리은행" in screen_text(pilot)
    record = bank.cloud.get(staged.serial)
    assert record is not None and record.usable_here and record.pin_failures == 0


@pytest.mark.parametrize(
    ("situation", "said"),
    [
        ("none", "다른 은행에서 발급받은 금융인증서가 없습니다"),
        ("own bank", "등록하지 않아도 바로 쓸 수 있습니다"),
        ("registered", "이미 한빛은행에 등록되어 있습니다"),
        ("expired", "만료된 금융인증서입니다"),
        ("locked", "PIN을 5회 잘못 입력하여"),
    ],
)
async def test_what_cannot_be_registered_is_said_on_the_identity_screen(
    bank: Bank, situation: str, said: str
) -> None:
    if situation == "own bank":
        _stage(bank, at="")
    elif situation == "expired":
        _stage(bank, days_ago=3 * 365 + 5)
    elif situation == "registered":
        _stage(bank, registered=True)
    elif situation == "locked":
        lock_cloud_certificate(bank, _stage(bank).customer_id)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_FINCERT)
        await pilot.pause()
        await pilot.press(FIN_REGISTER)
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        assert said in message(pilot)
        assert app.session.step is Step.IDENTITY  # before any phone number or PIN


async def test_locked_meanwhile_is_said_on_the_choice(bank: Bank) -> None:
    staged = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_choice(pilot)
        lock_cloud_certificate(bank, staged.customer_id)  # five wrong PINs at another kiosk
        await pilot.press("1")
        await settle(pilot)
        assert "PIN을 5회 잘못 입력하여" in message(pilot)
        assert app.session.step is Step.FIN_CHOOSE


async def _identity_by_fincert(pilot: Pilot[None], name: str = "김민준") -> None:
    await pilot.press(MENU_ISSUE)
    await wait_for(pilot, Step.IDENTITY)
    await pilot.press("f6")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CloudIdentityScreen)
    await type_text(pilot, name)
    await pilot.press("enter")
    await type_text(pilot, "850315")
    await type_text(pilot, "1234566")
    await pilot.press("enter")
    await settle(pilot)


async def test_issue_with_a_registered_fincert_as_identity(bank: Bank) -> None:
    staged = _stage(bank, registered=True)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _identity_by_fincert(pilot)
        assert "우리은행" in screen_text(pilot)
        await key_pin(pilot, WRONG_PIN)
        assert "오류 1/5회" in message(pilot)
        assert app.session.step is Step.IDENTITY
        await key_pin(pilot, PIN)
        await wait_for(pilot, Step.CONSENT)
        visit = app.session.visit
        assert visit is not None
        proofs = {
            (row["proof"], row["detail"])
            for row in bank.store.db.execute(
                "SELECT proof, detail FROM visit_proofs WHERE visit_id = ?", (visit,)
            )
        }
        assert proofs == {("cloud_signed", str(staged.serial))}
        await pilot.press("1")
        await to_confirm(pilot)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        assert app.session.issuance.issued is not None
    record = bank.cloud.get(staged.serial)
    assert record is not None and record.pin_failures == 0


async def test_an_unregistered_fincert_is_sent_to_registration(bank: Bank) -> None:
    _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _identity_by_fincert(pilot)
        assert "타행 이용 등록" in message(pilot)
        assert app.session.step is Step.IDENTITY and app.session.customer is None
        await pilot.press("f6")  # back to the ID document
        await settle(pilot)
        assert isinstance(app.screen, IdentityScreen)


async def test_fincert_services_do_not_offer_it_at_identity(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_FINCERT)
        await pilot.pause()
        await pilot.press("1")  # 금융인증서 발급: an ID document, as before
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, IdentityScreen)
