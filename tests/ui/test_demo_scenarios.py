"""Every `kiosk demo` scenario, as trainers and automated checks run it: each played
once, in English, with everything about it checked in that one run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypinksign import PinkSign

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ManualClock
from kiosk.core.i18n import Language, set_language
from kiosk.core.refusal import Refused
from kiosk.people import demo_customers
from kiosk.people.demo_customers import DEMO_PASSWORD, DEMO_PIN
from kiosk.training.stages import run_stage
from kiosk_cli.main import main
from screens.app import KioskApp
from screens.demo.cloud import NEW_PIN
from screens.demo.play import play
from screens.demo.scenarios import SCENARIOS
from tests.conftest import TODAY
from tests.ui.bank_threads import note_bank_threads, note_slow_work, noted
from tests.ui.english import Walk, korean_left

EXPECTED = {
    "issue-bank": ("issued", None),
    "issue-general-yessign": ("issued", None),
    "issue-general-signkorea": ("issued", None),
    "refuse-expired-id": ("refused", "document_expired"),
    "refuse-under-14": ("refused", "under_age"),
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
    "export-to-phone": ("exported", None),
    "import-from-phone": ("imported", None),
    "fincert-issue": ("fincert_issued", None),
    "fincert-renew": ("fincert_renewed", None),
    "fincert-pin-lockout": ("refused", "pin_locked"),
    "fincert-pin-reset": ("fincert_pin_reset", None),
    "fincert-delete": ("fincert_deleted", None),
    "fincert-register-other-bank": ("fincert_registered", None),
    "scam-call-reissue": ("scam_stopped", None),
    "issue-by-fincert": ("issued", None),
}


def play_headless(app: KioskApp, bank: Bank, name: str) -> dict[str, Any]:
    """`kiosk demo NAME --headless` on `app`: the scenario's stage set on `bank`,
    played at once (no pace); its report."""
    scenario = SCENARIOS[name]
    return play(app, scenario, run_stage(bank, scenario.stage), headless=True, pace=0)


def test_every_scenario_has_an_expectation() -> None:
    assert set(SCENARIOS) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario(name: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each scenario played once, in English, as `kiosk demo NAME --headless --lang en`
    plays it: its outcome, what it left in the files and in the bank, and every screen
    it passed read off the terminal for Korean left untranslated."""
    walk = Walk()
    walk.watch(monkeypatch)
    bank = Bank.open(data_dir, ManualClock(TODAY))
    try:
        app = KioskApp(bank, language=Language.ENGLISH)
        # Every call the kiosk makes to its bank, noted with the thread it ran on.
        threads = note_bank_threads(app)
        # And every scrypt, PBKDF2 and RSA key it makes: seconds on a kiosk's CPU.
        slow = note_slow_work(monkeypatch)
        report = play_headless(app, bank, name)
    finally:
        bank.close()
        set_language(Language.KOREAN)
    assert len(walk.screens) >= 2
    assert walk.korean == {}
    # With a networked bank each is a round trip: none may freeze the screen.
    assert noted(threads.on_ui_thread) == []
    assert noted(slow.on_ui_thread) == []
    assert threads.off_ui_thread  # the scenario did reach the bank, from the kiosk's threads
    check_report(name, report, data_dir, data_dir)
    # What the English customer takes away is in English too: the receipt and the report.
    receipts = data_dir / "receipts"
    for receipt in receipts.iterdir() if receipts.is_dir() else ():
        assert korean_left(receipt.read_text(encoding="utf-8").splitlines()) == [], receipt.name
    shown = {k: v for k, v in report.items() if not k.endswith("directory") and k != "subject"}
    assert korean_left([json.dumps(shown, ensure_ascii=False)]) == []


def check_report(
    name: str,
    report: dict[str, Any],
    kiosk_dir: Path,
    bank_dir: Path,
    bank_url: str | None = None,
) -> None:
    """What a scenario must have done: its outcome, and what it left in the kiosk's
    files (media, receipts) and in the bank's books (in `bank_dir`, or the database
    `bank_url` names). Embedded, both are one directory."""
    assert "error" not in report, report
    _no_secret_at_rest(bank_dir, database=bank_url is None)
    if kiosk_dir != bank_dir:
        _no_secret_at_rest(kiosk_dir, database=False)
    data_dir = kiosk_dir
    outcome, reason = EXPECTED[name]
    assert report["scenario"] == name and report["service"] == SCENARIOS[name].service.value
    assert report["outcome"] == outcome
    if reason:
        assert report["reason"] == reason and report["message"]
    elif outcome == "revoked":
        assert report["revoked_serial"] == report["old_serial"]
    elif outcome == "registered":
        assert report["registered_now"] == [str(report["old_serial"])]
    elif outcome.startswith("fincert_"):
        _check_cloud(name, report, bank_dir, bank_url)
    elif outcome == "scam_stopped":
        _check_scam_stopped(report, bank_dir, bank_url)
    elif outcome == "unregistered":
        assert report["registered_now"] == [] and report["serial"] == str(report["old_serial"])
        assert Path(report["old_directory"], "signPri.key").is_file()  # the files stay
    else:
        assert Path(report["directory"], "signCert.der").is_file()
    if outcome in ("issued", "registered"):
        assert any((data_dir / "receipts").iterdir())  # the 처리결과 확인서 was printed
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
    if name == "change-password":
        _key_opens_only_with(Path(report["directory"]), report["password"])
    if name == "copy-to-usb":
        _same_files_on_both_media(Path(report["directory"]), data_dir)
    if name in ("export-to-phone", "import-from-phone"):
        # The phone's copy and the kiosk's: the same files, both opening with the password.
        on_phone, on_kiosk = Path(report["phone_directory"]), Path(report["directory"])
        for file in ("signCert.der", "signPri.key"):
            assert (on_phone / file).read_bytes() == (on_kiosk / file).read_bytes()
        PinkSign(
            pubkey_path=str(on_phone / "signCert.der"),
            prikey_path=str(on_phone / "signPri.key"),
            prikey_password=DEMO_PASSWORD,
        )
        if name == "export-to-phone":
            assert report["password"] == DEMO_PASSWORD


def _check_scam_stopped(report: dict[str, Any], data_dir: Path, url: str | None = None) -> None:
    """The 재발급 stopped at the bank's fraud warning: the certificate is the one the
    customer came with, still valid, none issued in its place; the phone got the
    bank's notice; the bank's books record the stop."""
    assert report["kept_serial"] == report["old_serial"]
    assert report["caller"] == report["call_from"] == "070-4812-5530"
    assert "1588-0000" in report["phone_sms"]
    bank = Bank.open(data_dir, ManualClock(TODAY), url)
    try:
        kept = bank.certificates.get(report["old_serial"])
        assert kept is not None and not kept.revoked
        assert [c.serial for c in bank.certificates.usable(kept.customer_id)] == [kept.serial]
        assert "scam_stopped" in [e.outcome for e in bank.audit.entries(None, None)]
    finally:
        bank.close()


def _no_secret_at_rest(data_dir: Path, *, database: bool = True) -> None:
    """What the data directory keeps after the visit: no full resident number, password
    or PIN in any file, the database included."""
    secrets = [DEMO_PASSWORD, DEMO_PIN, NEW_PIN]
    for person in demo_customers.DEMO_CUSTOMERS:
        secrets += [person.rrn, person.rrn.replace("-", "")]
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert any(path.name == "kiosk.sqlite3" for path in files) is database
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            for encoded in {secret.encode("utf-8"), secret.encode("utf-16-le")}:
                assert encoded not in data, f"{secret[:4]}… found in {path.relative_to(data_dir)}"


def _key_opens_only_with(directory: Path, password: str) -> None:
    cert, key = directory / "signCert.der", directory / "signPri.key"
    PinkSign(pubkey_path=str(cert), prikey_path=str(key), prikey_password=password)
    with pytest.raises(ValueError):
        PinkSign(pubkey_path=str(cert), prikey_path=str(key), prikey_password="Kiosk!2026pw")


def _same_files_on_both_media(copy: Path, data_dir: Path) -> None:
    original = data_dir / "media" / "hdd" / copy.relative_to(data_dir / "media" / "usb")
    for name in ("signCert.der", "signPri.key"):
        assert (copy / name).read_bytes() == (original / name).read_bytes()


def _check_cloud(
    name: str, report: dict[str, object], data_dir: Path, url: str | None = None
) -> None:
    """What each 금융인증서 scenario left in the bank's cloud, read back from its books."""
    bank = Bank.open(data_dir, ManualClock(TODAY), url)
    try:
        serial = report["serial"]
        assert isinstance(serial, int)
        record = bank.cloud.get(serial)
        assert record is not None
        if name == "fincert-issue":
            assert report["not_after"] == "2029-11-22" and not record.revoked
            assert bank.cloud.open(record.customer_id, DEMO_PIN)
        if name == "fincert-renew":
            old = str(report["old_not_after"])
            assert report["not_after"] == f"{int(old[:4]) + 3}{old[4:]}"
            assert report["revoked_serial"] == report["old_serial"] and report["pin_changed"]
            assert bank.cloud.open(record.customer_id, NEW_PIN).record.serial == serial
        if name == "fincert-pin-reset":
            assert serial == report["old_serial"]  # the same certificate, a new PIN
            with pytest.raises(Refused):
                bank.cloud.open(record.customer_id, DEMO_PIN)
            assert bank.cloud.open(record.customer_id, NEW_PIN)
        if name == "fincert-delete":
            assert record.revoked and bank.cloud.current(record.customer_id) is None
        if name == "fincert-register-other-bank":
            # 우리은행's 금융인증서, the one staged, now registered here; its PIN unchanged.
            assert serial == report["old_serial"] and report["issued_by"] == "WOORI"
            assert record.registered_at is not None and record.usable_here
            assert bank.cloud.open(record.customer_id, DEMO_PIN)
    finally:
        bank.close()


@pytest.mark.slow  # `python -m kiosk_cli` in a subprocess
def test_headless_demo_from_the_command_line_opens_in_pypinksign(data_dir: Path) -> None:
    env = dict(os.environ)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk_cli",
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
            "kiosk_cli",
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


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "en", "demo", "refuse-expired-id", "--headless"],
        ["demo", "refuse-expired-id", "--headless", "--lang", "en"],
    ],
)
def test_a_scenario_plays_in_english(
    argv: list[str], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main([*argv, "--data-dir", str(data_dir), "--today", "2026-11-22"])
    finally:
        set_language(Language.KOREAN)
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0 and report["reason"] == "document_expired"
    assert report["message"].isascii() and "expired" in report["message"]


def test_demo_list_and_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--list"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in EXPECTED)
    assert main(["demo", "no-such-thing", "--headless"]) == 2
    assert "알 수 없는 시나리오" in capsys.readouterr().err


def test_import_from_phone_when_the_kiosk_collects_before_the_phone_is_put_down(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kiosk collects the phone's certificate on its own half-second tick and closes
    the phone as it moves on to 완료. CI once saw that tick land between the phone's
    last key and the next one, so a key meant for the phone reached 완료 and the visit
    went back to the menu. Here the tick is made to come first, every time a key is
    sent while the phone is up."""
    from screens.demo.driver import Driver
    from screens.modals.phone import PhoneScreen
    from screens.steps.phone_copy import ImportFromPhoneScreen

    send = Driver._send

    async def tick_first(driver: Driver, key: str) -> bool:
        app = driver.app
        if isinstance(app.screen, PhoneScreen):
            under = [s for s in app.screen_stack if isinstance(s, ImportFromPhoneScreen)]
            if under:
                under[-1].tick()
                await driver.pilot.pause()
        return await send(driver, key)

    monkeypatch.setattr(Driver, "_send", tick_first)
    bank = Bank.open(data_dir, ManualClock(TODAY))
    try:
        scenario = SCENARIOS["import-from-phone"]
        stage = run_stage(bank, scenario.stage)
        report = play(KioskApp(bank), scenario, stage, headless=True, pace=0)
    finally:
        bank.close()
    check_report("import-from-phone", report, data_dir, data_dir)
