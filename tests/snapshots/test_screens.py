"""How every screen of every flow looks at 80×24.

Review a change with `pytest tests/snapshots -n 0` (a failing run writes
snapshot_report.html) and accept it with `--snapshot-update`."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Awaitable, Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk import cert_files, demo_customers, keypad
from kiosk.bank import Bank
from kiosk.flows import Step
from kiosk.found_certs import scan
from kiosk.media import Medium
from kiosk.products import BANK_USE, GENERAL_YESSIGN, by_code
from kiosk.training import make_certificate, stage_certificate, stage_cloud_certificate
from screens.app import KioskApp
from screens.keypad import SecureKeypad
from tests.ui.kiosk_keys import (
    PASSWORD,
    cut_short,
    identify,
    key_pin,
    keypad_ready,
    keys_cut_off,
    pay_with_account,
    phone_check,
    set_password,
    type_text,
    wait_for,
)

SnapCompare = Callable[..., bool]
Drive = Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def fixed_randomness(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Serials and DN tags from a counter, so result screens are the same every run."""
    serials = itertools.count(1_234_500_001)
    monkeypatch.setattr("kiosk.npki.certificate.new_serial_number", lambda: next(serials))
    monkeypatch.setattr("kiosk.npki.certificate.new_serial_tag", lambda: "0010023400506789012345")
    yield


def _sms_code(pilot: Pilot[None]) -> str:
    app = pilot.app
    assert isinstance(app, KioskApp)
    body = app.bank.auth.inbox("010-1234-5678", limit=1)[0][1]
    return body.split("[")[2].split("]")[0]


def _steady(pilot: Pilot[None]) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # a blinking cursor would make the picture flicker


def _shot(snap_compare: SnapCompare, bank: Bank, drive: Drive) -> bool:
    async def run_before(pilot: Pilot[None]) -> None:
        await drive(pilot)
        await pilot.pause()
        _steady(pilot)
        assert keys_cut_off(pilot.app) == [] and cut_short(pilot.app) == []

    return snap_compare(KioskApp(bank), terminal_size=(80, 24), run_before=run_before)


async def _nothing(pilot: Pilot[None]) -> None:
    return None


async def _to_identity(pilot: Pilot[None]) -> None:
    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)


async def _identity_refused(pilot: Pilot[None]) -> None:
    await _to_identity(pilot)
    await identify(
        pilot, rrn="780122-1123453", name="박지훈", document=2, fields=("M12345678", "20240531")
    )


async def _to_product(pilot: Pilot[None]) -> None:
    await _to_identity(pilot)
    await identify(pilot)
    await wait_for(pilot, Step.PRODUCT)


async def _to_auth(pilot: Pilot[None]) -> None:
    await _to_product(pilot)
    await pilot.press("2")
    await wait_for(pilot, Step.AUTH)


async def _sms_sent(pilot: Pilot[None]) -> None:
    await _to_auth(pilot)
    await pilot.press("1")


async def _to_medium(pilot: Pilot[None]) -> None:
    await _sms_sent(pilot)
    await type_text(pilot, _sms_code(pilot))
    await pilot.press("enter")
    await wait_for(pilot, Step.MEDIUM)


async def _to_password(pilot: Pilot[None]) -> None:
    await _to_medium(pilot)
    await pilot.press("1")
    await wait_for(pilot, Step.PASSWORD)


async def _password_refused(pilot: Pilot[None]) -> None:
    await _to_password(pilot)
    await set_password(pilot, "password1")


async def _to_confirm(pilot: Pilot[None]) -> None:
    await _to_password(pilot)
    await set_password(pilot)
    await wait_for(pilot, Step.CONFIRM)


async def _account_pin(pilot: Pilot[None]) -> None:
    await _to_confirm(pilot)
    await pilot.press("1")


async def _issued(pilot: Pilot[None]) -> None:
    await _to_confirm(pilot)
    await pay_with_account(pilot)
    await wait_for(pilot, Step.RESULT)


async def _trainer_panel(pilot: Pilot[None]) -> None:
    await _to_auth(pilot)
    await pilot.press("f2")


ISSUE_SCREENS: dict[str, Drive] = {
    "home": _nothing,
    "identity": _to_identity,
    "identity_refused": _identity_refused,
    "product": _to_product,
    "auth": _to_auth,
    "auth_sms_sent": _sms_sent,
    "auth_trainer_panel": _trainer_panel,
    "medium": _to_medium,
    "password": _to_password,
    "password_refused": _password_refused,
    "confirm_fee": _to_confirm,
    "confirm_account_password": _account_pin,
    "result_issued": _issued,
}


@pytest.mark.parametrize("name", list(ISSUE_SCREENS))
def test_issue_flow_screens(name: str, bank: Bank, snap_compare: SnapCompare) -> None:
    assert _shot(snap_compare, bank, ISSUE_SCREENS[name])


def _stage(bank: Bank, days_ago: int, product=GENERAL_YESSIGN) -> None:  # type: ignore[no-untyped-def]
    issued_on = bank.clock.now().date() - dt.timedelta(days=days_ago)
    stage_certificate(bank, "김민준", product, issued_on, PASSWORD)


async def _reissue_choose(pilot: Pilot[None]) -> None:
    await pilot.press("2")
    await identify(pilot)
    await wait_for(pilot, Step.CHOOSE_CERT)


async def _reissue_confirm(pilot: Pilot[None]) -> None:
    await _reissue_choose(pilot)
    await pilot.press("1")
    await wait_for(pilot, Step.AUTH)
    await pilot.press("1")
    await type_text(pilot, _sms_code(pilot))
    await pilot.press("enter")
    await wait_for(pilot, Step.MEDIUM)
    await pilot.press("1")
    await set_password(pilot, "Reissue#2026pw")
    await wait_for(pilot, Step.CONFIRM)


async def _reissued(pilot: Pilot[None]) -> None:
    await _reissue_confirm(pilot)
    await pilot.press("1")
    await wait_for(pilot, Step.RESULT)


async def _renew_open(pilot: Pilot[None]) -> None:
    await pilot.press("3")
    await wait_for(pilot, Step.OPEN_CERT)
    await pilot.press("1")


async def _renew_vid(pilot: Pilot[None]) -> None:
    await _renew_open(pilot)
    await type_text(pilot, PASSWORD)
    await pilot.press("enter")
    await wait_for(pilot, Step.VID_CHECK)


async def _renew_confirm(pilot: Pilot[None]) -> None:
    await _renew_vid(pilot)
    await type_text(pilot, demo_customers.find("김민준").rrn.replace("-", ""))
    await pilot.press("enter")
    await wait_for(pilot, Step.AUTH)
    await pilot.press("1")
    await type_text(pilot, _sms_code(pilot))
    await pilot.press("enter")
    await wait_for(pilot, Step.CONFIRM)


async def _renewed(pilot: Pilot[None]) -> None:
    await _renew_confirm(pilot)
    await pay_with_account(pilot)
    await wait_for(pilot, Step.RESULT)


async def _revoke_confirm(pilot: Pilot[None]) -> None:
    await pilot.press("4")
    await identify(pilot)
    await wait_for(pilot, Step.CHOOSE_CERT)
    await pilot.press("1")
    await wait_for(pilot, Step.REVOKE_CONFIRM)


async def _revoked(pilot: Pilot[None]) -> None:
    await _revoke_confirm(pilot)
    await pilot.press("1")
    await wait_for(pilot, Step.RESULT)


LIFECYCLE_SCREENS: dict[str, tuple[int, Drive]] = {
    "reissue_choose": (60, _reissue_choose),
    "reissue_confirm": (60, _reissue_confirm),
    "reissue_result": (60, _reissued),
    "renew_open_password": (355, _renew_open),
    "renew_too_early": (100, _renew_open),
    "renew_expired": (400, _renew_open),
    "renew_vid_check": (355, _renew_vid),
    "renew_confirm": (355, _renew_confirm),
    "renew_result": (355, _renewed),
    "revoke_confirm": (30, _revoke_confirm),
    "revoke_result": (30, _revoked),
}


@pytest.mark.parametrize("name", list(LIFECYCLE_SCREENS))
def test_lifecycle_screens(name: str, bank: Bank, snap_compare: SnapCompare) -> None:
    days_ago, drive = LIFECYCLE_SCREENS[name]
    _stage(bank, days_ago, BANK_USE if name.startswith(("reissue", "revoke")) else GENERAL_YESSIGN)
    assert _shot(snap_compare, bank, drive)


def _bring(bank: Bank) -> None:
    """김민준's 한국정보인증 certificate on the USB stick he brings."""
    make_certificate(
        bank,
        real_name="김민준",
        rrn_digits="8503151234566",
        product=by_code("kica-general"),
        medium=Medium.USB,
        password=PASSWORD,
        issued_on=bank.clock.now().date() - dt.timedelta(days=30),
    )


async def _register_account(pilot: Pilot[None]) -> None:
    await pilot.press("5")
    await wait_for(pilot, Step.ACCOUNT_CHECK)
    await pilot.press("1")


async def _register_find(pilot: Pilot[None]) -> None:
    await _register_account(pilot)
    await type_text(pilot, "8503151234566")
    await pilot.press("enter")
    await type_text(pilot, "1002-345-678901")
    await pilot.press("enter")
    await type_text(pilot, "1234")
    await pilot.press("enter")
    await wait_for(pilot, Step.FIND_CERT)


async def _register_security(pilot: Pilot[None]) -> None:
    await _register_find(pilot)
    await pilot.press("1")
    await type_text(pilot, PASSWORD)
    await pilot.press("enter")
    await wait_for(pilot, Step.AUTH)
    await pilot.press("1")
    await type_text(pilot, _sms_code(pilot))
    await pilot.press("enter")
    await wait_for(pilot, Step.SECURITY_MEDIUM)


async def _register_confirm(pilot: Pilot[None]) -> None:
    await _register_security(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    customer = app.session.customer
    assert customer is not None
    shown = app.bank.auth.current_otp(customer.id)
    assert shown is not None
    await pilot.press("1")
    await type_text(pilot, shown[0])
    await pilot.press("enter")
    await wait_for(pilot, Step.REGISTER_CONFIRM)


async def _registered(pilot: Pilot[None]) -> None:
    await _register_confirm(pilot)
    await pilot.press("enter")
    await wait_for(pilot, Step.RESULT)


async def _manage_menu(pilot: Pilot[None]) -> None:
    await pilot.press("7")


async def _manage(pilot: Pilot[None], action: str, step: Step) -> None:
    await pilot.press("7", action)
    await wait_for(pilot, Step.PICK_FILE)
    await pilot.press("1")
    await wait_for(pilot, step)


async def _details(pilot: Pilot[None]) -> None:
    await _manage(pilot, "1", Step.CERT_DETAILS)


async def _change_password(pilot: Pilot[None]) -> None:
    await _manage(pilot, "2", Step.CHANGE_PASSWORD)


async def _copy_overwrite(pilot: Pilot[None]) -> None:
    await _manage(pilot, "3", Step.COPY_TARGET)
    await pilot.press("1")  # the stick already holds this certificate


REGISTRATION_SCREENS: dict[str, Drive] = {
    "register_account_check": _register_account,
    "register_find_cert": _register_find,
    "register_security_medium": _register_security,
    "register_confirm": _register_confirm,
    "register_result": _registered,
    "manage_menu": _manage_menu,
    "manage_details": _details,
    "manage_change_password": _change_password,
    "manage_copy_overwrite": _copy_overwrite,
}


@pytest.mark.parametrize("name", list(REGISTRATION_SCREENS))
def test_registration_and_manage_screens(name: str, bank: Bank, snap_compare: SnapCompare) -> None:
    _bring(bank)  # on the USB stick; the manage screens list the hard disk first
    if name.startswith("manage"):
        _stage(bank, 30, BANK_USE)
        hdd = next(f for f in scan(bank.media) if f.medium is Medium.HARD_DISK)
        if name == "manage_copy_overwrite":
            cert_files.copy(hdd, bank.media, Medium.USB)
    assert _shot(snap_compare, bank, REGISTRATION_SCREENS[name])


# --- 금융인증서 ------------------------------------------------------------------------

FIXED_KEYPAD = keypad.Layout(
    ("7", "3", "9", "1", "5", "0", "2", "8", "4", keypad.CLEAR, "6", keypad.BACK)
)


async def _fincert_menu(pilot: Pilot[None]) -> None:
    await pilot.press("8")


async def _fincert_identified(pilot: Pilot[None], service: str) -> None:
    await pilot.press("8", service)
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)


async def _phone_sent(pilot: Pilot[None]) -> None:
    await _fincert_identified(pilot, "1")
    await wait_for(pilot, Step.PHONE_CHECK)
    await pilot.click("#phone")
    await type_text(pilot, "010-1234-5678")
    await pilot.press("enter")


async def _new_pin(pilot: Pilot[None]) -> None:
    await _fincert_identified(pilot, "1")
    await phone_check(pilot)
    await wait_for(pilot, Step.FIN_NEW_PIN)
    await keypad_ready(pilot)
    await pilot.press("2", "8")  # two digits in: two dots
    for _ in range(100):
        if pilot.app.screen.query_one(SecureKeypad).entered == 2:
            break
        await pilot.pause(0.05)
    pilot.app.screen.query_one("#trainer").display = False


async def _pin_wrong(pilot: Pilot[None]) -> None:
    await _fincert_identified(pilot, "5")
    await wait_for(pilot, Step.FIN_PIN)
    await key_pin(pilot, "135790")


async def _fincert_issued(pilot: Pilot[None]) -> None:
    await _fincert_identified(pilot, "1")
    await phone_check(pilot)
    await wait_for(pilot, Step.FIN_NEW_PIN)
    await key_pin(pilot, "280514")
    await key_pin(pilot, "280514")
    await wait_for(pilot, Step.RESULT)
    await pilot.press("f2")  # the trainer panel off again


async def _fincert_details(pilot: Pilot[None]) -> None:
    await _fincert_identified(pilot, "5")
    await wait_for(pilot, Step.FIN_PIN)
    await key_pin(pilot, "280514")
    await wait_for(pilot, Step.FIN_DETAILS)


CLOUD_SCREENS: dict[str, Drive] = {
    "fincert_menu": _fincert_menu,
    "fincert_phone_check": _phone_sent,
    "fincert_new_pin": _new_pin,
    "fincert_pin_wrong": _pin_wrong,
    "fincert_issued": _fincert_issued,
    "fincert_details": _fincert_details,
}


@pytest.mark.parametrize("name", list(CLOUD_SCREENS))
def test_cloud_certificate_screens(
    name: str, bank: Bank, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kiosk.keypad.shuffled", lambda: FIXED_KEYPAD)
    if name in ("fincert_pin_wrong", "fincert_details"):
        stage_cloud_certificate(bank, "김민준", dt.date(2026, 8, 14), "280514")
    assert _shot(snap_compare, bank, CLOUD_SCREENS[name])


async def _accessible_identity(pilot: Pilot[None]) -> None:
    await pilot.press("f11", "f12", "1")
    await wait_for(pilot, Step.IDENTITY)


def test_high_contrast_large_text(bank: Bank, snap_compare: SnapCompare) -> None:
    assert _shot(snap_compare, bank, _accessible_identity)


async def _operator_menu(pilot: Pilot[None]) -> None:
    await pilot.press("f10")
    await type_text(pilot, "924613")
    await pilot.press("enter")
    await pilot.pause()


async def _walk_away_warning(pilot: Pilot[None]) -> None:
    from screens.idle import IdleWarning

    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)
    pilot.app.push_screen(IdleWarning(25))


@pytest.mark.parametrize("drive", [_operator_menu, _walk_away_warning], ids=["operator", "idle"])
def test_staff_and_walk_away_boxes(bank: Bank, snap_compare: SnapCompare, drive: Drive) -> None:
    assert _shot(snap_compare, bank, drive)
