"""How every screen of every flow looks at 80×24.

One app run per flow walks it from the home screen and takes a snapshot at each
screen on the way (`Shots`), into the same files `snap_compare` writes. Review a
change with `pytest tests/snapshots -n 0` (a failing run writes
snapshot_report.html) and accept it with `--snapshot-update`."""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
import pickle
import shutil
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest
from pytest_textual_snapshot import (
    PseudoApp,
    PseudoConsole,
    SVGImageExtension,
    node_to_report_path,
)
from rich.console import Console
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.bankside.bank import Bank
from kiosk.certs import cert_files
from kiosk.certs.found_certs import scan
from kiosk.certs.products import BANK_USE, GENERAL_YESSIGN, by_code
from kiosk.core.clock import ManualClock
from kiosk.factors import keypad
from kiosk.people import demo_customers
from kiosk.terminal.media import Medium
from kiosk.training.staging import make_certificate, stage_certificate, stage_cloud_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.widgets.keypad import SecureKeypad
from tests.conftest import TODAY
from tests.ui.kiosk_keys import (
    PASSWORD,
    ROUNDS,
    cut_short,
    identify,
    key_pin,
    keypad_ready,
    keys_cut_off,
    pay_with_account,
    set_password,
    settle,
    type_keys,
    type_text,
    wait_for,
)

Drive = Callable[[Pilot[None]], Awaitable[None]]
NewBank = Callable[[], Bank]


@pytest.fixture
def new_bank(
    data_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[NewBank]:
    """A fresh bank per walk, its serials counted from the same number each time."""
    opened: list[Bank] = []

    def make() -> Bank:
        serials = itertools.count(1_234_500_001)
        monkeypatch.setattr("kiosk.npki.certificate.new_serial_number", lambda: next(serials))
        directory = tmp_path / f"walk-{len(opened)}"
        shutil.copytree(data_template, directory)
        bank = Bank.open(directory, ManualClock(TODAY))
        opened.append(bank)
        return bank

    yield make
    for bank in opened:
        bank.close()


class Shots:
    """Snapshots taken along one walk, compared at the end so every changed screen
    is reported, each into the HTML report as `snap_compare` would."""

    def __init__(self, snapshot: SnapshotAssertion, request: pytest.FixtureRequest) -> None:
        self.snapshot = snapshot.use_extension(SVGImageExtension)
        self.request = request
        self.failed: list[str] = []

    async def take(self, pilot: Pilot[None], name: str | None) -> None:
        """`name` None: the test's one snapshot, named after the test alone."""
        app = pilot.app
        await settle(pilot)
        for screen in app.screen_stack:  # a box's picture shows the screen under it too
            for field in screen.query(Input):
                field.cursor_blink = False  # a blinking cursor would make the picture flicker
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert keys_cut_off(app) == [] and cut_short(app) == [], name
        svg = app.export_screenshot(title=app.title, simplify=True)
        assertion = self.snapshot if name is None else self.snapshot(name=name)
        matched = assertion == svg
        if not matched:
            self.failed.append(str(name))
        self._report(name or "shot", matched, assertion, svg)

    def _report(self, name: str, matched: bool, assertion: SnapshotAssertion, svg: str) -> None:
        node = self.request.node
        console = Console(legacy_windows=False, force_terminal=True)
        pseudo = PseudoApp(PseudoConsole(console.legacy_windows, console.size))
        path, line, test_name = node.reportinfo()
        data = (
            matched,
            str(assertion) if not matched else svg,
            svg,
            pseudo,
            path,
            line,
            f"{test_name}[{name}]",
            inspect.getdoc(node.function) or "",
            "",
            True,
        )
        target = node_to_report_path(node)
        target.with_name(f"{target.name}_{name}").write_bytes(pickle.dumps(data))

    def check(self) -> None:
        assert self.failed == [], f"screens that look different: {self.failed}"


@pytest.fixture
def shots(snapshot: SnapshotAssertion, request: pytest.FixtureRequest) -> Shots:
    return Shots(snapshot, request)


def _run(
    app: KioskApp, size: tuple[int, int] = (80, 24)
) -> AbstractAsyncContextManager[Pilot[None]]:
    """As snap_compare runs an app: 80×24, with notifications and tooltips shown.

    The walk-away countdown in the header stands still and toasts do not expire:
    on a loaded machine seconds can pass between the last key and the picture."""
    app._ticks = lambda: 0.0
    # Toasts stay until the picture, however long a loaded machine takes to get there.
    app.NOTIFICATION_TIMEOUT = 3600
    return app.run_test(size=size, notifications=True, tooltips=True)


def _sms_code(pilot: Pilot[None]) -> str:
    app = pilot.app
    assert isinstance(app, KioskApp)
    body = app.devices.inbox("010-1234-5678", limit=1)[0][1]
    return body.split("[")[2].split("]")[0]


async def _sms(pilot: Pilot[None]) -> None:
    """On 추가인증: SMS, and the code the phone received."""
    await wait_for(pilot, Step.AUTH)
    await pilot.press("1")
    await type_text(pilot, _sms_code(pilot))
    await pilot.press("enter")


async def _otp(pilot: Pilot[None], bank: Bank) -> None:
    """On 보안매체: OTP, and the code the token shows now."""
    app = pilot.app
    assert isinstance(app, KioskApp) and app.session.customer is not None
    shown = bank.auth.current_otp(app.session.customer.id)
    assert shown is not None
    await pilot.press("1")
    await type_text(pilot, shown[0])
    await pilot.press("enter")


async def _home_then(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press("f1", *keys)


async def test_issue_flow_screens(new_bank: NewBank, shots: Shots) -> None:
    async with _run(KioskApp(new_bank())) as pilot:
        await shots.take(pilot, "home")
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await shots.take(pilot, "identity")
        await identify(
            pilot, rrn="780122-1123453", name="박지훈", document=2, fields=("M12345678", "20240531")
        )
        await shots.take(pilot, "identity_refused")
        await _home_then(pilot, "1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot, agree=False)
        await wait_for(pilot, Step.CONSENT)
        await shots.take(pilot, "consent")
        await pilot.press("1")
        await wait_for(pilot, Step.PRODUCT)
        await shots.take(pilot, "product")
        await pilot.press("2")
        await wait_for(pilot, Step.AUTH)
        await shots.take(pilot, "auth")
        await pilot.press("f2")
        await shots.take(pilot, "auth_trainer_panel")
        await pilot.press("f2", "1")
        await shots.take(pilot, "auth_sms_sent")
        await type_text(pilot, _sms_code(pilot))
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)
        await shots.take(pilot, "medium")
        await pilot.press("1")
        await wait_for(pilot, Step.PASSWORD)
        await shots.take(pilot, "password")
        await set_password(pilot, "password1")
        await shots.take(pilot, "password_refused")
        for field in pilot.app.screen.query(Input):
            field.value = ""  # the customer erases both fields and starts again
        pilot.app.screen.query_one("#password").focus()
        await set_password(pilot)
        await wait_for(pilot, Step.CONFIRM)
        await shots.take(pilot, "confirm_fee")
        await pilot.press("1")
        await shots.take(pilot, "confirm_account_password")
        await type_text(pilot, "1234")
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        await shots.take(pilot, "result_issued")
    shots.check()


def _stage(bank: Bank, days_ago: int, product=GENERAL_YESSIGN) -> None:  # type: ignore[no-untyped-def]
    issued_on = bank.clock.now().date() - dt.timedelta(days=days_ago)
    stage_certificate(bank, "김민준", product, issued_on, PASSWORD)


async def test_lifecycle_screens(new_bank: NewBank, shots: Shots) -> None:
    bank = new_bank()
    _stage(bank, 60, BANK_USE)
    async with _run(KioskApp(bank)) as pilot:
        await pilot.press("2")
        await identify(pilot)
        await wait_for(pilot, Step.CHOOSE_CERT)
        await shots.take(pilot, "reissue_choose")
        await pilot.press("1")
        await _sms(pilot)
        await wait_for(pilot, Step.SECURITY_MEDIUM)
        await shots.take(pilot, "reissue_security_medium")
        await _otp(pilot, bank)
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("1")
        await set_password(pilot, "Reissue#2026pw")
        await wait_for(pilot, Step.CONFIRM)
        await shots.take(pilot, "reissue_confirm")
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        await shots.take(pilot, "reissue_result")

    bank = new_bank()
    _stage(bank, 355)
    async with _run(KioskApp(bank)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, Step.OPEN_CERT)
        await pilot.press("1")
        await shots.take(pilot, "renew_open_password")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for(pilot, Step.VID_CHECK)
        await shots.take(pilot, "renew_vid_check")
        # Key by key: the field moves to the back half by itself.
        await type_keys(pilot, demo_customers.find("김민준").rrn.replace("-", ""))
        await pilot.press("enter")
        await _sms(pilot)
        await wait_for(pilot, Step.CONFIRM)
        await shots.take(pilot, "renew_confirm")
        await pay_with_account(pilot)
        await wait_for(pilot, Step.RESULT)
        await shots.take(pilot, "renew_result")

    for days_ago, name in ((100, "renew_too_early"), (400, "renew_expired")):
        bank = new_bank()
        _stage(bank, days_ago)
        async with _run(KioskApp(bank)) as pilot:
            await pilot.press("3")
            await wait_for(pilot, Step.OPEN_CERT)
            await pilot.press("1")
            await shots.take(pilot, name)

    bank = new_bank()
    _stage(bank, 30, BANK_USE)
    async with _run(KioskApp(bank)) as pilot:
        await pilot.press("4")
        await identify(pilot)
        await wait_for(pilot, Step.CHOOSE_CERT)
        await pilot.press("1")
        await _sms(pilot)
        await wait_for(pilot, Step.REVOKE_CONFIRM)
        await shots.take(pilot, "revoke_confirm")
        await pilot.press("1")
        await shots.take(pilot, "revoke_confirm_again")
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        await shots.take(pilot, "revoke_result")
    shots.check()


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


async def test_registration_and_manage_screens(new_bank: NewBank, shots: Shots) -> None:
    bank = new_bank()
    _bring(bank)
    async with _run(KioskApp(bank)) as pilot:
        await pilot.press("5")
        await wait_for(pilot, Step.ACCOUNT_CHECK)
        await pilot.press("1")
        await shots.take(pilot, "register_account_check")
        await type_keys(pilot, "8503151234566")  # the field moves to the back half by itself
        await pilot.press("enter")
        await type_text(pilot, "1002-345-678901")
        await pilot.press("enter")
        await type_text(pilot, "1234")
        await pilot.press("enter")
        await wait_for(pilot, Step.FIND_CERT)
        await shots.take(pilot, "register_find_cert")
        await pilot.press("1")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await _sms(pilot)
        await wait_for(pilot, Step.SECURITY_MEDIUM)
        await shots.take(pilot, "register_security_medium")
        app = pilot.app
        assert isinstance(app, KioskApp) and app.session.customer is not None
        shown = bank.auth.current_otp(app.session.customer.id)
        assert shown is not None
        await pilot.press("1")
        await type_text(pilot, shown[0])
        await pilot.press("enter")
        await wait_for(pilot, Step.REGISTER_CONFIRM)
        await shots.take(pilot, "register_confirm")
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        await shots.take(pilot, "register_result")

    # 인증서 관리 lists the hard disk first: a certificate of the kiosk's there too.
    bank = new_bank()
    _bring(bank)
    _stage(bank, 30, BANK_USE)
    async with _run(KioskApp(bank)) as pilot:
        await pilot.press("7")
        await shots.take(pilot, "manage_menu")
        for action, step, name in (
            ("1", Step.CERT_DETAILS, "manage_details"),
            ("2", Step.CHANGE_PASSWORD, "manage_change_password"),
        ):
            await _home_then(pilot, "7", action)
            await wait_for(pilot, Step.PICK_FILE)
            await pilot.press("1")
            await wait_for(pilot, step)
            await shots.take(pilot, name)
        hdd = next(f for f in scan(bank.media) if f.medium is Medium.HARD_DISK)
        cert_files.copy(hdd, bank.media, Medium.USB)  # the stick holds this one already
        await _home_then(pilot, "7", "3")
        await wait_for(pilot, Step.PICK_FILE)
        await pilot.press("1")
        await shots.take(pilot, "manage_copy_password")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for(pilot, Step.COPY_TARGET)
        await pilot.press("1")
        await shots.take(pilot, "manage_copy_overwrite")
    shots.check()


# --- 금융인증서 ------------------------------------------------------------------------

FIXED_KEYPAD = keypad.Layout(
    ("7", "3", "9", "1", "5", "0", "2", "8", "4", keypad.CLEAR, "6", keypad.BACK)
)


async def test_cloud_certificate_screens(
    new_bank: NewBank, shots: Shots, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kiosk.factors.keypad.shuffled", lambda: FIXED_KEYPAD)
    async with _run(KioskApp(new_bank())) as pilot:
        await pilot.press("8")
        await shots.take(pilot, "fincert_menu")
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await wait_for(pilot, Step.PHONE_CHECK)
        await pilot.click("#phone")
        await type_text(pilot, "010-1234-5678")
        await pilot.press("enter")
        await shots.take(pilot, "fincert_phone_check")
        await type_text(pilot, _sms_code(pilot))
        await pilot.press("enter")
        await wait_for(pilot, Step.FIN_NEW_PIN)
        await keypad_ready(pilot)
        await pilot.press("2", "8")  # two digits in: two dots
        pad = pilot.app.screen.query_one(SecureKeypad)
        for _ in range(ROUNDS):
            if pad.entered == 2:
                break
            await settle(pilot)
        await shots.take(pilot, "fincert_new_pin")
        await pilot.press("backspace", "backspace")
        await key_pin(pilot, "280514")
        await key_pin(pilot, "280514")
        await wait_for(pilot, Step.RESULT)
        await shots.take(pilot, "fincert_issued")

    bank = new_bank()
    stage_cloud_certificate(bank, "김민준", dt.date(2026, 8, 14), "280514")
    async with _run(KioskApp(bank)) as pilot:
        await pilot.press("8", "5")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await wait_for(pilot, Step.FIN_PIN)
        await key_pin(pilot, "135790")
        await shots.take(pilot, "fincert_pin_wrong")
        await key_pin(pilot, "280514")
        await wait_for(pilot, Step.FIN_DETAILS)
        await shots.take(pilot, "fincert_details")
    shots.check()


async def test_large_font_terminal_screens(new_bank: NewBank, shots: Shots) -> None:
    """64×20, a terminal with a large font (issue #21 item 6): the key bar in two rows,
    the title without the service name, the ID documents and carriers two by two."""
    async with _run(KioskApp(new_bank()), (64, 20)) as pilot:
        await shots.take(pilot, "home_64x20")
        await pilot.press("8", "1")  # 금융인증서 발급: the longest titles, the carriers
        await wait_for(pilot, Step.IDENTITY)
        await shots.take(pilot, "identity_64x20")
        await identify(pilot)
        await wait_for(pilot, Step.PHONE_CHECK)
        await shots.take(pilot, "phone_check_64x20")
    shots.check()


async def test_high_contrast_large_text(new_bank: NewBank, shots: Shots) -> None:
    async with _run(KioskApp(new_bank())) as pilot:
        await pilot.press("f11", "f12", "1")
        await wait_for(pilot, Step.IDENTITY)
        await shots.take(pilot, None)
    shots.check()


async def test_staff_and_walk_away_boxes(new_bank: NewBank, shots: Shots) -> None:
    from screens.modals.idle import IdleWarning

    async with _run(KioskApp(new_bank())) as pilot:
        await pilot.press("f10")
        await type_text(pilot, "924613")
        await pilot.press("enter")
        await shots.take(pilot, "operator")
    async with _run(KioskApp(new_bank())) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        pilot.app.push_screen(IdleWarning(25))
        await shots.take(pilot, "idle")
    shots.check()
