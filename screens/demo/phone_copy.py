"""인증서 복사 with the customer's phone for `kiosk demo`: the keys on the kiosk and
on the phone (F7), the 인증번호 read off whichever side shows it, and what the
report says (the scenarios themselves are files in kiosk/training/scenarios)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Static

from kiosk.certs.cert_files import FileAction
from kiosk.core.i18n import Phrase
from kiosk.people import demo_customers
from kiosk.terminal.media import Medium
from kiosk.visit.flows import Step
from screens.demo.driver import Driver, ScenarioStuck

if TYPE_CHECKING:
    from kiosk.training.scenario_files import Scenario
    from screens.app import KioskApp

_CODE = re.compile(r"(\d{4} \d{4} - \d{4} \d{4})")


def _phone_number(customer: str) -> str:
    phone = demo_customers.find(customer).phone
    if phone is None:
        raise ScenarioStuck(f"{customer} has no phone")
    return phone[1]


async def _pick_up(d: Driver, customer: str) -> None:
    """F7, and (a visit that knows no customer) the number of the phone in hand;
    the phone's 인증서 field takes the keys from then on."""
    from screens.modals.phone import PhoneScreen, PhoneView

    await d.press_for("phone")
    screen = d.app.screen
    if not isinstance(screen, PhoneScreen):
        raise ScenarioStuck("the phone (F7) did not open")
    if screen.query_one(PhoneView).asking_number:
        await d.type(_phone_number(customer))
        await d.press("enter")
    else:
        screen.query_one("#copy-field", Input).focus()
        await d.pause()


async def _put_down(d: Driver) -> None:
    """Esc closes the phone, if it is still up: the kiosk, having received the
    certificate meanwhile, may have moved on to 완료 and closed it itself."""
    from screens.modals.phone import PhoneScreen

    if isinstance(d.app.screen, PhoneScreen):
        await d.press_for("back")


def _phone_text(d: Driver) -> str:
    return "\n".join(str(w.render()) for w in d.app.screen.query(Static) if w.display)


async def _phone_keys(d: Driver, text: str) -> None:
    await d.type(text)
    await d.press("enter")


async def export_to_phone(d: Driver, customer: str) -> None:
    """The phone shows its 인증번호 (인증서 가져오기); the customer keys it at the kiosk;
    once the kiosk has sent, the phone (picked up again) takes the certificate."""
    await d.at(Step.PHONE_EXPORT)
    await _pick_up(d, customer)
    await _phone_keys(d, "1")
    found = _CODE.search(_phone_text(d))
    if found is None:
        raise ScenarioStuck("no copy code on the phone")
    d.tell(
        Phrase("휴대폰에 나온 인증번호 {code}을(를) 키오스크에 입력합니다.", code=found.group(1))
    )
    await d.press_for("back")
    await d.type(found.group(1))
    await d.press("enter")
    await d.at(Step.RESULT)
    await _pick_up(d, customer)  # the phone collects what the bank holds for it
    await _put_down(d)


async def import_from_phone(d: Driver, customer: str, medium: Medium, password: str) -> None:
    """The kiosk shows its 인증번호 for the chosen medium; on the phone the customer
    picks the certificate (인증서 내보내기), keys the number and its password."""
    await d.at(Step.PHONE_IMPORT)
    if medium is Medium.USB and not d.app.terminal.media.is_present(Medium.USB):
        await d.press_for("usb")  # the trainer plugs the stick in
    await d.press("1" if medium is Medium.HARD_DISK else "2")
    found = _CODE.search(d.screen_text("#import-code"))
    if found is None:
        raise ScenarioStuck("no copy code on the kiosk")
    d.tell(
        Phrase("키오스크에 나온 인증번호 {code}을(를) 휴대폰에 입력합니다.", code=found.group(1))
    )
    await _pick_up(d, customer)
    await _phone_keys(d, "2")
    await _phone_keys(d, "1")
    await _phone_keys(d, found.group(1))
    await _phone_keys(d, password)
    d.typed_password = password
    # No Esc here: the kiosk collects the certificate on its own look (twice a
    # second) and closes the phone as it moves on to 완료; an Esc racing that look
    # would land on 완료 instead. A headless run, whose keys come faster than any
    # clock, has the kiosk look now rather than wait for its timer.
    from screens.steps.phone_copy import ImportFromPhoneScreen

    for screen in d.app.screen_stack:
        if isinstance(screen, ImportFromPhoneScreen):
            screen.tick()
    await d.at(Step.RESULT)


def outcome(app: KioskApp, scenario: Scenario) -> dict[str, Any]:
    """What a copy with the phone adds to the report: where the phone keeps its copy
    (내보내기), with the password that opens it."""
    files = app.session.files.outcome
    if files is None or files.action is not FileAction.EXPORTED:
        return {}
    wallet = app.phone_wallets.get(_phone_number(scenario.customer))
    received = None if wallet is None or not wallet.received else wallet.received[-1]
    password = next(
        (s.optional_text("password") for s in scenario.steps if s.action == "pick_file"), None
    )
    return {
        "phone_directory": None if received is None else str(received),
        "password": password,
    }
