"""The certificate profile, the files, and all-or-nothing issuance."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding
from pypinksign import PinkSign

from kiosk.bankside.bank import Bank
from kiosk.certs.issuance import IssuedCertificate, IssueRequest, issue
from kiosk.certs.products import BANK_USE, GENERAL_SIGNKOREA, GENERAL_YESSIGN, Product
from kiosk.core.refusal import Refused
from kiosk.npki import keyfile, reader
from kiosk.people.rrn import parse
from kiosk.terminal.media import Medium

PASSWORD = "Kiosk!2026pw"


def _issue(
    bank: Bank,
    product: Product = BANK_USE,
    medium: Medium = Medium.HARD_DISK,
    account: str | None = None,
    encoding: keyfile.KeyEncoding = keyfile.KeyEncoding.SEED_CBC_WITH_SHA1,
    name: str = "김민준",
    rrn: str = "850315-1234566",
) -> IssuedCertificate:
    customer = bank.registry.find_by_rrn(rrn.replace("-", ""))
    assert customer is not None and customer.name == name
    request = IssueRequest(
        customer, parse(rrn, bank.clock.now().date()), product, medium, PASSWORD, account, encoding
    )
    return issue(request, bank=bank)


def test_certificate_profile(bank: Bank) -> None:
    issued = _issue(bank)
    cert = x509.load_der_x509_certificate((issued.directory / "signCert.der").read_bytes())
    assert cert.version is x509.Version.v3
    assert cert.signature_hash_algorithm is not None
    assert cert.signature_hash_algorithm.name == "sha256"
    assert cert.public_key().key_size == 2048  # type: ignore[union-attr]
    policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies)
    assert policies.critical
    assert policies.value[0].policy_identifier.dotted_string == BANK_USE.policy_oid
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    for extension in (
        x509.AuthorityKeyIdentifier,
        x509.SubjectKeyIdentifier,
        x509.SubjectAlternativeName,
        x509.CRLDistributionPoints,
        x509.AuthorityInformationAccess,
    ):
        cert.extensions.get_extension_for_class(extension)
    assert cert.not_valid_after_utc - cert.not_valid_before_utc > dt.timedelta(days=365)
    assert cert.not_valid_after_utc - cert.not_valid_before_utc < dt.timedelta(days=367)
    # The chain: issuing CA signed it, the root signed the issuing CA.
    ca = bank.cas.issuer(BANK_USE.ca).certificate
    ca.public_key().verify(  # type: ignore[union-attr, call-arg]
        cert.signature,
        cert.tbs_certificate_bytes,
        padding.PKCS1v15(),
        cert.signature_hash_algorithm,
    )
    cert.verify_directly_issued_by(ca)
    ca.verify_directly_issued_by(bank.cas.root.certificate)


def test_vid_identifies_the_customer_and_nobody_else(bank: Bank) -> None:
    issued = _issue(bank)
    info = reader.load(issued.directory)
    key = info.open_key(PASSWORD)
    assert info.owner_name == "김민준"
    assert info.vid_matches("8503151234566", key.random_num)
    assert not info.vid_matches("9207082345672", key.random_num)


def test_each_issue_has_a_fresh_key_and_random_number(bank: Bank) -> None:
    first, second = _issue(bank), _issue(bank)
    assert first.serial != second.serial and first.directory != second.directory
    k1 = reader.load(first.directory).open_key(PASSWORD)
    k2 = reader.load(second.directory).open_key(PASSWORD)
    assert k1.random_num != k2.random_num
    assert k1.key.private_numbers() != k2.key.private_numbers()


@pytest.mark.parametrize("encoding", list(keyfile.KeyEncoding))
def test_pypinksign_opens_both_encodings_and_its_signature_verifies(
    bank: Bank, encoding: keyfile.KeyEncoding
) -> None:
    issued = _issue(bank, encoding=encoding)
    pink = PinkSign(
        pubkey_path=str(issued.directory / "signCert.der"),
        prikey_path=str(issued.directory / "signPri.key"),
        prikey_password=PASSWORD.encode(),
    )
    message = b"1,000,000 KRW to 1002-345-678901"
    signature = pink.sign(message)
    cert = x509.load_der_x509_certificate((issued.directory / "signCert.der").read_bytes())
    cert.public_key().verify(signature, message, padding.PKCS1v15(), cert.signature_hash_algorithm)  # type: ignore[union-attr, call-arg, arg-type]
    assert pink.serialnum() == issued.serial


def test_fee_is_debited_once_with_a_history_line(bank: Bank) -> None:
    _issue(bank, GENERAL_SIGNKOREA, account="1002-345-678901")
    row = bank.store.db.execute(
        "SELECT balance FROM accounts WHERE number = '1002-345-678901'"
    ).fetchone()
    assert row[0] == 1_250_000 - 4_400
    history = bank.store.db.execute("SELECT amount, memo FROM account_history").fetchall()
    assert [tuple(h) for h in history] == [(-4400, "인증서발급수수료")]


@pytest.mark.parametrize(
    ("account", "code"),
    [(None, "no_account"), ("1002-456-789012", "not_own_account")],
)
def test_fee_refusals_leave_nothing_behind(bank: Bank, account: str | None, code: str) -> None:
    with pytest.raises(Refused) as caught:
        _issue(bank, GENERAL_YESSIGN, account=account)
    assert caught.value.code == code
    assert not (bank.media.root(Medium.HARD_DISK) / "NPKI").exists()


def _balance(bank: Bank) -> int:
    row = bank.store.db.execute(
        "SELECT balance FROM accounts WHERE number = '1002-345-678901'"
    ).fetchone()
    return int(row[0])


def test_a_medium_that_refuses_the_key_file_is_found_before_anything_is_signed(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank.media.insert_usb()
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT:
            raise OSError(30, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(Refused) as caught:
        _issue(bank, GENERAL_YESSIGN, Medium.USB, account="1002-345-678901")
    assert caught.value.code == "medium_write_failed"
    assert not (bank.media.root(Medium.USB) / "NPKI").exists()
    assert bank.store.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0] == 0
    assert _balance(bank) == 1_250_000


def test_signed_but_not_written_shows_as_undelivered_and_the_next_try_is_free(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stick went away between the bank's signature and the swap into place: the
    books say so, nothing half-written is left, and the customer is not charged again."""
    bank.media.insert_usb()

    def pulled(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    with monkeypatch.context() as patched:
        patched.setattr(os, "rename", pulled)
        with pytest.raises(Refused) as caught:
            _issue(bank, GENERAL_YESSIGN, Medium.USB, account="1002-345-678901")
    assert caught.value.code == "medium_write_failed"
    user_dir = bank.media.root(Medium.USB) / "NPKI" / "yessign" / "USER"
    assert list(user_dir.iterdir()) == []
    rows = bank.store.db.execute("SELECT serial, status, fee FROM certificates").fetchall()
    assert [(r["status"], r["fee"]) for r in rows] == [("signed", 4_400)]
    assert _balance(bank) == 1_250_000 - 4_400

    again = _issue(bank, GENERAL_YESSIGN, Medium.USB, account="1002-345-678901")
    assert again.fee_paid == 0
    assert _balance(bank) == 1_250_000 - 4_400
    lost = bank.certificates.get(rows[0]["serial"])
    assert lost is not None and lost.revoked  # the copy nobody holds is on the CRL
    status = bank.store.db.execute(
        "SELECT status FROM certificates WHERE serial = ?", (again.serial,)
    ).fetchone()[0]
    assert status == "valid"


def test_files_are_owner_only(bank: Bank) -> None:
    issued = _issue(bank)
    for path in (issued.directory, issued.directory / "signPri.key"):
        assert oct(path.stat().st_mode & 0o077) == "0o0"


def test_validity_is_one_year_to_the_end_of_the_day(bank: Bank) -> None:
    start, end = BANK_USE.validity_from(dt.datetime(2028, 2, 29, 9, 30, tzinfo=dt.UTC))
    assert end.date() == dt.date(2029, 2, 28)
    assert (end.hour, end.minute) == (23, 59)
    assert start.year == 2028


def test_rrn_never_reaches_the_data_directory_in_clear(bank: Bank, data_dir: Path) -> None:
    _issue(bank)
    for path in data_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for rrn in ("8503151234566", "850315-1234566"):
                assert rrn.encode() not in content, path


def test_a_key_from_another_certificate_does_not_match(bank: Bank) -> None:
    first, second = _issue(bank), _issue(bank)
    other_key = reader.load(second.directory).open_key(PASSWORD).key
    info = reader.load(first.directory)
    assert info.key_matches(info.open_key(PASSWORD).key)
    assert not info.key_matches(other_key)
