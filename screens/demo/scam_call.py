"""The scam-call lesson for `kiosk demo`: the customer reads the call the trainer
staged on the phone (F7), and puts the phone down (the call itself is staged:
kiosk/training/scam_call.py; the bank's rule: kiosk/bankside/fraud.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Input

from kiosk.core.i18n import Phrase
from kiosk.people import demo_customers
from screens.demo.driver import Driver, ScenarioStuck

if TYPE_CHECKING:
    from screens.app import KioskApp


async def take_call(d: Driver, customer: str) -> None:
    """F7: the phone shows the call (number and the caller's words); Esc hangs up."""
    from screens.modals.phone import PhoneScreen

    phone = demo_customers.find(customer).phone
    calls = [] if phone is None else d.app.devices.calls(phone[1], 1)
    if not calls:
        raise ScenarioStuck("no call on the customer's phone (stage.call)")
    if d.step_caption is None:  # the step's own caption already has the caller's words
        d.tell(Phrase("휴대폰에 모르는 번호 {caller}의 전화가 왔습니다.", caller=calls[0].caller))
    await d.press_for("phone")
    screen = d.app.screen
    if not isinstance(screen, PhoneScreen):
        raise ScenarioStuck("the phone (F7) did not open")
    if screen.view.asking_number:  # before any visit: which phone is in hand
        assert phone is not None
        await d.type(phone[1])
        await d.press("enter")
    # The call's field, under the caller's words: a small screen scrolls to them.
    screen.view.query_one("#keypad", Input).focus()
    await d.pause()  # the room reads the caller's words on the phone
    await d.press_for("back")


def outcome(app: KioskApp) -> dict[str, Any] | None:
    """A 재발급 stopped at the bank's fraud warning: what held it, what was kept."""
    session = app.session
    if not session.scam_stopped:
        return None
    warning, chosen = session.issuance.fraud_warning, session.issuance.chosen
    if warning is None or chosen is None:
        return None
    customer = session.customer
    phone = None if customer is None else app.devices.phone_of(customer.id)
    inbox = [] if phone is None else app.devices.inbox(phone.number, limit=1)
    return {
        "outcome": "scam_stopped",
        "caller": warning.caller,
        "minutes_after_call": warning.minutes_ago,
        "kept_serial": chosen.serial,
        # The bank's 재발급 notice, the last text on the customer's phone.
        "phone_sms": inbox[0][1] if inbox else None,
    }
