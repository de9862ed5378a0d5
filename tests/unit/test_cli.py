"""`kiosk cert show`: JSON for good input, a clear message and non-zero exit otherwise."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kiosk.bankside.bank import Bank
from kiosk.certs.issuance import IssueRequest, issue
from kiosk.certs.products import BANK_USE
from kiosk.core.clock import ManualClock
from kiosk.people.rrn import parse
from kiosk.terminal.media import Medium
from kiosk_cli.main import main
from tests.conftest import TODAY

PASSWORD = "Kiosk!2026pw"


@pytest.fixture
def cert_dir(bank: Bank) -> Path:
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    request = IssueRequest(
        customer,
        parse("850315-1234566", bank.clock.now().date()),
        BANK_USE,
        Medium.HARD_DISK,
        PASSWORD,
    )
    return issue(request, bank=bank).directory


def _run(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_show_reports_the_certificate(
    cert_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _run(
        ["cert", "show", str(cert_dir), "--today", "2026-12-01"], capsys, monkeypatch
    )
    report = json.loads(out)
    assert code == 0
    assert report["policy_oid"] == "1.2.410.200005.1.1.4"
    assert report["product"] == "은행/신용카드/보험용" and report["ca"] == "금융결제원"
    assert report["owner"] == "김민준" and report["expired"] is False
    assert "password_ok" not in report
    code, out, _ = _run(
        ["cert", "show", str(cert_dir / "signCert.der"), "--today", "2028-01-01"],
        capsys,
        monkeypatch,
    )
    assert json.loads(out)["expired"] is True


def test_show_with_password_and_rrn(
    cert_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["cert", "show", str(cert_dir), "--password-stdin", "--rrn", "850315-1234566"]
    code, out, _ = _run(args, capsys, monkeypatch, stdin=PASSWORD + "\n")
    report = json.loads(out)
    assert code == 0 and report["password_ok"] and report["key_matches"] and report["vid_matches"]
    assert report["key_encoding"] == "seedCBCWithSHA1"
    args[-1] = "920708-2345672"
    code, out, _ = _run(args, capsys, monkeypatch, stdin=PASSWORD + "\n")
    assert json.loads(out)["vid_matches"] is False


def test_wrong_password(
    cert_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _run(
        ["cert", "show", str(cert_dir), "--password-stdin"], capsys, monkeypatch, "nope\n"
    )
    assert code == 3
    assert json.loads(out)["password_ok"] is False
    assert "비밀번호가 올바르지 않습니다" in err


def test_not_npki_and_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _run(["cert", "show", str(tmp_path / "nothing")], capsys, monkeypatch)
    assert code == 2 and out == "" and "찾을 수 없습니다" in err and "Traceback" not in err
    (tmp_path / "signCert.der").write_bytes(b"not a certificate")
    code, out, err = _run(["cert", "show", str(tmp_path)], capsys, monkeypatch)
    assert code == 2 and "X.509" in err


def test_key_file_that_is_not_npki(
    cert_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (cert_dir / "signPri.key").write_bytes(b"\x30\x03\x02\x01\x00")
    code, _, err = _run(
        ["cert", "show", str(cert_dir), "--password-stdin"], capsys, monkeypatch, "x\n"
    )
    assert code == 2 and "signPri.key" in err


def test_cert_make_stages_another_institutions_certificate(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = main(
        [
            "cert",
            "make",
            "--data-dir",
            str(data_dir),
            "--customer",
            "김민준",
            "--product",
            "tradesign-bank",
            "--encoding",
            "PBES2",
            "--issued",
            "2026-01-05",
        ]
    )
    made = json.loads(capsys.readouterr().out)
    assert code == 0 and made["ca"] == "한국무역정보통신" and made["medium"] == "usb"
    assert made["not_after"].startswith("2027-01-05")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = main(
        [
            "cert",
            "show",
            made["directory"],
            "--data-dir",
            str(data_dir),
            "--password-stdin",
            "--rrn",
            "850315-1234566",
        ]
    )
    shown = json.loads(capsys.readouterr().out)
    assert code == 0 and shown["key_encoding"] == "PBES2" and shown["vid_matches"] is True
    assert shown["policy_oid"] == "1.2.410.200012.1.1.101"
    # Every simulated institution's CA chains to the KISA root and publishes its CRL.
    assert shown["trust"] == "trusted" and shown["revocation"] == "good"
    assert shown["revoked"] is False


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["--customer", "아무개"], "", "데모 고객이 없습니다"),
        (["--rrn", "900101-1234568"], "", "--name이 필요합니다"),
        (["--rrn", "123", "--name", "홍길동"], "", "주민등록번호"),
        (["--customer", "김민준", "--product", "nope"], "", "알 수 없는 상품"),
        (["--customer", "김민준", "--password-stdin"], "weak\n", "규칙에 맞지 않습니다"),
    ],
)
def test_cert_make_refuses_bad_input_with_a_message(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    stdin: str,
    says: str,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["cert", "make", "--data-dir", str(data_dir), *args]) == 2
    captured = capsys.readouterr()
    assert says in captured.err and "Traceback" not in captured.err
    assert not list((data_dir / "media").rglob("signCert.der"))


def test_fincert_staging_of_another_banks_registered_or_not(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    where = ["--data-dir", str(data_dir), "--today", "2026-11-22"]
    code, out, _ = _run(
        ["fincert", *where, "--customer", "김민준", "--bank", "WOORI", "--registered"],
        capsys,
        monkeypatch,
    )
    report = json.loads(out)
    assert code == 0 and report["issued_by"] == "WOORI" and report["registered_here"]
    code, out, _ = _run(
        ["fincert", *where, "--customer", "이서연", "--bank", "KB"], capsys, monkeypatch
    )
    report = json.loads(out)
    assert code == 0 and report["issued_by"] == "KB" and not report["registered_here"]
    with pytest.raises(SystemExit):  # a bank the simulation does not know
        _run(["fincert", *where, "--customer", "김민준", "--bank", "NOWHERE"], capsys, monkeypatch)


def test_fincert_staging_and_the_operator_pin(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    where = ["--data-dir", str(data_dir), "--today", "2026-11-22"]
    code, out, _ = _run(
        ["fincert", *where, "--customer", "김민준", "--issued", "2024-01-10", "--locked"],
        capsys,
        monkeypatch,
    )
    report = json.loads(out)
    assert code == 0 and report["not_after"].startswith("2027-01-10") and report["locked"]
    code, _, err = _run(["fincert", *where, "--customer", "김민준"], capsys, monkeypatch)
    assert code == 2 and "이미 금융인증서가 있습니다" in err
    code, _, err = _run(["fincert", *where, "--customer", "아무개"], capsys, monkeypatch)
    assert code == 2 and "데모 고객이 없습니다" in err
    code, _, err = _run(["operator-pin", *where], capsys, monkeypatch, stdin="12\n")
    assert code == 2 and "6~12자리" in err
    code, _, _ = _run(["operator-pin", *where], capsys, monkeypatch, stdin="55550000\n")
    assert code == 0
    bank = Bank.open(data_dir, ManualClock(TODAY))
    try:
        assert bank.operator.check("55550000")
        customer = bank.registry.find_by_rrn("8503151234566")
        assert customer is not None
        record = bank.cloud.current(customer.id)
        assert record is not None and record.pin_locked
    finally:
        bank.close()


def test_a_room_open_to_the_network_needs_an_operator_pin_of_its_own(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the README's PIN, anyone on the LAN could open the operator screen and
    wipe every tab's data: the room does not start."""
    argv = ["serve", "--data-dir", str(data_dir), "--host", "0.0.0.0", "--port", "8999"]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert "operator-pin" in error and "Traceback" not in error
    assert main([*argv, "--host", "127.0.0.1", "--class-code", "x!"]) == 2
    assert "4~16" in capsys.readouterr().err
