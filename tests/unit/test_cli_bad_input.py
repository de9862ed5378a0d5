"""Bad input to the command line (a damaged data directory, a wrong setting, dates
out of range, endless stdin, a port in use, a reader gone): one line naming the
problem and what to do, a non-zero exit, no traceback, and nothing lost."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.bankside.bank import Bank
from kiosk.certs import renewal
from kiosk.certs.cert_files import details
from kiosk.certs.found_certs import FoundCertificate
from kiosk.certs.issuance import IssueRequest, issue
from kiosk.certs.products import BANK_USE, CaId, Product, by_code
from kiosk.certs.registration import check_on_sight
from kiosk.core.clock import ManualClock
from kiosk.npki import reader
from kiosk.people.rrn import parse
from kiosk.terminal.media import Medium
from kiosk.training.staging import make_certificate, stage_cloud_certificate
from kiosk_cli.main import main
from tests.conftest import TODAY


def _run(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str | bytes = "",
) -> tuple[int, str, str]:
    if isinstance(stdin, bytes):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    else:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _stopped(code: int, err: str, *says: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("오류: "), err  # one line
    for words in says:
        assert words in err, err


def _files(data_dir: Path) -> dict[str, bytes]:
    """Every file of the data directory, as bytes: what a failed start must leave."""
    return {
        str(path.relative_to(data_dir)): path.read_bytes()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file()
    }


def _operator_pin(data_dir: Path, *more: str) -> list[str]:
    return ["operator-pin", "--data-dir", str(data_dir), *more]


# --- kiosk.toml -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("x = [\n", "TOML 문법 오류"),
        ("[kiosk]\nidle_seconds = 1e30\n", "idle_seconds은(는) 30~3600 사이의 정수"),
        ('[kiosk]\nidle_seconds = "abc"\n', "idle_seconds은(는) 30~3600 사이의 정수"),
        ("[kiosk]\nidle_seconds = -5\n", "idle_seconds은(는) 30~3600 사이의 정수"),
        ("kiosk = 5\n", "[kiosk]은(는) 표"),
        ("keys = [1, 2]\n", "[keys]은(는) 표"),
        ('[keys]\nnew_issue = "DES"\n', "[keys] new_issue"),
        ("[kiosk]\nidle_secondz = 60\n", "알 수 없는 설정 [kiosk] idle_secondz"),
        ('[bindings]\nhome = "f1;rm"\n', "[bindings] home"),
    ],
)
def test_a_wrong_setting_stops_the_start_and_says_which(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    says: str,
) -> None:
    (data_dir / "kiosk.toml").write_text(text, encoding="utf-8")
    before = _files(data_dir)
    code, out, err = _run(_operator_pin(data_dir), capsys, monkeypatch, "55550000\n")
    _stopped(code, err, says, "kiosk.toml", "지우면 기본값으로 다시 만듭니다")
    assert out == "" and _files(data_dir) == before


# --- the database and the secret ----------------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def _wrong_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:16] = b"SQLite format 2\x00"
    path.write_bytes(bytes(data))


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_truncate, "파일이 잘렸습니다"),
        (_garbage, "SQLite 데이터베이스가 아닙니다"),
        (_wrong_header, "SQLite 데이터베이스가 아닙니다"),
        (_directory, "폴더입니다"),
        # SQLite would take an empty file for a new database and seed it again.
        (_empty, "비어 있습니다(0바이트)"),
    ],
)
def test_a_database_that_is_not_one_stops_the_start(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    damage: Any,
    says: str,
) -> None:
    damage(data_dir / "kiosk.sqlite3")
    before = _files(data_dir)
    code, _, err = _run(_operator_pin(data_dir), capsys, monkeypatch, "55550000\n")
    _stopped(code, err, "kiosk.sqlite3", says)
    assert _files(data_dir) == before  # not repaired, not re-seeded, nothing new


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda path: path.unlink(), "없습니다"),
        (_empty, "비어 있거나 손상되었습니다(0바이트)"),
        (lambda path: path.write_bytes(b"short"), "손상되었습니다(5바이트)"),
        (_directory, "폴더입니다"),
    ],
)
def test_a_lost_secret_is_never_made_again_over_existing_books(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    damage: Any,
    says: str,
) -> None:
    """A new store.secret would make every customer unknown: the start stops instead."""
    damage(data_dir / "store.secret")
    before = _files(data_dir)
    code, _, err = _run(_operator_pin(data_dir), capsys, monkeypatch, "55550000\n")
    _stopped(code, err, "store.secret", says, "백업")
    assert _files(data_dir) == before


def test_a_lost_cloud_secret_is_never_made_again_over_sealed_certificates(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = Bank.open(data_dir, ManualClock(TODAY))
    try:
        stage_cloud_certificate(bank, "김민준", TODAY.date(), "280514")
    finally:
        bank.close()
    (data_dir / "cloud" / "hsm.secret").unlink()
    code, _, err = _run(_operator_pin(data_dir), capsys, monkeypatch, "55550000\n")
    _stopped(code, err, "hsm.secret", "없습니다")
    assert not (data_dir / "cloud" / "hsm.secret").exists()


def test_a_new_data_directory_still_sets_itself_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "new" / "data"
    code, out, _ = _run(_operator_pin(data_dir), capsys, monkeypatch, "55550000\n")
    assert code == 0 and "운영자 PIN을 바꾸었습니다" in out
    assert len((data_dir / "store.secret").read_bytes()) == 32
    assert sorted(path.name for path in (data_dir / "crl").iterdir()) != []


def test_a_read_only_data_directory_is_named(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The books open read-only, as on a medium mounted read-only."""
    connect = sqlite3.connect

    def read_only(path: Path, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        return connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr("kiosk.storage.store.sqlite3.connect", read_only)
    before = _files(data_dir)
    code, _, err = _run(_operator_pin(data_dir), capsys, monkeypatch, "55550000\n")
    _stopped(code, err, "readonly database", "권한과 남은 디스크 공간을 확인해 주세요")
    assert _files(data_dir) == before


def test_a_data_directory_that_refuses_writes_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new data directory on a read-only file system: the first file it writes fails."""
    data_dir = tmp_path / "data"
    real_open = os.open

    def refusing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and str(path).startswith(str(data_dir)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("os.open", refusing)
    code, _, err = _run(_operator_pin(data_dir), capsys, monkeypatch, "55550000\n")
    _stopped(code, err, "kiosk.toml", "Read-only file system", "권한과 남은 디스크 공간")


def test_the_data_directory_being_a_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    code, _, err = _run(_operator_pin(tmp_path / "data"), capsys, monkeypatch, "55550000\n")
    _stopped(code, err, "폴더가 아닌 파일입니다")


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2014-12-31", "2041-01-01"])
def test_today_out_of_the_kiosks_years_is_refused_before_anything_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, day: str
) -> None:
    data_dir = tmp_path / "data"
    with pytest.raises(SystemExit) as stopped:
        _run(_operator_pin(data_dir, "--today", day), capsys, monkeypatch, "55550000\n")
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "Traceback" not in err
    assert "2015-01-01부터 2040-12-31까지" in err and day in err
    assert not data_dir.exists()  # no empty crl/ left behind to stop later CRLs


def test_issued_out_of_range_is_refused_too(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["fincert", "--data-dir", str(data_dir), "--customer", "김민준"]
    with pytest.raises(SystemExit):
        _run([*args, "--issued", "9999-12-31"], capsys, monkeypatch)
    assert "2040-12-31까지" in capsys.readouterr().err
    code, _, _ = _run([*args, "--today", "2040-12-31"], capsys, monkeypatch)
    assert code == 0  # the last day issues: its three years fit the arithmetic


def test_a_first_start_that_left_crl_empty_publishes_on_the_next(data_dir: Path) -> None:
    shutil.rmtree(data_dir / "crl")
    (data_dir / "crl").mkdir()
    Bank.open(data_dir, ManualClock(TODAY)).close()
    published = {path.name for path in (data_dir / "crl").iterdir() if path.name[0] != "."}
    assert published == {f"{ca.value}.crl" for ca in CaId} | {"root.arl"}


def test_a_certificate_without_an_end_is_shown_and_checked_without_overflowing(
    bank: Bank, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """X.509's "no end" is 9999-12-31 23:59:59 UTC: in KST that is the year 10000."""
    no_end = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    monkeypatch.setattr(
        Product, "validity_from", lambda self, now: (now.replace(microsecond=0), no_end)
    )
    made = make_certificate(
        bank,
        real_name="홍길동",
        rrn_digits="9001011234568",
        product=by_code("kica-general"),
        medium=Medium.USB,
        password="Kiosk!2026pw",
    )
    monkeypatch.undo()
    found = FoundCertificate(Medium.USB, reader.load(made.directory))
    now = bank.clock.now()
    shown = {detail.label: detail.value for detail in details(found, now, bank.data_dir)}
    assert shown["상태"] == "정상" and shown["유효기간"].endswith("~ 9999-12-31")
    check_on_sight(found, now)  # registrable: valid, and not before its start
    assert renewal.window(no_end, now).state is renewal.RenewalState.TOO_EARLY
    code, out, _ = _run(["cert", "show", str(made.directory)], capsys, monkeypatch)
    assert code == 0 and '"not_after": "9999-12-31T23:59:59+00:00"' in out


# --- stdin --------------------------------------------------------------------------


@pytest.fixture
def cert_dir(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["cert", "make", "--data-dir", str(data_dir), "--customer", "김민준"]) == 0
    import json

    return Path(json.loads(capsys.readouterr().out)["directory"])


def test_a_password_that_is_not_text_is_named(
    cert_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["cert", "show", str(cert_dir), "--password-stdin"]
    code, out, err = _run(args, capsys, monkeypatch, b"\xff\xfe\x00\x9c\n")
    _stopped(code, err, "UTF-8")
    assert out == ""


def test_endless_stdin_is_cut_at_a_kibibyte(
    cert_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten megabytes without a line end (what /dev/zero gives): not read to the end."""
    stream = io.BytesIO(b"\x00" * 10_000_000)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(stream))
    code = main(["cert", "show", str(cert_dir), "--password-stdin"])
    err = capsys.readouterr().err
    _stopped(code, err, "1024바이트보다 깁니다")
    assert stream.tell() <= 64 * 1024  # one buffer's worth, not the whole stream


def test_every_stdin_reader_is_capped(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    long_line = "9" * 2000 + "\n"
    where = ["--data-dir", str(data_dir)]
    for args in (
        ["operator-pin", *where],
        ["fincert", *where, "--customer", "김민준", "--pin-stdin"],
        ["cert", "make", *where, "--customer", "김민준", "--password-stdin"],
    ):
        code, _, err = _run(args, capsys, monkeypatch, long_line)
        _stopped(code, err, "1024바이트")


@pytest.mark.slow
def test_dev_zero_on_stdin(cert_dir: Path, data_dir: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk_cli", "cert", "show", str(cert_dir), "--password-stdin"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "1024바이트보다 깁니다" in done.stderr


# --- ports ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["serve"], ["bank", "serve", "--data-dir", "x"]])
@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_a_port_that_is_not_one_is_refused(
    capsys: pytest.CaptureFixture[str], command: list[str], port: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([*command, "--port", port])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "포트는 1~65535의 숫자입니다" in err
    assert "Traceback" not in err


@pytest.fixture
def port_in_use() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def test_the_bank_on_a_port_in_use_says_so(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    port_in_use: int,
) -> None:
    args = ["bank", "serve", "--data-dir", str(data_dir), "--host", "127.0.0.1"]
    code, _, err = _run([*args, "--port", str(port_in_use)], capsys, monkeypatch)
    _stopped(code, err, f"127.0.0.1:{port_in_use}", "address already in use", "다른 --port")


@pytest.mark.slow
def test_the_browser_room_on_a_port_in_use_says_so(data_dir: Path, port_in_use: int) -> None:
    where = ["--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", str(port_in_use)]
    done = subprocess.run(
        [sys.executable, "-m", "kiosk_cli", "serve", *where],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"127.0.0.1:{port_in_use}" in done.stderr and "address already in use" in done.stderr


# --- a reader gone (`| head`) ----------------------------------------------------------


class _GoneReader(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no descriptor")


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--list"],
        ["cert", "make", "--customer", "김민준"],
        ["fincert", "--customer", "김민준"],
        ["operator-pin"],
        ["bank", "add-kiosk", "강남-01"],
    ],
)
def test_every_printing_command_ends_quietly_when_its_reader_is_gone(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    errors = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO("55550000\n"))
    monkeypatch.setattr("sys.stdout", _GoneReader())
    monkeypatch.setattr("sys.stderr", errors)
    position = 2 if args[0] in ("cert", "bank") else 1
    full = [*args[:position], "--data-dir", str(data_dir), *args[position:]]
    assert main(full) == 141
    assert errors.getvalue() == ""


@pytest.mark.slow
def test_demo_list_into_a_closed_pipe() -> None:
    reading, writing = os.pipe()
    os.close(reading)  # `head` has gone: every write now fails with EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk_cli", "demo", "--list"],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(writing)
    assert done.returncode == 141
    assert done.stderr == ""


# --- umask 000 -------------------------------------------------------------------------


def test_under_umask_000_everything_gets_its_own_mode(empty_data_dir: Path) -> None:
    shutil.rmtree(empty_data_dir / "ca")  # made afresh too
    data_dir = empty_data_dir / "fresh"
    previous = os.umask(0)
    try:
        bank = Bank.open(data_dir, ManualClock(TODAY))
        bank.media.insert_usb()
        customer = bank.registry.find_by_rrn("8503151234566")
        assert customer is not None
        rrn = parse("850315-1234566", TODAY.date())
        issued = issue(IssueRequest(customer, rrn, BANK_USE, Medium.USB, "Kiosk!2026pw"), bank=bank)
        bank.close()
    finally:
        os.umask(previous)

    def mode(relative: str) -> int:
        return stat.S_IMODE((data_dir / relative).stat().st_mode)

    expected = {
        ".": 0o700,
        "media": 0o700,
        "media/hdd": 0o700,
        "media/usb": 0o700,
        "ca": 0o700,
        "cloud": 0o700,
        "crl": 0o755,
        "crl/yessign.crl": 0o644,
        "crl/SignKorea.crl": 0o644,
        "kiosk.toml": 0o644,
        "kiosk.sqlite3": 0o600,
        "store.secret": 0o600,
    }
    for folder in issued.directory.relative_to(data_dir).parents:
        if folder != Path("."):
            expected[str(folder)] = 0o700  # media/usb/NPKI/yessign/USER
    expected[str(issued.directory.relative_to(data_dir) / "signPri.key")] = 0o600
    found = {relative: mode(relative) for relative in expected if (data_dir / relative).exists()}
    assert found == {relative: expected[relative] for relative in found}
    world_writable = [
        str(path) for path in data_dir.rglob("*") if path.stat().st_mode & stat.S_IWOTH
    ]
    assert world_writable == []
