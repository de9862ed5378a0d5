"""Re-issue, renewal, revocation and CRLs in the domain, time moved only by the clock."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from pypinksign import PinkSign

from kiosk.bankside.bank import Bank
from kiosk.certs.found_certs import scan
from kiosk.certs.issuance import issue
from kiosk.certs.products import BANK_USE, GENERAL_YESSIGN
from kiosk.certs.records import PasswordAttempts
from kiosk.certs.renewal import (
    RenewalState,
    check_renewable,
    open_certificate,
    renewed_not_after,
    verify_owner,
    window,
)
from kiosk.core.clock import KST, ManualClock
from kiosk.core.refusal import Refused
from kiosk.npki import crl, keyfile, reader
from kiosk.npki.revocation import RevocationReason
from kiosk.terminal.config import ConfigError
from kiosk.terminal.config import load as load_config
from kiosk.terminal.keypool import KeyPool
from kiosk.terminal.media import Medium
from kiosk.training.staging import stage_certificate
from kiosk.visit.flows import Service
from kiosk.visit.session import Session, new_state

PASSWORD = "Kiosk!2026pw"


def _stage(bank: Bank, days_ago: int, product=GENERAL_YESSIGN):  # type: ignore[no-untyped-def]
    issued_on = bank.clock.now().date() - dt.timedelta(days=days_ago)
    return stage_certificate(bank, "김민준", product, issued_on, PASSWORD)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (dt.datetime(2027, 11, 1, 23, 59, tzinfo=KST), RenewalState.TOO_EARLY),
        (dt.datetime(2027, 11, 2, 0, 0, tzinfo=KST), RenewalState.OPEN),
        (dt.datetime(2027, 12, 2, 23, 59, 59, tzinfo=KST), RenewalState.OPEN),
        (dt.datetime(2027, 12, 3, 0, 0, 1, tzinfo=KST), RenewalState.EXPIRED),
    ],
)
def test_renewal_window_is_the_last_30_days(now: dt.datetime, state: RenewalState) -> None:
    expiry = dt.datetime(2027, 12, 2, 23, 59, 59, tzinfo=KST)
    result = window(expiry, now)
    assert result.state is state
    if state is RenewalState.TOO_EARLY:
        assert "2027-11-02부터" in result.message


def test_renewal_adds_one_year_to_the_old_expiry() -> None:
    assert renewed_not_after(dt.datetime(2027, 12, 2, 23, 59, 59, tzinfo=KST)).date() == dt.date(
        2028, 12, 2
    )
    assert renewed_not_after(dt.datetime(2028, 2, 29, tzinfo=KST)).date() == dt.date(2029, 2, 28)


def test_open_for_renewal_counts_wrong_passwords_and_locks_at_five(bank: Bank) -> None:
    _stage(bank, 355)
    [found] = scan(bank.media)
    attempts = PasswordAttempts()
    for count in range(1, 5):
        with pytest.raises(Refused) as caught:
            open_certificate(found, "Wrong!2026pw", attempts, bank.certificates)
        assert f"오류 {count}/5회" in caught.value.message
    with pytest.raises(Refused) as caught:
        open_certificate(found, "Wrong!2026pw", attempts, bank.certificates)
    assert caught.value.code == "cert_password_locked"
    with pytest.raises(Refused) as caught:  # even the right one, for this visit
        open_certificate(found, PASSWORD, attempts, bank.certificates)
    assert caught.value.code == "cert_password_locked"
    assert open_certificate(found, PASSWORD, PasswordAttempts(), bank.certificates).record


def test_renewal_refusals(bank: Bank) -> None:
    early = _stage(bank, 100)
    [found] = scan(bank.media)
    with pytest.raises(Refused) as caught:
        check_renewable(found, bank.certificates)
    assert caught.value.code == "renew_too_early"
    bank.certificates.revoke(early.serial, RevocationReason.KEY_COMPROMISE)
    with pytest.raises(Refused) as caught:
        check_renewable(found, bank.certificates)
    assert caught.value.code == "revoked" and "분실·유출" in caught.value.message


def test_vid_check_accepts_only_the_owner(bank: Bank) -> None:
    _stage(bank, 355)
    [found] = scan(bank.media)
    opened = open_certificate(found, PASSWORD, PasswordAttempts(), bank.certificates)
    today = bank.clock.now().date()
    customer, rrn = verify_owner(opened, "850315-1234566", bank.registry, today)
    assert customer.name == "김민준" and rrn.digits == "8503151234566"
    with pytest.raises(Refused) as caught:
        verify_owner(opened, "920708-2345672", bank.registry, today)
    assert caught.value.code == "vid_mismatch"
    with pytest.raises(Refused) as caught:
        verify_owner(opened, "abc", bank.registry, today)
    assert caught.value.code == "rrn_malformed"


def _renewal_visit(bank: Bank) -> Session:
    """김민준 renewing the one certificate on the hard disk, everything confirmed."""
    [found] = scan(bank.media)
    session = Session(service=Service.RENEW, state=new_state(Service.RENEW))
    renewing = session.issuance
    renewing.opened = open_certificate(
        found, PASSWORD, session.password_attempts, bank.certificates
    )
    session.customer, session.rrn = verify_owner(
        renewing.opened, "850315-1234566", bank.registry, bank.clock.now().date()
    )
    renewing.product, renewing.medium = GENERAL_YESSIGN, Medium.HARD_DISK
    renewing.password = PASSWORD
    return session


PAY_FROM = "1002-345-678901"  # 김민준's account, for the 범용 renewal fee


def test_renewal_replaces_the_files_and_revokes_the_old_certificate(bank: Bank) -> None:
    old = _stage(bank, 355)
    session = _renewal_visit(bank)
    renewed = issue(session.issue_request(bank.config, PAY_FROM), bank=bank)
    assert renewed.not_after.date() == old.not_after.date().replace(year=old.not_after.year + 1)
    assert renewed.directory == old.directory  # same subject DN, files replaced
    assert renewed.key_encoding is keyfile.KeyEncoding.PBES2 and renewed.fee_paid == 4400
    assert [f.info.serial for f in scan(bank.media)] == [renewed.serial]
    record = bank.certificates.get(old.serial)
    assert record is not None and record.revoke_reason is RevocationReason.SUPERSEDED
    pink = PinkSign(
        pubkey_path=str(renewed.directory / "signCert.der"),
        prikey_path=str(renewed.directory / "signPri.key"),
        prikey_password=PASSWORD.encode(),
    )
    assert pink.verify(pink.sign(b"renewed"), b"renewed")


def test_reissue_keeps_the_old_expiry_is_free_and_lists_the_old_serial_in_the_crl(
    bank: Bank,
) -> None:
    old = _stage(bank, 60, BANK_USE)
    session = Session(service=Service.REISSUE, state=new_state(Service.REISSUE))
    session.customer = bank.registry.find_by_rrn("8503151234566")
    from kiosk.people.rrn import parse

    session.rrn = parse("850315-1234566", bank.clock.now().date())
    reissuing = session.issuance
    reissuing.chosen = bank.certificates.get(old.serial)
    reissuing.product, reissuing.medium = BANK_USE, Medium.HARD_DISK
    reissuing.password = "Reissue#2026pw"
    new = issue(session.issue_request(bank.config, None), bank=bank)
    assert new.not_after == old.not_after and new.fee_paid == 0
    assert new.not_before.date() == bank.clock.now().date()
    published = x509.load_der_x509_crl(crl.crl_path(bank.data_dir, BANK_USE.ca).read_bytes())
    assert [entry.serial_number for entry in published] == [old.serial]
    assert published.is_signature_valid(bank.cas.issuer(BANK_USE.ca).key.public_key())
    assert bank.certificates.usable(session.customer.id)[0].serial == new.serial  # type: ignore[union-attr]
    info = reader.load(new.directory)
    assert info.open_key("Reissue#2026pw").encoding is keyfile.KeyEncoding.PBES2


def test_crl_lists_exactly_the_revoked_serials(bank: Bank) -> None:
    certs = [_stage(bank, 10, BANK_USE) for _ in range(3)]
    bank.certificates.revoke(certs[0].serial, RevocationReason.KEY_COMPROMISE)
    bank.certificates.revoke(certs[2].serial, RevocationReason.CESSATION)
    bank.certificates.revoke(certs[2].serial, RevocationReason.UNSPECIFIED)  # no double entry
    published = x509.load_der_x509_crl(crl.crl_path(bank.data_dir, BANK_USE.ca).read_bytes())
    listed = {
        e.serial_number: e.extensions.get_extension_for_class(x509.CRLReason).value.reason
        for e in published
    }
    assert listed == {
        certs[0].serial: x509.ReasonFlags.key_compromise,
        certs[2].serial: x509.ReasonFlags.cessation_of_operation,
    }
    number = published.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert number >= 3
    for issued, revoked in ((certs[0], True), (certs[1], False)):
        status = crl.status_from_crls(bank.data_dir, reader.load(issued.directory).certificate)
        assert status is not None and status.revoked is revoked


def test_key_pool_hands_out_prepared_keys_once(bank: Bank) -> None:
    pool = KeyPool(size=2, refill_delay=0.0)
    pool.prime()
    assert pool.wait_ready(timeout=30)
    first, second = pool.take(), pool.take()
    assert first.private_numbers() != second.private_numbers()
    for _ in range(300):  # the refill starts from a timer thread
        if pool.wait_ready(timeout=0.1):
            break
    assert pool.ready == 2
    assert KeyPool(size=0).take().key_size == 2048  # an empty pool still answers, on demand


def test_config_chooses_the_encodings(bank: Bank) -> None:
    assert bank.config.new_issue_encoding is keyfile.KeyEncoding.SEED_CBC_WITH_SHA1
    assert bank.config.renewal_encoding is keyfile.KeyEncoding.PBES2
    (bank.data_dir / "kiosk.toml").write_text('[keys]\nnew_issue = "PBES2"\n', encoding="utf-8")
    assert load_config(bank.data_dir).new_issue_encoding is keyfile.KeyEncoding.PBES2
    (bank.data_dir / "kiosk.toml").write_text('[keys]\nnew_issue = "DES"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(bank.data_dir)


def test_staged_certificates_use_the_past_date(bank: Bank, clock: ManualClock) -> None:
    old = _stage(bank, 400)
    assert old.not_before.date() == clock.now().date() - dt.timedelta(days=400)
    assert old.not_after < clock.now()
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    assert bank.certificates.usable(customer.id) == []  # expired certificates are not offered
    fresh = _stage(bank, 0)
    assert [c.serial for c in bank.certificates.usable(customer.id)] == [fresh.serial]


def test_a_renewal_refused_at_payment_keeps_the_certificate_on_the_medium(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another kiosk drew the account down between the balance check and the
    withdrawal: the renewal is refused and the working certificate stays as it was
    (the files used to be deleted)."""
    old = _stage(bank, 355)
    before = {p.name: p.read_bytes() for p in old.directory.iterdir()}
    session = _renewal_visit(bank)
    request = session.issue_request(bank.config, PAY_FROM)
    monkeypatch.setattr("kiosk.bankside.signing.check_payment", lambda *args: None)  # it passed
    bank.store.db.execute("UPDATE accounts SET balance = 0 WHERE number = '1002-345-678901'")
    with pytest.raises(Refused) as refused:
        issue(request, bank=bank)
    assert refused.value.code == "insufficient_balance"
    assert {p.name: p.read_bytes() for p in old.directory.iterdir()} == before
    assert [f.info.serial for f in scan(bank.media)] == [old.serial]
    assert [p.name for p in old.directory.parent.iterdir() if p.name.startswith(".")] == []
    record = bank.certificates.get(old.serial)
    assert record is not None and record.revoked_at is None
