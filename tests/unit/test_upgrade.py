"""A data directory made by the release before the bank service (c0850e4) opens with
today's code, upgraded in place: its customers, certificates, revocations and audit
entries kept, the new tables added, and every service working on it.

Adding (tables, triggers, indexes: `CREATE ... IF NOT EXISTS` in
kiosk/storage/schema.py) needs nothing more: opening a store upgrades it. A change
that alters an existing table is a numbered step in kiosk/storage/migrations.py
(tests/unit/test_migrations.py), and comes with a fixture here made by the
release before it."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk.bankside.bank import Bank
from kiosk.bankside.service import BankService
from kiosk.bankside.visits import Proof
from kiosk.certs.issuance import IssueRequest, issue
from kiosk.certs.products import BANK_USE
from kiosk.npki.revocation import RevocationReason
from kiosk.people.rrn import parse
from kiosk.terminal.media import Medium
from kiosk.visit.flows import Service
from tests.conftest import TODAY

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "release_c0850e4"
OLD_SERIALS = (9836119290, 6594035039)  # revoked, valid


@pytest.fixture
def old_data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    secret = bytes.fromhex((FIXTURE / "store.secret.hex").read_text().strip())
    (directory / "store.secret").write_bytes(secret)
    with sqlite3.connect(directory / "kiosk.sqlite3") as connection:
        connection.executescript((FIXTURE / "kiosk.sql").read_text(encoding="utf-8"))
    return directory


def test_the_previous_releases_books_open_and_work(old_data_dir: Path) -> None:
    from kiosk.core.clock import ManualClock

    bank = Bank.open(old_data_dir, ManualClock(TODAY))
    try:
        tables = {
            row[0]
            for row in bank.store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert {"visits", "visit_proofs", "supersessions", "signings", "kiosk_tokens"} <= tables
        customer = bank.registry.find_by_rrn("8503151234566")
        assert customer is not None and customer.name == "김민준"
        revoked, valid = (bank.certificates.get(serial) for serial in OLD_SERIALS)
        assert revoked is not None and revoked.revoked
        assert valid is not None and not valid.revoked
        assert [c.serial for c in bank.certificates.usable(customer.id)] == [OLD_SERIALS[1]]
        assert any(entry.service == "issue" for entry in bank.audit.latest(5))
        # The revocation counter kept its count: nothing to publish again.
        assert bank.store.meta("revocations_made") == bank.store.meta("revocations_published")

        service = BankService(bank)
        visit = service.open_visit(Service.REVOKE)
        service.visits.prove(visit, Proof.ID_DOCUMENT, customer.id)
        service.visits.prove(visit, Proof.OTP, customer.id)
        assert service.revoke(visit, OLD_SERIALS[1], RevocationReason.KEY_COMPROMISE).revoked
        rrn = parse("850315-1234566", TODAY.date())
        issued = issue(
            IssueRequest(customer, rrn, BANK_USE, Medium.HARD_DISK, "Kiosk!2026pw"), bank=bank
        )
        assert bank.certificates.get(issued.serial) is not None
    finally:
        bank.close()


def test_the_previous_releases_cas_are_kept_and_their_certificates_still_trusted(
    old_data_dir: Path,
) -> None:
    """`ca/` as that release made it (same CA code until this one: no policies, no
    policy constraints, random serials, 30 years): kept as it is, no new
    generation over it; its certificates register and renew as before."""
    from cryptography import x509

    from kiosk.certs.found_certs import scan, unlock
    from kiosk.certs.products import CaId, by_code
    from kiosk.certs.records import PasswordAttempts
    from kiosk.core.clock import ManualClock
    from kiosk.npki import crl
    from kiosk.npki.relying import assess
    from kiosk.people.rrn import Rrn
    from kiosk.training.staging import make_certificate, stage_certificate

    shutil.copytree(FIXTURE / "ca", old_data_dir / "ca")
    old_root = x509.load_pem_x509_certificate((FIXTURE / "ca" / "root.crt.pem").read_bytes())
    bank = Bank.open(old_data_dir, ManualClock(TODAY))
    try:
        assert bank.cas.root.certificate == old_root
        # Every CA publishes now (the previous release: yessign and SignKorea), the root an ARL.
        assert all(crl.crl_path(old_data_dir, ca_id).is_file() for ca_id in CaId)
        assert crl.arl_path(old_data_dir).is_file()

        made = make_certificate(
            bank,
            real_name="김민준",
            rrn_digits="8503151234566",
            product=by_code("kica-general"),
            medium=Medium.USB,
            password="Kiosk!2026pw",
        )
        [found] = [f for f in scan(bank.media) if f.info.directory == made.directory]
        verdict = assess(old_data_dir, found.info.certificate, TODAY)
        assert verdict.trust.report == "trusted" and verdict.revocation.report == "good"
        service = BankService(bank)
        visit = service.open_visit(Service.REGISTER)
        service.check_registrable(visit, found.info.der)
        customer = bank.registry.find_by_rrn("8503151234566")
        assert customer is not None
        key = unlock(found, "Kiosk!2026pw", PasswordAttempts())
        bank.registrations.check_foreign(
            customer, found.info.der, key.random_num or b"", Rrn("8503151234566")
        )
        bank.registrations.register(customer, found.info.der)

        own = stage_certificate(
            bank, "김민준", BANK_USE, TODAY.date() - dt.timedelta(days=350), "Kiosk!2026pw"
        )
        der = (own.directory / "signCert.der").read_bytes()
        renew = service.open_visit(Service.RENEW)
        assert service.renewable(renew, der).serial == own.serial
    finally:
        bank.close()
