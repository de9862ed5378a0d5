"""A bank serving a fleet: 8 headless kiosks (each its own process and data
directory) against 2 `kiosk bank serve` processes on one PostgreSQL database.
Every outcome as expected, serials unique, balances exact, and every revoked
serial on a CRL that `openssl crl` verifies against the CA's certificate."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ShiftedClock
from tests.conftest import as_role, fresh_schema, postgres_url
from tests.ui.test_demo_scenarios import EXPECTED

# One scenario per customer's phone channel and OTP token at a time: two kiosks
# reading one phone's newest SMS would each take the other's code, as two people
# sharing a phone would. And 김민준's staged certificates (revoke, change-password,
# copy-to-usb: 코스콤 범용) are of products he is not issued here: a second 신규 발급
# of a product he holds is refused (재발급's job).
FLEET = (
    "issue-ars",  # 김민준, ARS, 은행용
    "issue-general-yessign",  # 김민준, OTP, 금융결제원 범용
    "revoke",  # 김민준, SMS, a 코스콤 범용 certificate staged by the trainer
    "issue-general-signkorea",  # 왕웨이, SMS, 4,400원 from her account
    "refuse-no-balance",  # 이서연
    "refuse-expired-id",  # 박지훈
    "change-password",  # files on the kiosk's own disk
    "copy-to-usb",
)
WANG_ACCOUNT, WANG_BALANCE = "1002-789-012345", 300_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _kiosk(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk_cli", *args]


def _wait_until_serving(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise AssertionError("a bank process ended at start")
        try:
            with urllib.request.urlopen(url + "/pki/", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the bank did not start")


@pytest.mark.slow  # ten processes
def test_eight_kiosks_two_banks_one_postgresql(tmp_path: Path, pg_role: str) -> None:
    url = fresh_schema(postgres_url())
    bank_dir = tmp_path / "bank"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    added = subprocess.run(
        _kiosk("bank", "add-kiosk", "--data-dir", str(bank_dir), "--db", url, "fleet"),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    # The bank processes run as a role without power over the audit log.
    subprocess.run(
        _kiosk("bank", "grant-role", "--data-dir", str(bank_dir), "--db", url, pg_role),
        env=env,
        check=True,
        capture_output=True,
    )
    bank_url_db = as_role(url, pg_role)
    token_file = tmp_path / "token"
    token_file.write_text(added.stdout.strip().splitlines()[-1])
    ports = [_free_port(), _free_port()]
    banks = [
        subprocess.Popen(
            _kiosk(
                "bank",
                "serve",
                "--data-dir",
                str(bank_dir),
                "--db",
                bank_url_db,
                "--port",
                str(port),
                "--training",
            ),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for bank_url, process in zip(urls, banks, strict=True):
            _wait_until_serving(bank_url, process)
        kiosks = [
            subprocess.Popen(
                _kiosk(
                    "demo",
                    name,
                    "--headless",
                    "--data-dir",
                    str(tmp_path / f"kiosk-{number}"),
                    "--bank",
                    urls[number % 2],
                    "--kiosk-token-file",
                    str(token_file),
                ),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for number, name in enumerate(FLEET)
        ]
        reports = []
        for process in kiosks:
            out, err = process.communicate(timeout=240)
            assert process.returncode == 0, err[-2000:] + out[-2000:]
            reports.append(json.loads(out.strip().splitlines()[-1]))
        index = json.loads(urllib.request.urlopen(urls[1] + "/pki/", timeout=10).read())
        certificates = {
            name: urllib.request.urlopen(link, timeout=10).read()
            for name, link in index["certificates"].items()
        }
        crls = {
            name: urllib.request.urlopen(link, timeout=10).read()
            for name, link in index["crls"].items()
        }
    finally:
        for process in banks:
            process.terminate()
            process.wait(30)

    for name, report in zip(FLEET, reports, strict=True):
        outcome, reason = EXPECTED[name]
        assert report["outcome"] == outcome, report
        if reason:
            assert report["reason"] == reason, report

    bank = Bank.open(bank_dir, ShiftedClock(), url)
    try:
        serials = [row[0] for row in bank.store.db.execute("SELECT serial FROM certificates")]
        assert len(serials) == len(set(serials))
        issued = [r["serial"] for r in reports if r["outcome"] == "issued"]
        assert len(issued) == len(set(issued)) == 3 and set(issued) <= set(serials)
        balance = bank.store.db.execute(
            "SELECT balance FROM accounts WHERE number = ?", (WANG_ACCOUNT,)
        ).fetchone()[0]
        assert balance == WANG_BALANCE - 4_400
        revoked = {
            (row["ca"], int(row["serial"]))
            for row in bank.store.db.execute(
                "SELECT ca, serial FROM certificates WHERE revoked_at IS NOT NULL"
            )
        }
    finally:
        bank.close()
    assert revoked, "the revoke scenario revoked a certificate"
    for ca, serial in revoked:
        published = x509.load_der_x509_crl(crls[ca])
        assert published.get_revoked_certificate_by_serial_number(serial) is not None
        ca_pem = tmp_path / f"{ca}.pem"
        ca_pem.write_bytes(
            x509.load_der_x509_certificate(certificates[ca]).public_bytes(Encoding.PEM)
        )
        crl_der = tmp_path / f"{ca}.crl"
        crl_der.write_bytes(crls[ca])
        checked = subprocess.run(
            [
                "openssl",
                "crl",
                "-inform",
                "DER",
                "-in",
                str(crl_der),
                "-CAfile",
                str(ca_pem),
                "-noout",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0 and "verify OK" in checked.stderr + checked.stdout
