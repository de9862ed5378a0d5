"""A field beside a list (a certificate's password, a code, an account password): a
digit keyed there belongs to the field, the list is dimmed meanwhile, and Esc gives
the list back instead of leaving the step."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from kiosk.bankside.bank import Bank
from kiosk.visit.flows import Step
from screens.app import KioskApp
from tests.ui.kiosk_keys import (
    PASSWORD,
    identify,
    message,
    pass_sms,
    screen_text,
    to_confirm,
    type_text,
    wait_for,
)
from tests.ui.test_manage_flows import COPY, _stage, open_manage


async def test_esc_in_the_password_field_gives_the_certificate_list_back(bank: Bank) -> None:
    _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_manage(pilot, COPY)
        await pilot.press("1")
        assert app.screen.query_one(OptionList).disabled  # the list takes no keys now
        assert "Esc" in screen_text(pilot)
        await pilot.press("escape")  # the customer wants another certificate
        await pilot.pause()
        assert app.session.step is Step.PICK_FILE
        assert app.screen.query_one(OptionList).has_focus
        await pilot.press("1")
        password = app.screen.query_one("#cert-password", Input)
        assert password.has_focus and password.value == ""
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for(pilot, Step.COPY_TARGET)
        assert "오류" not in message(pilot)


async def test_esc_in_the_code_field_gives_the_methods_back(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        await pilot.press("2")  # OTP: the code field
        assert app.screen.query_one(OptionList).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.step is Step.AUTH and app.screen.query_one(OptionList).has_focus
        await pass_sms(pilot)  # the digit picks SMS now, and lands in no field
        await wait_for(pilot, Step.MEDIUM)


async def test_esc_in_the_account_password_gives_the_accounts_back(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot)
        await to_confirm(pilot, product="2")  # 범용: a fee from an account
        await pilot.press("1")
        assert app.screen.query_one(OptionList).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.step is Step.CONFIRM and app.screen.query_one(OptionList).has_focus
        assert not app.screen.query_one("#pin-row").display
        await pilot.press("1")
        await type_text(pilot, "1234")
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
