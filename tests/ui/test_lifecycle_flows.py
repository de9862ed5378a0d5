"""재발급, 갱신, 폐기 driven by key presses from the home screen."""

from __future__ import annotations

import datetime as dt
import shutil

from cryptography import x509

from kiosk.bankside.bank import Bank
from kiosk.certs.products import BANK_USE, GENERAL_YESSIGN
from kiosk.npki import crl
from kiosk.npki.revocation import RevocationReason
from kiosk.training.staging import stage_certificate
from kiosk.visit.flows import Service, Step
from screens.app import KioskApp
from tests.ui.kiosk_keys import (
    PASSWORD,
    identify,
    message,
    otp_code_from_trainer_panel,
    pass_sms,
    pay_with_account,
    screen_text,
    set_password,
    type_keys,
    type_text,
    wait_for,
)

MENU_REISSUE, MENU_RENEW, MENU_REVOKE = "2", "3", "4"


def _stage(bank: Bank, days_ago: int, product=GENERAL_YESSIGN):  # type: ignore[no-untyped-def]
    issued_on = bank.clock.now().date() - dt.timedelta(days=days_ago)
    return stage_certificate(bank, "김민준", product, issued_on, PASSWORD)


def _crl_serials(bank: Bank) -> list[int]:
    published = x509.load_der_x509_crl(crl.crl_path(bank.data_dir, BANK_USE.ca).read_bytes())
    return [entry.serial_number for entry in published]


async def test_reissue_from_home(bank: Bank) -> None:
    old = _stage(bank, 60, BANK_USE)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_REISSUE)
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await wait_for(pilot, Step.CHOOSE_CERT)
        assert str(old.serial) in screen_text(pilot)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        # 전자금융사기 예방서비스: a phone channel (SMS or ARS only), then a security medium.
        assert "OTP" not in screen_text(pilot)
        await pass_sms(pilot)
        await wait_for(pilot, Step.SECURITY_MEDIUM)
        await pilot.press("1")
        await type_text(pilot, await otp_code_from_trainer_panel(pilot))
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("1")
        await wait_for(pilot, Step.PASSWORD)
        await set_password(pilot, "Reissue#2026pw")
        await wait_for(pilot, Step.CONFIRM)
        assert "없음" in screen_text(pilot) and str(old.serial) in screen_text(pilot)
        assert "1. 재발급하기" in screen_text(pilot)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        assert f"기존 인증서(일련번호 {old.serial})는 폐기되었습니다" in screen_text(pilot)
    new = app.session.issuance.issued
    assert new is not None and new.not_after == old.not_after and new.fee_paid == 0
    assert _crl_serials(bank) == [old.serial]
    record = bank.certificates.get(old.serial)
    assert record is not None and record.revoke_reason is RevocationReason.SUPERSEDED


async def _open_for_renewal(app: KioskApp, pilot, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(MENU_RENEW)
    await wait_for(pilot, Step.OPEN_CERT)
    await pilot.press("1")
    if app.screen.query_one("#password-row").display:
        await type_text(pilot, password)
        await pilot.press("enter")


async def test_renew_inside_the_window(bank: Bank) -> None:
    old = _stage(bank, 355)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_for_renewal(app, pilot)
        await wait_for(pilot, Step.VID_CHECK)
        await type_keys(pilot, "8503151234566")  # moves to the back half by itself
        await pilot.press("enter")
        await wait_for(pilot, Step.AUTH)
        await pilot.press("2")
        await type_text(pilot, await otp_code_from_trainer_panel(pilot))
        await pilot.press("enter")
        await wait_for(pilot, Step.CONFIRM)
        expected = old.not_after.date().replace(year=old.not_after.year + 1)
        assert f"→ {expected:%Y-%m-%d}" in screen_text(pilot)
        # 확인 says what Enter does here: it renews, it does not issue.
        assert "갱신합니다" in screen_text(pilot) and "발급합니다" not in screen_text(pilot)
        await pay_with_account(pilot)
        await wait_for(pilot, Step.RESULT)
        assert "갱신되었습니다" in screen_text(pilot)
    new = app.session.issuance.issued
    assert new is not None and new.not_after.date() == expected and new.fee_paid == 4400
    assert new.directory == old.directory
    balance = bank.store.db.execute(
        "SELECT balance FROM accounts WHERE number = '1002-345-678901'"
    ).fetchone()[0]
    assert balance == 1_250_000 - 4_400


async def test_renew_refusals_too_early_and_expired_offers_new_issue(bank: Bank) -> None:
    _stage(bank, 100)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_for_renewal(app, pilot)
        opens = (bank.clock.now() - dt.timedelta(days=100)).date()
        assert "갱신은 만료 30일 전부터" in message(pilot)
        assert (
            f"{opens.replace(year=opens.year + 1) - dt.timedelta(days=30):%Y-%m-%d}부터"
            in message(pilot)
        )
    for found in list(bank.media.base.rglob("signCert.der")):
        shutil.rmtree(found.parent)  # that certificate's files are gone from the kiosk
    _stage(bank, 400)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_for_renewal(app, pilot)
        assert "만료된 인증서는 갱신할 수 없습니다" in message(pilot)
        await pilot.press("f6")
        await wait_for(pilot, Step.IDENTITY)
        assert app.session.service is Service.ISSUE


async def test_wrong_certificate_password_is_counted_and_locks_for_the_visit(bank: Bank) -> None:
    _stage(bank, 355)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_for_renewal(app, pilot, "Wrong!2026pw")
        assert "오류 1/5회" in message(pilot)
        for _ in range(4):
            await type_text(pilot, "Wrong!2026pw")
            await pilot.press("enter")
        assert "5회 잘못 입력" in message(pilot)
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        assert "5회 잘못 입력" in message(pilot)
        await wait_for(pilot, Step.OPEN_CERT)


async def test_revoke_from_home(bank: Bank) -> None:
    old = _stage(bank, 30, BANK_USE)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_REVOKE)
        await identify(pilot)
        await wait_for(pilot, Step.CHOOSE_CERT)
        await pilot.press("1")
        # A typed name and resident number are not enough to revoke: 추가인증 first.
        await pass_sms(pilot)
        await wait_for(pilot, Step.REVOKE_CONFIRM)
        await pilot.press("1")  # 분실·유출: asked once more, nothing revoked yet
        await pilot.pause()
        assert "한 번 더" in message(pilot) and "분실·유출" in message(pilot)
        record = bank.certificates.get(old.serial)
        assert record is not None and not record.revoked
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        assert "분실·유출" in screen_text(pilot) and str(old.serial) in screen_text(pilot)
    assert _crl_serials(bank) == [old.serial]
    record = bank.certificates.get(old.serial)
    assert record is not None and record.revoke_reason is RevocationReason.KEY_COMPROMISE
    # A revoked certificate is refused at renewal with its reason.
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_for_renewal(app, pilot)
        assert "폐기된 인증서입니다(사유: 분실·유출)" in message(pilot)
