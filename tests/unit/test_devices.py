"""`[devices]` in kiosk.toml, `--usb-path`/`--printer`, and the printer's bytes (#23)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from escpos.printer import Dummy

from kiosk.terminal import config
from kiosk.terminal.config import ConfigError
from kiosk.terminal.media import MediaBay, Medium, UsbChange, UsbWatch
from kiosk.terminal.printer import PrinterSpec, ReceiptPrinter, escpos_bytes, parse
from kiosk_cli.main import main


def test_devices_default_to_the_simulated_stick_and_the_receipts_folder(tmp_path: Path) -> None:
    loaded = config.load(tmp_path)
    assert loaded.devices.usb is None and not loaded.devices.printer.prints
    assert "[devices]" in (tmp_path / "kiosk.toml").read_text(encoding="utf-8")


def test_devices_name_the_mount_point_and_the_printer(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text(
        '[devices]\nusb = "/media/kiosk/usb"\nprinter = "network:192.0.2.10:9100"\n',
        encoding="utf-8",
    )
    devices = config.load(tmp_path).devices
    assert devices.usb == Path("/media/kiosk/usb")
    assert devices.printer == PrinterSpec("network", "192.0.2.10:9100")


@pytest.mark.parametrize(
    ("table", "complaint"),
    [
        ('[devices]\nscanner = "x"\n', "no key 'scanner'"),
        ("[devices]\nusb = 5\n", "mount point"),
        ('[devices]\nusb = ""\n', "mount point"),
        ('[devices]\nprinter = "laser"\n', "text, lp"),
        ('[devices]\nprinter = "file:"\n', "text, lp"),
        ('[devices]\nprinter = "network:host:99999"\n', "port"),
        ("[devices]\nprinter = 1\n", "string"),
        ('devices = "usb"\n', "table"),
    ],
)
def test_bad_devices_are_refused_with_the_reason(
    tmp_path: Path, table: str, complaint: str
) -> None:
    (tmp_path / "kiosk.toml").write_text(table, encoding="utf-8")
    with pytest.raises(ConfigError, match=complaint):
        config.load(tmp_path)


def test_printer_specs() -> None:
    assert parse("text") == PrinterSpec()
    assert parse("lp") == PrinterSpec("lp", "")
    assert parse("lp:front_desk") == PrinterSpec("lp", "front_desk")
    assert parse("file:/dev/usb/lp0") == PrinterSpec("file", "/dev/usb/lp0")
    assert str(parse("network:printer.local")) == "network:printer.local"


def test_escpos_bytes_initialise_print_korean_and_cut() -> None:
    sent = escpos_bytes("처리결과 확인서\n일련번호  7777\n")
    assert sent.startswith(b"\x1b@")  # ESC @
    assert b"\x1c&" in sent  # FS &: the printer's Korean (KS X 1001) font
    assert "처리결과 확인서\n일련번호  7777\n".encode("euc_kr") in sent
    assert sent.endswith(b"\x1dV\x00")  # GS V: cut


def test_a_character_the_printer_has_no_glyph_for_prints_as_a_question_mark() -> None:
    printed = Dummy()
    ReceiptPrinter(PrinterSpec("file", "x"), lambda spec: printed).print_text("똠방각하 🙂\n")
    assert b"?" in printed.output and "방각하".encode("euc_kr") in printed.output


def test_the_usb_watch_notices_a_stick_coming_and_going(tmp_path: Path) -> None:
    mount = tmp_path / "usb"
    mount.mkdir()
    bay = MediaBay(tmp_path / "data", mount)
    watch = UsbWatch(bay)
    assert watch.poll() is None
    (mount / "file").write_bytes(b"x")
    assert watch.poll() is UsbChange.INSERTED and watch.poll() is None
    assert bay.root(Medium.USB) == mount and bay.is_present(Medium.USB)
    bay.pull_usb()  # the kiosk cannot pull a real stick
    bay.insert_usb()
    assert (mount / "file").exists()
    (mount / "file").unlink()
    assert watch.poll() is UsbChange.PULLED


def test_demo_plays_against_a_real_mount_point_and_a_printer_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kiosk demo --usb-path DIR --printer file:PATH`: the certificate lands on the
    stick where the customer finds it, and the printer's bytes in PATH."""
    stick = tmp_path / "usb"
    stick.mkdir()
    (stick / "사진.jpg").write_bytes(b"\xff\xd8")  # a stick is in the port
    printed = tmp_path / "printer.bin"
    code = main(
        [
            "demo",
            "issue-general-yessign",
            "--headless",
            "--data-dir",
            str(tmp_path / "data"),
            "--usb-path",
            str(stick),
            "--printer",
            f"file:{printed}",
        ]
    )
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0, report
    assert Path(report["directory"]).parent.parent.parent.parent == stick
    assert (Path(report["directory"]) / "signPri.key").is_file()
    assert printed.stat().st_mode & 0o777 == 0o600  # masked, but still the customer's
    sent = printed.read_bytes()
    assert sent.startswith(b"\x1b@\x1c&") and "처리결과 확인서".encode("euc_kr") in sent


def test_a_bad_printer_on_the_command_line_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["demo", "issue-bank", "--headless", "--printer", "laser"])
    assert exited.value.code == 2
    assert "text, lp" in capsys.readouterr().err


def _fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exit_code: int) -> Path:
    """A stand-in for CUPS's `lp` on PATH: it keeps what it was sent and its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    spool = tmp_path / "spool.txt"
    script = bin_dir / "lp"
    script.write_text(f'#!/bin/sh\necho "$@" > {spool}.args\ncat > {spool}\nexit {exit_code}\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    return spool


def test_the_system_print_queue_gets_the_receipt_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = _fake_lp(tmp_path, monkeypatch, 0)
    ReceiptPrinter(parse("lp:front_desk")).print_text("처리결과 확인서\n")
    assert spool.read_text(encoding="utf-8") == "처리결과 확인서\n"
    assert Path(f"{spool}.args").read_text().split() == ["-d", "front_desk"]


def test_a_print_queue_that_refuses_or_is_missing_is_an_offline_printer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.refusal import RefusalCode, Refused

    _fake_lp(tmp_path, monkeypatch, 1)
    with pytest.raises(Refused) as refused:
        ReceiptPrinter(parse("lp")).print_text("x\n")
    assert refused.value.code is RefusalCode.PRINTER_OFFLINE
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(Refused) as missing:
        ReceiptPrinter(parse("lp")).print_text("x\n")
    assert missing.value.code is RefusalCode.PRINTER_OFFLINE
