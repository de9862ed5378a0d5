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
