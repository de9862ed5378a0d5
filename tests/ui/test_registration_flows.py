"""타기관 인증서 등록/해제 driven by key presses from the home screen."""

from __future__ import annotations

import datetime as dt
import re

from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.certs.found_certs import scan
from kiosk.certs.products import BANK_USE, by_code
from kiosk.npki.revocation import RevocationReason
from kiosk.terminal.media import Medium
from kiosk.training.staging import MadeCertificate, make_certificate, stage_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp
from tests.ui.kiosk_keys import (
    PASSWORD,
    identify,
    message,
    otp_code_from_trainer_panel,
    pass_sms,
    screen_text,
    type_rrn,
    type_text,
    wait_for,
)

MENU_REGISTER, MENU_UNREGISTER = "5", "6"
MINJUN_RRN, MINJUN_ACCOUNT, MINJUN_PIN = "8503151234566", "1002-345-678901", "1234"


def _bring(
    bank: Bank,
    *,
    rrn: str = MINJUN_RRN,
    name: str = "김민준",
    code: str = "kica-general",
    days_ago: int = 30,
) -> MadeCertificate:
    return make_certificate(
        bank,
        real_name=name,
        rrn_digits=rrn,
        product=by_code(code),
        medium=Medium.USB,
        password=PASSWORD,
        issued_on=bank.clock.now().date() - dt.timedelta(days=days_ago),
    )


async def _account_with_pin(pilot: Pilot[None], pin: str = MINJUN_PIN) -> None:
    await wait_for(pilot, Step.ACCOUNT_CHECK)
    await pilot.press("1")
    await type_rrn(pilot, MINJUN_RRN)
    await pilot.press("enter")
    await type_text(pilot, MINJUN_ACCOUNT)
    await pilot.press("enter")
    await type_text(pilot, pin)
    await pilot.press("enter")


async def _pick_and_open(pilot: Pilot[None], password: str = PASSWORD) -> None:
    await wait_for(pilot, Step.FIND_CERT)
    await pilot.press("1")
    await type_text(pilot, password)
    await pilot.press("enter")


async def test_register_another_banks_certificate_from_home(bank: Bank) -> None:
    made = _bring(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_REGISTER)
        await _account_with_pin(pilot)
        await wait_for(pilot, Step.FIND_CERT)
        assert "한국정보인증" in screen_text(pilot) and "김민준" in screen_text(pilot)
        await _pick_and_open(pilot)
        await pass_sms(pilot)
        await wait_for(pilot, Step.SECURITY_MEDIUM)
        assert "1. OTP" in screen_text(pilot) and "2. 보안카드" in screen_text(pilot)
        await pilot.press("1")
        await type_text(pilot, await otp_code_from_trainer_panel(pilot))
        await pilot.press("enter")
        await wait_for(pilot, Step.REGISTER_CONFIRM)
        assert str(made.serial) in screen_text(pilot)
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        text = screen_text(pilot)
        assert "등록되었습니다" in text and "등록된 타기관 인증서" in text
        assert "1. 전자거래범용 (한국정보인증)" in text and str(made.serial) in text
    customer = bank.registry.find_by_rrn(MINJUN_RRN)
    assert customer is not None
    assert [r.serial for r in bank.registrations.active(customer.id)] == [str(made.serial)]


async def test_identity_by_one_won_transfer_read_from_the_trainer_panel(bank: Bank) -> None:
    _bring(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_REGISTER)
        await wait_for(pilot, Step.ACCOUNT_CHECK)
        await pilot.press("2")
        await type_rrn(pilot, MINJUN_RRN)
        await pilot.press("enter")
        await type_text(pilot, MINJUN_ACCOUNT)
        await pilot.press("enter")
        assert "1원을 보냈습니다" in message(pilot)
        await pilot.press("f2")
        await pilot.pause()
        panel = str(app.screen.query_one("#trainer").render())
        memo = re.search(r"입금자명: \D+(\d{4})", panel)
        assert memo, panel
        wrong = f"{(int(memo.group(1)) + 1) % 10_000:04d}"
        await type_text(pilot, wrong)
        await pilot.press("enter")
        assert "오류 1/5회" in message(pilot)
        await type_text(pilot, memo.group(1))
        await pilot.press("enter")
        await wait_for(pilot, Step.FIND_CERT)
        assert app.session.customer is not None and app.session.customer.name == "김민준"


async def test_identity_by_id_document_instead_of_an_account(bank: Bank) -> None:
    _bring(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_REGISTER)
        await wait_for(pilot, Step.ACCOUNT_CHECK)
        await pilot.press("3")
        await wait_for(pilot, Step.IDENTITY)
        assert "[본인확인]" in str(app.screen.query_one("#steps").render())
        await identify(pilot)
        await wait_for(pilot, Step.FIND_CERT)


async def test_account_refusals_are_named_on_the_screen(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_REGISTER)
        await _account_with_pin(pilot, pin="9999")
        assert "계좌 비밀번호가 일치하지 않습니다" in message(pilot) and "1/5" in message(pilot)
        assert app.session.customer is None
        await pilot.press("shift+tab", "shift+tab")  # back to the account number
        account = app.screen.query_one("#account")
        account.value = "1002-456-789012"  # type: ignore[attr-defined]
        await pilot.click("#pin")
        await type_text(pilot, "5678")
        await pilot.press("enter")
        assert "본인 명의의 계좌가 아닙니다" in message(pilot)
        await wait_for(pilot, Step.ACCOUNT_CHECK)


async def test_each_certificate_refusal_is_shown_where_it_happened(bank: Bank) -> None:
    _bring(bank, days_ago=400)  # expired: refused on sight
    _bring(bank, rrn="9207082345672", name="이서연", code="tradesign-general")
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_REGISTER)
        await _account_with_pin(pilot)
        await wait_for(pilot, Step.FIND_CERT)
        order = [f.info.owner_name for f in app.screen.found]  # type: ignore[attr-defined]
        expired_key = str(order.index("김민준") + 1)
        other_key = str(order.index("이서연") + 1)
        assert "[만료]" in screen_text(pilot)
        await pilot.press(expired_key)
        assert "만료된 인증서는 등록할 수 없습니다" in message(pilot)
        await pilot.press(other_key)
        await type_text(pilot, "Wrong!2026pw")
        await pilot.press("enter")
        assert "오류 1/5회" in message(pilot)
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        assert "본인의 인증서가 아닙니다" in message(pilot)
        await wait_for(pilot, Step.FIND_CERT)
    assert app.session.last_refusal is not None
    assert app.session.last_refusal.code == "register_not_mine"


async def test_unregister_from_home_keeps_the_files(bank: Bank) -> None:
    made = _bring(bank)
    customer = bank.registry.find_by_rrn(MINJUN_RRN)
    assert customer is not None
    [found] = scan(bank.media)
    bank.registrations.register(customer, found.info.der)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_UNREGISTER)
        await _account_with_pin(pilot)
        await wait_for(pilot, Step.CHOOSE_REGISTERED)
        assert str(made.serial) in screen_text(pilot)
        await pilot.press("1")
        await wait_for(pilot, Step.UNREGISTER_CONFIRM)
        # What is lost is said before the key that does it.
        assert "해제하면 이 인증서로 한빛은행 인터넷뱅킹" in screen_text(pilot)
        assert len(bank.registrations.active(customer.id)) == 1
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        assert "등록이 해제되었습니다" in screen_text(pilot) and "(없음)" in screen_text(pilot)
    assert bank.registrations.active(customer.id) == []
    assert (made.directory / "signPri.key").is_file()


async def test_unregister_with_nothing_registered_says_so(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_UNREGISTER)
        await _account_with_pin(pilot)
        await wait_for(pilot, Step.CHOOSE_REGISTERED)
        assert "등록된 타기관 인증서가 없습니다" in message(pilot)


async def test_not_yet_valid_revoked_and_already_registered_are_refused(bank: Bank) -> None:
    future = _bring(bank, code="crosscert-general", days_ago=-2)
    registered = _bring(bank, code="tradesign-bank")
    own = stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=10), PASSWORD
    )
    bank.certificates.revoke(own.serial, RevocationReason.KEY_COMPROMISE)
    customer = bank.registry.find_by_rrn(MINJUN_RRN)
    assert customer is not None
    bank.registrations.register(
        customer,
        next(f for f in scan(bank.media) if f.info.serial == registered.serial).info.der,
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_REGISTER)
        await _account_with_pin(pilot)
        await wait_for(pilot, Step.FIND_CERT)
        serials = [f.info.serial for f in app.screen.found]  # type: ignore[attr-defined]
        await pilot.press(str(serials.index(future.serial) + 1))
        assert "아직 유효기간이 시작되지 않은" in message(pilot)
        await pilot.press(str(serials.index(own.serial) + 1))
        assert "폐기된 인증서입니다(사유: 분실·유출" in message(pilot)
        await pilot.press(str(serials.index(registered.serial) + 1))
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        assert "이미 등록된 인증서입니다" in message(pilot)
        await wait_for(pilot, Step.FIND_CERT)
