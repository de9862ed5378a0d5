"""The threat model of README's "What the bank's database gives away": a copy of
the database alone (a backup, a stolen dump) yields no resident number and no
금융인증서 key. The keys that would make it talk (the hashes' key, the cloud's
key-encryption key, the CA keys) live in the bank's data directory, not in it."""

from __future__ import annotations

import hashlib
import secrets
import shutil
from pathlib import Path

import pytest

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ManualClock
from kiosk.core.refusal import Refused
from kiosk.people import demo_customers
from kiosk.people.demo_customers import DEMO_PIN
from kiosk.people.rrn import parse
from kiosk.training.staging import stage_cloud_certificate
from tests.conftest import TODAY


def _database_alone(bank: Bank, tmp_path: Path) -> Bank:
    """What an attacker holding only kiosk.sqlite3 can open: the database, with
    every secret of their own making (they have none of the bank's)."""
    stolen = tmp_path / "stolen"
    (stolen / "cloud").mkdir(parents=True)
    shutil.copy(bank.data_dir / "kiosk.sqlite3", stolen / "kiosk.sqlite3")
    # The kiosk will not make new secrets for books that exist: the attacker does.
    for secret in ("store.secret", "cloud/hsm.secret"):
        (stolen / secret).write_bytes(secrets.token_bytes(32))
    return Bank.open(stolen, ManualClock(TODAY))


def test_the_database_alone_confirms_no_resident_number(bank: Bank, tmp_path: Path) -> None:
    raw = (bank.data_dir / "kiosk.sqlite3").read_bytes()
    stolen = _database_alone(bank, tmp_path)
    try:
        for person in demo_customers.DEMO_CUSTOMERS:
            digits = person.rrn.replace("-", "")
            # Not in clear, not as an unkeyed hash anyone can recompute per candidate,
            assert digits.encode() not in raw
            assert hashlib.sha256(digits.encode()).hexdigest().encode() not in raw
            # and the right number itself is not recognised without the bank's key.
            assert stolen.registry.find_by_rrn(digits) is None
    finally:
        stolen.close()


def test_the_database_alone_opens_no_financial_certificate(bank: Bank, tmp_path: Path) -> None:
    record = stage_cloud_certificate(bank, "김민준", TODAY.date(), DEMO_PIN)
    assert bank.cloud.open(record.customer_id, DEMO_PIN)  # the bank itself can
    stolen = _database_alone(bank, tmp_path)
    try:
        customer = stolen.registry.customer(record.customer_id)
        assert customer is not None
        # Not with the PIN (it is not enough without the bank's key-encryption key),
        with pytest.raises(Refused) as wrong:
            stolen.cloud.open(record.customer_id, DEMO_PIN)
        assert wrong.value.code == "pin_wrong"
        # and not through PIN 재설정 with the resident number.
        rrn = parse("850315-1234566", TODAY.date())
        with pytest.raises(Refused) as not_owner:
            stolen.cloud.reset_pin(customer, rrn, "917362", "917362")
        assert not_owner.value.code == "fincert_not_owner"
    finally:
        stolen.close()
