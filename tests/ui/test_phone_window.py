"""`kiosk phone`: found by the number however it is typed, and a window that says
whose phone it is."""

from __future__ import annotations

import pytest
from textual.widgets import Header

from kiosk.bankside.bank import Bank
from kiosk.bankside.devices import CustomerDevices
from kiosk.people.customers import phone_number_form
from screens.modals.phone import PhoneApp


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("010-1234-5678", "010-1234-5678"),
        ("01012345678", "010-1234-5678"),
        (" 010 1234 5678 ", "010-1234-5678"),
        ("010.1234.5678", "010-1234-5678"),
        ("0111234567", "011-123-4567"),
        ("02-123-4567", "02-123-4567"),  # not a mobile number: as typed
        ("010-1234-567x", "010-1234-567x"),
    ],
)
def test_a_phone_number_is_read_however_it_is_separated(typed: str, kept: str) -> None:
    assert phone_number_form(typed) == kept


def test_the_customer_is_found_by_the_number_without_hyphens(bank: Bank) -> None:
    devices = CustomerDevices(bank)
    with_hyphens = devices.customer_by_phone("010-1234-5678")
    assert with_hyphens is not None and with_hyphens.name == "김민준"
    assert devices.customer_by_phone("01012345678") == with_hyphens


async def test_the_phone_window_says_whose_phone_it_is(bank: Bank) -> None:
    devices = CustomerDevices(bank)
    customer = devices.customer_by_phone("01012345678")
    assert customer is not None
    app = PhoneApp(devices, "010-1234-5678", customer.id, customer.name)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one(Header).display
        assert app.title == "고객 휴대폰"
        assert "김*준 고객의 휴대폰 010-1234-5678" in app.sub_title
        assert "김민준" not in app.sub_title  # a name on a screen is masked


async def test_the_phone_window_shows_the_call_and_the_banks_reissue_text(bank: Bank) -> None:
    """The scam-call lesson on `kiosk phone`: the staged call (number, unknown, the
    caller's words), then the bank's text once a 재발급 is asked at a kiosk."""
    from kiosk.bankside.service import BankService
    from kiosk.certs.products import BANK_USE
    from kiosk.people.customers import DocumentKind
    from kiosk.people.identity import DocumentClaim
    from kiosk.training.scam_call import place_call
    from kiosk.training.staging import stage_certificate
    from kiosk.visit.flows import Service

    devices = CustomerDevices(bank)
    customer = devices.customer_by_phone("010-1234-5678")
    assert customer is not None
    serial = stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date(), "Kiosk!2026pw"
    ).serial
    place_call(bank, "김민준")
    app = PhoneApp(devices, "010-1234-5678", customer.id, customer.name)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        call = str(app.query_one("#call").render())
        assert "070-4812-5530" in call and "모르는 번호" in call and "재발급" in call
        service = BankService(bank)
        visit = service.open_visit(Service.REISSUE)
        claim = DocumentClaim(DocumentKind.RESIDENT_CARD, "20150610")
        service.verify_identity(visit, "김민준", "8503151234566", claim)
        service.agree_terms(visit)
        assert service.begin_reissue(visit, serial) is not None  # held: the call was just now
        app.view.refresh_content()
        await pilot.pause()
        inbox = str(app.query_one("#inbox").render())
        assert "재발급이 신청되었습니다" in inbox and "본인이 아닌 경우 즉시 신고" in inbox
