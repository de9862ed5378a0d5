"""Every `kiosk demo` scenario, as trainers and automated checks run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypinksign import PinkSign

from kiosk.cli import main
from screens.demo import SCENARIOS

EXPECTED = {
    "issue-bank": ("issued", None),
    "issue-general-yessign": ("issued", None),
    "issue-general-signkorea": ("issued", None),
    "refuse-expired-id": ("refused", "document_expired"),
    "refuse-no-balance": ("refused", "insufficient_balance"),
    "refuse-weak-password": ("refused", "password_rule"),
    "issue-ars": ("issued", None),
    "register-auth-securitycard": ("registered", None),
    "issue-otp-lockout": ("refused", "otp_locked"),
    "issue-sms-expired": ("refused", "auth_expired"),
    "reissue": ("issued", None),
    "renew": ("issued", None),
    "renew-too-early": ("refused", "renew_too_early"),
    "renew-expired": ("refused", "renew_expired"),
    "revoke": ("revoked", None),
    "register-other": ("registered", None),
    "register-expired": ("refused", "register_expired"),
    "register-not-mine": ("refused", "register_not_mine"),
    "register-wrong-password": ("refused", "cert_password_wrong"),
    "unregister": ("unregistered", None),
    "change-password": ("password_changed", None),
    "copy-to-usb": ("copied", None),
}


def test_every_scenario_has_an_expectation() -> None:
    assert set(SCENARIOS) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario_outcome(name: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["demo", name, "--headless", "--data-dir", str(data_dir), "--today", "2026-11-22"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    report = json.loads(last)
    outcome, reason = EXPECTED[name]
    assert code == 0
    assert report["scenario"] == name and report["service"] == SCENARIOS[name].service.value
    assert report["outcome"] == outcome
    if reason:
        assert report["reason"] == reason and report["message"]
    elif outcome == "revoked":
        assert report["revoked_serial"] == report["old_serial"]
    elif outcome == "registered":
        assert report["registered_now"] == [str(report["old_serial"])]
    elif outcome == "unregistered":
        assert report["registered_now"] == [] and report["serial"] == str(report["old_serial"])
        assert Path(report["old_directory"], "signPri.key").is_file()  # the files stay
    else:
        assert Path(report["directory"], "signCert.der").is_file()
    if name.startswith("issue-") and outcome == "issued":
        assert report["not_after"] == "2027-11-22"
    if name == "reissue":
        assert report["revoked_serial"] == report["old_serial"]
        assert report["not_after"] == report["old_not_after"] and report["fee"] == 0
    if name == "renew":
        old = report["old_not_after"]
        assert report["not_after"] == f"{int(old[:4]) + 1}{old[4:]}"
        assert (
            report["key_encoding"] == "PBES2" and report["revoked_serial"] == report["old_serial"]
        )


def test_headless_demo_from_the_command_line_opens_in_pypinksign(data_dir: Path) -> None:
    env = dict(os.environ)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "demo",
            "issue-general-yessign",
            "--headless",
            "--data-dir",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    directory = Path(report["directory"])
    pink = PinkSign(
        pubkey_path=str(directory / "signCert.der"),
        prikey_path=str(directory / "signPri.key"),
        prikey_password=report["password"].encode(),
    )
    assert pink.verify(pink.sign(b"demo"), b"demo")
    shown = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "cert",
            "show",
            str(directory),
            "--password-stdin",
            "--rrn",
            "850315-1234566",
        ],
        input=report["password"] + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    cert = json.loads(shown.stdout)
    assert cert["product"] == "전자거래범용" and cert["vid_matches"] and cert["key_matches"]


def test_demo_list_and_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--list"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in EXPECTED)
    assert main(["demo", "no-such-thing", "--headless"]) == 2
    assert "알 수 없는 시나리오" in capsys.readouterr().err


def test_change_password_scenario_key_opens_only_with_the_new_password(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo", "change-password", "--headless", "--data-dir", str(data_dir)])
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    directory = Path(report["directory"])
    cert, key = directory / "signCert.der", directory / "signPri.key"
    PinkSign(pubkey_path=str(cert), prikey_path=str(key), prikey_password=report["password"])
    with pytest.raises(ValueError):
        PinkSign(pubkey_path=str(cert), prikey_path=str(key), prikey_password="Kiosk!2026pw")


def test_copy_scenario_leaves_identical_files_on_both_media(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo", "copy-to-usb", "--headless", "--data-dir", str(data_dir)])
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    copy = Path(report["directory"])
    original = data_dir / "media" / "hdd" / copy.relative_to(data_dir / "media" / "usb")
    for name in ("signCert.der", "signPri.key"):
        assert (copy / name).read_bytes() == (original / name).read_bytes()
