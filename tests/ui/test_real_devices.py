"""A kiosk installed at a terminal (#23): the customer's own USB stick in a real port
(`[devices] usb`, a mount point the tests fill and empty by hand) and a receipt
printer (python-escpos; its dummy printer, or a failing one, in the device's place).

The stick is "in" while the mount point is a mount point or a non-empty directory;
the tests move its contents in and out, and ask the kiosk to look (`check_usb`,
what its half-second timer calls) instead of waiting for the timer."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Dummy
from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.bankside.operator import DEFAULT_OPERATOR_PIN
from kiosk.certs.found_certs import scan
from kiosk.certs.products import BANK_USE
from kiosk.npki import layout
from kiosk.terminal import media as media_module
from kiosk.terminal.media import Medium
from kiosk.terminal.printer import PrinterSpec, ReceiptPrinter
from kiosk.training.staging import stage_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.home import SubmenuScreen
from tests.ui.kiosk_keys import (
    PASSWORD,
    identify,
    message,
    pass_sms,
    screen_text,
    set_password,
    settle,
    type_text,
    wait_for,
)

MENU_MANAGE, VIEW, CHANGE = "7", "1", "2"


class Stick:
    """The customer's stick: its files live in `pocket` while it is out of the port."""

    def __init__(self, mount: Path) -> None:
        self.mount = mount
        self.pocket = mount.parent / "pocket"
        self.mount.mkdir(exist_ok=True)
        self.pocket.mkdir(exist_ok=True)

    def fill(self) -> None:
        """The customer's own files: a stick is in the port (the trainer stages onto it)."""
        (self.mount / "사진.jpg").write_bytes(b"\xff\xd8")

    def pull(self) -> None:
        for entry in list(self.mount.iterdir()):
            shutil.move(entry, self.pocket / entry.name)

    def insert(self) -> None:
        for entry in list(self.pocket.iterdir()):
            shutil.move(entry, self.mount / entry.name)


@pytest.fixture
def stick(bank: Bank, tmp_path: Path) -> Stick:
    """A real port with no stick in it yet (an empty mount point)."""
    port = Stick(tmp_path / "usb")
    bank.media.use_usb_mount(port.mount)
    return port


def _stage_on_stick(bank: Bank, stick: Stick, name: str = "김민준") -> None:
    """A certificate on the customer's stick, the stick still in their pocket."""
    stick.fill()
    issued_on = bank.clock.now().date() - dt.timedelta(days=30)
    stage_certificate(bank, name, BANK_USE, issued_on, PASSWORD, Medium.USB)
    stick.pull()


async def _manage(pilot: Pilot[None], action: str) -> None:
    await pilot.press(MENU_MANAGE)
    await pilot.pause()
    assert isinstance(pilot.app.screen, SubmenuScreen)
    await pilot.press(action)
    await wait_for(pilot, Step.PICK_FILE)


async def _usb_seen(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.check_usb()
    await pilot.pause()


# --- the stick -----------------------------------------------------------------


def test_an_empty_mount_point_is_no_stick_and_content_or_a_mount_is(tmp_path: Path) -> None:
    mount = tmp_path / "usb"
    assert not media_module.stick_present(mount)  # no such path
    mount.mkdir()
    assert not media_module.stick_present(mount)  # what an automounter leaves behind
    (mount / "photo.jpg").write_bytes(b"\xff\xd8")
    assert media_module.stick_present(mount)


def test_a_read_only_stick_is_seen_as_read_only(tmp_path: Path) -> None:
    """A real read-only file system (a tmpfs mounted ro), where the machine allows it."""
    import subprocess

    mount = tmp_path / "usb"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        bay = media_module.MediaBay(tmp_path / "data", mount)
        assert bay.is_present(Medium.USB)  # an empty stick: it is a mount point
        assert bay.is_read_only(Medium.USB)
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_training_reset_never_touches_the_customers_stick(bank: Bank, tmp_path: Path) -> None:
    mount = bank.media.base / "usb"  # even where the simulated stick would be
    mount.mkdir()
    (mount / "mine.txt").write_text("the customer's")
    bank.media.use_usb_mount(mount)
    bank.media.clear()
    assert (mount / "mine.txt").read_text() == "the customer's"


async def test_a_stick_put_in_is_listed_and_read(bank: Bank, stick: Stick) -> None:
    _stage_on_stick(bank, stick)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _manage(pilot, VIEW)
        assert "인증서를 찾지 못했습니다" in message(pilot)
        await pilot.press("f3")  # a real port: F3 simulates nothing
        await pilot.pause()
        assert "인증서를 찾지 못했습니다" in message(pilot)
        stick.insert()
        await _usb_seen(pilot)
        assert "김민준" in screen_text(pilot) and "USB" in screen_text(pilot)
        assert message(pilot) == ""
        await pilot.press("1")
        await wait_for(pilot, Step.CERT_DETAILS)
        assert "이동식디스크(USB)" in screen_text(pilot)


async def test_a_stick_pulled_while_its_certificate_is_chosen_says_so(
    bank: Bank, stick: Stick
) -> None:
    """#19 item 8: not "개인키 파일(signPri.key)이 없습니다" — the stick went."""
    _stage_on_stick(bank, stick)
    stick.insert()
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _manage(pilot, CHANGE)
        await pilot.press("1")
        await wait_for(pilot, Step.CHANGE_PASSWORD)
        stick.pull()  # before the kiosk's next look at the port
        for text in (PASSWORD, "Changed#2026pw", "Changed#2026pw"):
            await type_text(pilot, text)
            await pilot.press("enter")
        assert "USB가 분리되었습니다" in message(pilot)
        assert "signPri.key" not in message(pilot)


async def test_a_stick_pulled_from_the_list_drops_the_chosen_certificate(
    bank: Bank, stick: Stick
) -> None:
    """On a list with a password field (갱신's 인증서 선택), the pull is told at once."""
    stick.fill()
    issued_on = bank.clock.now().date() - dt.timedelta(days=365 - 10)  # renewable
    stage_certificate(bank, "김민준", BANK_USE, issued_on, PASSWORD, Medium.USB)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")  # 갱신
        await wait_for(pilot, Step.OPEN_CERT)
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.query_one("#password-row").display
        stick.pull()
        await _usb_seen(pilot)
        assert "USB가 분리되었습니다" in message(pilot)
        assert not app.screen.query_one("#password-row").display
        assert "김민준" not in screen_text(pilot)


async def test_a_stick_without_npki_says_so(bank: Bank, stick: Stick) -> None:
    stick.fill()
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _manage(pilot, VIEW)
        assert "NPKI" in message(pilot) and "USB" in message(pilot)


async def test_several_certificates_on_a_stick_are_all_offered(bank: Bank, stick: Stick) -> None:
    stick.fill()
    issued_on = bank.clock.now().date() - dt.timedelta(days=30)
    for name in ("김민준", "이서연"):
        stage_certificate(bank, name, BANK_USE, issued_on, PASSWORD, Medium.USB)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _manage(pilot, VIEW)
        assert "USB에 인증서가 2개 있습니다" in message(pilot)
        assert "김민준" in screen_text(pilot) and "이서연" in screen_text(pilot)


async def test_unreadable_certificate_files_are_told_not_hidden(bank: Bank, stick: Stick) -> None:
    stick.fill()
    issued_on = bank.clock.now().date() - dt.timedelta(days=30)
    stage_certificate(bank, "김민준", BANK_USE, issued_on, PASSWORD, Medium.USB)
    broken = stick.mount / "NPKI" / "yessign" / "USER" / "cn=broken"
    broken.mkdir(parents=True)
    (broken / "signCert.der").write_bytes(b"not a certificate")
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _manage(pilot, VIEW)
        assert "인증서 1개는 파일이 손상되었거나 읽을 수 없어" in message(pilot)
        assert "김민준" in screen_text(pilot)  # the good one is still offered


async def _to_medium(pilot: Pilot[None]) -> None:
    await pilot.press("1")
    await identify(pilot)
    await wait_for(pilot, Step.PRODUCT)
    await pilot.press("1")
    await pass_sms(pilot)
    await wait_for(pilot, Step.MEDIUM)


async def test_a_certificate_is_written_to_a_stick_put_in_at_the_medium_step(
    bank: Bank, stick: Stick
) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_medium(pilot)
        assert "(연결 안 됨)" in screen_text(pilot)
        await pilot.press("2")
        assert message(pilot) == "⚠ USB를 연결해 주세요."
        stick.fill()  # the customer's own stick
        await _usb_seen(pilot)
        assert "(연결됨)" in screen_text(pilot)
        await pilot.press("2")
        await wait_for(pilot, Step.PASSWORD)
        await set_password(pilot)
        await wait_for(pilot, Step.CONFIRM)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
    certs = list(stick.mount.glob("NPKI/*/USER/*/signCert.der"))
    assert len(certs) == 1 and (certs[0].parent / "signPri.key").is_file()
    assert (stick.mount / "사진.jpg").exists()  # nothing else on the stick touched


async def test_a_stick_pulled_mid_write_leaves_nothing_half_written(
    bank: Bank, stick: Stick, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick.fill()
    real_write = layout._write_files

    def pulled_while_writing(directory: Path, files: dict[str, bytes]) -> None:
        stick.pull()  # the customer pulls the stick as the key file is written
        real_write(directory, files)

    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_medium(pilot)
        await pilot.press("2")
        await wait_for(pilot, Step.PASSWORD)
        await set_password(pilot)
        await wait_for(pilot, Step.CONFIRM)
        monkeypatch.setattr(layout, "_write_files", pulled_while_writing)
        await pilot.press("1")
        await settle(pilot)
        assert "USB가 분리되어 인증서를 저장하지 못했습니다" in message(pilot)
        assert app.session.issuance.issued is None
        assert bank.store.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0] == 0
        app.check_usb()  # the half-second look notices the stick is out
        # Put back in (ten minutes on: a younger staging directory may be another
        # write still in progress), the kiosk sweeps the hidden leftovers.
        monkeypatch.setattr(layout, "STAGING_LEFTOVER_SECONDS", 0)
        stick.insert()
        app.check_usb()
        await settle(pilot)
        assert scan(bank.media) == []  # no certificate on it, half-written or whole
        assert [p for p in stick.mount.rglob("*") if p.name.startswith(".")] == []


async def test_a_write_protected_stick_is_refused_at_the_medium_step(
    bank: Bank, stick: Stick, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick.fill()
    monkeypatch.setattr(media_module, "read_only", lambda path: True)  # the lock switch on
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_medium(pilot)
        assert "쓰기 금지" in screen_text(pilot)
        await pilot.press("2")
        assert "쓰기 금지되어 있어 저장할 수 없습니다" in message(pilot)
        assert app.session.step is Step.MEDIUM


# --- the printer -----------------------------------------------------------------


class PaperOut(Dummy):  # type: ignore[misc]
    """A printer whose paper sensor says the roll is empty (DLE EOT 4 → 0x72)."""

    def _read(self) -> bytes:
        return bytes([0x72])


def _offline(spec: PrinterSpec) -> Dummy:
    raise DeviceNotFoundError("no printer at /dev/usb/lp0")


def _printer(connect: Callable[[PrinterSpec], Dummy]) -> ReceiptPrinter:
    return ReceiptPrinter(PrinterSpec("file", "/dev/usb/lp0"), connect)


async def _issue_free(pilot: Pilot[None]) -> None:
    await _to_medium(pilot)
    await pilot.press("1")
    await wait_for(pilot, Step.PASSWORD)
    await set_password(pilot)
    await wait_for(pilot, Step.CONFIRM)
    await pilot.press("1")
    await wait_for(pilot, Step.RESULT)


async def test_the_receipt_goes_to_the_thermal_printer_in_korean(bank: Bank) -> None:
    printed = Dummy()
    app = KioskApp(bank)
    app.terminal.printer = _printer(lambda spec: printed)
    async with app.run_test(size=(80, 24)) as pilot:
        await _issue_free(pilot)
        assert "처리결과 확인서를 출력했습니다" in screen_text(pilot)
        assert message(pilot) == ""
    sent = printed.output
    assert sent.startswith(b"\x1b@\x1c&")  # initialise, Korean double-byte mode
    assert "처리결과 확인서".encode("euc_kr") in sent
    assert "김*준 850315-1******".encode("euc_kr") in sent
    assert b"1234566" not in sent
    assert sent.endswith(b"\x1dV\x00")  # cut


@pytest.mark.parametrize(
    ("connect", "told", "code"),
    [
        (_offline, "프린터가 응답하지 않아", "printer_offline"),
        (lambda spec: PaperOut(), "프린터에 용지가 없어", "printer_paper_out"),
    ],
)
async def test_a_printer_failure_is_told_and_audited_and_the_service_stays_done(
    bank: Bank, connect: Callable[[PrinterSpec], Dummy], told: str, code: str
) -> None:
    app = KioskApp(bank)
    app.terminal.printer = _printer(connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await _issue_free(pilot)
        assert told in message(pilot) and "재출력" in message(pilot)
        assert "인증서가 발급되었습니다" in screen_text(pilot)
        assert "키오스크에 보관되었습니다" in screen_text(pilot)
        issued, receipt = app.session.issuance.issued, app.session.receipt
    assert issued is not None and receipt is not None and receipt.is_file()
    assert bank.store.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0] == 1
    entries = [(e.service, e.outcome, e.reason) for e in bank.audit.latest(5)]
    assert ("issue", "receipt_not_printed", code) in entries
    assert ("issue", "done", "") in entries


async def test_staff_reprint_the_kept_receipt_from_the_operator_screen(bank: Bank) -> None:
    app = KioskApp(bank)
    app.terminal.printer = _printer(lambda spec: PaperOut())
    async with app.run_test(size=(80, 24)) as pilot:
        await _issue_free(pilot)
        receipt = app.session.receipt
        assert receipt is not None
        await pilot.press("enter")  # the customer leaves; staff refill the paper
        refilled = Dummy()
        app.terminal.printer = _printer(lambda spec: refilled)
        await pilot.press("f10")
        await pilot.pause()
        await type_text(pilot, DEFAULT_OPERATOR_PIN)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        assert receipt.name in message(pilot) and "다시 출력했습니다" in message(pilot)
    assert receipt.read_text(encoding="utf-8").encode("euc_kr") in refilled.output
