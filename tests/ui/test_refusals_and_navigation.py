"""Each refusal shows its reason on the screen where it happened; Home and Back work."""

from __future__ import annotations

import pytest

from kiosk.bankside.bank import Bank
from kiosk.core.refusal import RefusalCode
from kiosk.terminal.media import Medium
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.home import HomeScreen
from tests.ui.kiosk_keys import (
    identify,
    message,
    otp_code_from_trainer_panel,
    pass_sms,
    screen_text,
    set_password,
    settle,
    sms_code_from_trainer_panel,
    type_text,
    wait_for,
)


@pytest.mark.parametrize(
    ("name", "rrn", "document", "fields", "expected"),
    [
        ("김민준", "850315-1234567", 0, ("20150610",), RefusalCode.RRN_BAD_CHECK_DIGIT),
        ("김민준", "850231-1234566", 0, ("20150610",), RefusalCode.RRN_BAD_DATE),
        ("김민준", "85031-", 0, ("20150610",), RefusalCode.RRN_MALFORMED),
        ("홍길동", "850315-1234566", 0, ("20150610",), RefusalCode.NO_SUCH_CUSTOMER),
        ("김민준", "850315-1234566", 0, ("20150611",), RefusalCode.DOCUMENT_MISMATCH),
        ("김민준", "850315-1234566", 0, ("2015",), RefusalCode.BAD_DATE),
        ("김민준", "850315-1234566", 1, ("110512345670",), RefusalCode.DOCUMENT_MISMATCH),
        ("김민준", "850315-1234566", 2, ("M12345678", "20300101"), RefusalCode.DOCUMENT_NOT_HELD),
        ("박지훈", "780122-1123453", 2, ("M12345678", "20240531"), RefusalCode.DOCUMENT_EXPIRED),
        ("이서연", "920708-2345672", 0, ("", ), RefusalCode.BAD_DATE),
    ],
)  # fmt: skip
async def test_identity_refusals_name_the_reason(
    bank: Bank, name: str, rrn: str, document: int, fields: tuple[str, ...], expected: RefusalCode
) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot, name=name, rrn=rrn, document=document, fields=fields)
        await pilot.pause()
        refusal = app.session.last_refusal
        assert refusal is not None and refusal.code is expected
        assert message(pilot) == "⚠ " + refusal.message  # said on the screen, as recorded
        await wait_for(pilot, Step.IDENTITY)
        assert app.session.customer is None


async def test_a_child_under_14_is_sent_to_a_branch_with_a_guardian(bank: Bank) -> None:
    """최유나 (born 2021): her resident number passes without a check digit, her passport
    matches, and the kiosk still says no — a branch, with a legal guardian."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(
            pilot, name="최유나", rrn="210315-4123450", document=2, fields=("M87654321", "20300314")
        )
        await pilot.pause()
        assert "만 14세 미만" in message(pilot) and "법정대리인" in message(pilot)
        assert "창구" in message(pilot)
        refusal = app.session.last_refusal
        assert refusal is not None and refusal.code is RefusalCode.UNDER_AGE
        await wait_for(pilot, Step.IDENTITY)
        assert app.session.customer is None


async def test_a_foreign_resident_shows_the_residence_card(bank: Bank) -> None:
    """왕웨이: 외국인등록증 (등록번호 and 발급일자), no passport needed."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        assert "외국인등록증" in screen_text(pilot)
        await identify(pilot, name="왕웨이", rrn="880909-5123452", document=3, fields=("20190315",))
        await wait_for(pilot, Step.PRODUCT)
        assert app.session.customer is not None and app.session.customer.name == "왕웨이"


async def _to_auth(pilot: object, bank: Bank, **kwargs: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("1")
    await identify(pilot, **kwargs)  # type: ignore[arg-type]
    await wait_for(pilot, Step.PRODUCT)
    await pilot.press("1")
    await wait_for(pilot, Step.AUTH)


async def test_wrong_sms_codes_are_counted_and_the_fifth_voids_the_code(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, bank)
        await pilot.press("1")
        code = await sms_code_from_trainer_panel(pilot)
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        await type_text(pilot, "12ab")
        await pilot.press("enter")
        assert "6자리 숫자" in message(pilot)
        for attempt in range(1, 5):
            await type_text(pilot, wrong)
            await pilot.press("enter")
            assert f"오류 {attempt}/5회" in message(pilot)
        await type_text(pilot, wrong)
        await pilot.press("enter")
        assert "무효" in message(pilot)
        await type_text(pilot, code)  # even the right code no longer works
        await pilot.press("enter")
        assert "무효" in message(pilot)
        await pilot.press("f5")  # a new code
        await pilot.pause()
        await type_text(pilot, await sms_code_from_trainer_panel(pilot))
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)


async def test_sms_code_expires_after_180_seconds(bank: Bank, clock: object) -> None:
    from kiosk.core.clock import ManualClock

    assert isinstance(clock, ManualClock)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, bank)
        await pilot.press("1")
        code = await sms_code_from_trainer_panel(pilot)
        clock.advance(181)
        await type_text(pilot, code)
        await pilot.press("enter")
        assert "인증 시간이 초과되었습니다" in message(pilot)
        await wait_for(pilot, Step.AUTH)


async def test_customer_without_phone_cannot_choose_sms(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, bank, name="정하늘", rrn="900505-1567891", fields=("20100105",))
        await pilot.press("1")
        assert "등록된 휴대폰이 없어 SMS" in message(pilot)
        await pilot.press("2")
        assert "등록된 OTP가 없습니다" in message(pilot)
        # ARS is named as ARS, not SMS, and she is told where to go: 창구, F9.
        await pilot.press("3")
        assert "등록된 휴대폰이 없어 ARS" in message(pilot)
        assert "창구" in message(pilot) and "F9" in message(pilot)


async def test_otp_lock_after_ten_errors_survives_a_restart(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, bank)
        await pilot.press("2")
        code = await otp_code_from_trainer_panel(pilot)
        wrong = f"{(int(code) + 500_000) % 1_000_000:06d}"
        for _ in range(9):
            await type_text(pilot, wrong)
            await pilot.press("enter")
        assert "오류 9/10회" in message(pilot)
        await type_text(pilot, wrong)
        await pilot.press("enter")
        assert "사용이 정지" in message(pilot)
    restarted = Bank.open(bank.data_dir, bank.clock)
    app = KioskApp(restarted)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, restarted)
        await pilot.press("2")
        assert "사용이 정지" in message(pilot)
    restarted.close()


async def test_password_rules_are_named_and_confirmation_must_match(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, bank)
        await pass_sms(pilot)
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("1")
        await wait_for(pilot, Step.PASSWORD)
        await set_password(pilot, "short1!")
        assert "10자리 이상" in message(pilot)
        for field in app.screen.query("Input"):
            field.clear()  # type: ignore[attr-defined]
        await pilot.click("#password")
        await set_password(pilot, "Kiosk!2026pw", again="Kiosk!2026pW")
        assert "일치하지 않습니다" in message(pilot)
        await wait_for(pilot, Step.PASSWORD)
        assert app.session.issuance.password is None


async def test_back_keeps_what_was_typed_and_home_erases_everything(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("escape")
        await wait_for(pilot, Step.CONSENT)
        await pilot.press("escape")
        await wait_for(pilot, Step.IDENTITY)
        assert app.screen.query_one("#name").value == "김민준"  # type: ignore[attr-defined]
        # Focus returns to the last field the customer used, so Enter submits again.
        await pilot.press("enter")
        await wait_for(pilot, Step.CONSENT)
        await pilot.press("1")
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.session.customer is None and app.session.rrn is None
        assert app.screen_stack == [app.screen]
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        assert app.screen.query_one("#name").value == ""  # type: ignore[attr-defined]


async def test_usb_pulled_before_saving_is_reported_and_nothing_is_left(bank: Bank) -> None:
    bank.media.insert_usb()
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, bank)
        await pass_sms(pilot)
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("2")
        await wait_for(pilot, Step.PASSWORD)
        await set_password(pilot)
        await wait_for(pilot, Step.CONFIRM)
        await pilot.press("f3")  # the customer pulls the stick
        await pilot.press("1")
        await settle(pilot)  # the issuing worker answers
        assert message(pilot) == "⚠ USB를 연결해 주세요."
    assert bank.store.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0] == 0
    assert not bank.media.is_present(Medium.USB)
    assert not (bank.media.base / "usb-pulled" / "NPKI").exists()
