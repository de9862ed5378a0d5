"""타기관 인증서 등록/해제 in the domain: every check, and both key encodings."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from pypinksign import pypinksign

from kiosk.bankside.bank import Bank
from kiosk.certs.found_certs import FoundCertificate, scan, unlock
from kiosk.certs.products import BANK_USE, by_code
from kiosk.certs.records import PasswordAttempts
from kiosk.certs.registration import check_on_sight
from kiosk.core.refusal import Refused
from kiosk.npki import keyfile
from kiosk.npki.encodings import KeyEncoding
from kiosk.npki.revocation import RevocationReason
from kiosk.people.customers import Customer
from kiosk.people.rrn import Rrn
from kiosk.terminal.media import Medium
from kiosk.training.staging import MadeCertificate, make_certificate, stage_certificate

PASSWORD = "Kiosk!2026pw"
MINJUN = "8503151234566"
SEOYEON = "9207082345672"


def _make(
    bank: Bank,
    *,
    owner: str = MINJUN,
    name: str = "김민준",
    code: str = "kica-general",
    encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1,
    days_ago: int = 30,
) -> MadeCertificate:
    return make_certificate(
        bank,
        real_name=name,
        rrn_digits=owner,
        product=by_code(code),
        medium=Medium.USB,
        password=PASSWORD,
        encoding=encoding,
        issued_on=bank.clock.now().date() - dt.timedelta(days=days_ago),
    )


def _found(bank: Bank, made: MadeCertificate) -> FoundCertificate:
    return next(f for f in scan(bank.media) if f.info.directory == made.directory)


def _minjun(bank: Bank) -> tuple[Customer, Rrn]:
    customer = bank.registry.find_by_rrn(MINJUN)
    assert customer is not None
    return customer, Rrn(MINJUN)


def _open_for(
    bank: Bank,
    found: FoundCertificate,
    password: str,
    attempts: PasswordAttempts,
    customer: Customer,
    rrn: Rrn,
) -> None:
    """What 등록 does with a certificate: the kiosk checks dates and opens the key,
    the bank checks the rest."""
    check_on_sight(found, bank.clock.now())
    key = unlock(found, password, attempts)
    bank.registrations.check_foreign(customer, found.info.der, key.random_num or b"", rrn)


def _refusal(bank: Bank, found: FoundCertificate, password: str = PASSWORD) -> str:
    customer, rrn = _minjun(bank)
    with pytest.raises(Refused) as caught:
        _open_for(bank, found, password, PasswordAttempts(), customer, rrn)
    assert caught.value.message
    return caught.value.code


@pytest.mark.parametrize("encoding", list(KeyEncoding))
@pytest.mark.parametrize(
    "code", ["kica-general", "crosscert-bank", "tradesign-general", "crosscert-general"]
)
def test_other_institutions_certificates_register_in_either_encoding(
    bank: Bank, code: str, encoding: KeyEncoding
) -> None:
    made = _make(bank, code=code, encoding=encoding)
    found = _found(bank, made)
    assert found.ca_label == by_code(code).ca.display_name
    customer, rrn = _minjun(bank)
    _open_for(bank, found, PASSWORD, PasswordAttempts(), customer, rrn)
    registered = bank.registrations.register(customer, found.info.der)
    assert [r.serial for r in bank.registrations.active(customer.id)] == [str(made.serial)]
    assert registered.ca_name == by_code(code).ca.display_name


def test_a_key_written_by_pypinksign_registers(bank: Bank) -> None:
    """An independent NPKI implementation writes the seedCBCWithSHA1 key file."""
    made = _make(bank)
    key_path = made.directory / "signPri.key"
    ours = keyfile.decrypt_key(key_path.read_bytes(), PASSWORD)
    assert ours.random_num is not None
    plain = ours.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with_r = pypinksign.inject_rand_in_plain_prikey(
        base64.b64encode(plain).decode(), ours.random_num
    )
    theirs = pypinksign.encrypt_decrypted_prikey(with_r, PASSWORD.encode())
    key_path.write_bytes(base64.b64decode(theirs))
    customer, rrn = _minjun(bank)
    found = _found(bank, made)
    _open_for(bank, found, PASSWORD, PasswordAttempts(), customer, rrn)
    assert bank.registrations.register(customer, found.info.der).serial == str(made.serial)


def test_somebody_elses_certificate_is_refused_by_its_vid(bank: Bank) -> None:
    made = _make(bank, owner=SEOYEON, name="이서연", code="tradesign-general")
    assert _refusal(bank, _found(bank, made)) == "register_not_mine"


def test_expired_and_not_yet_valid_certificates_are_refused_on_sight(bank: Bank) -> None:
    expired = _found(bank, _make(bank, days_ago=400))
    with pytest.raises(Refused) as caught:
        from kiosk.certs.registration import check_registrable

        check_registrable(expired, bank.clock.now(), bank.data_dir)
    assert caught.value.code == "register_expired"
    future = _found(bank, _make(bank, code="crosscert-bank", days_ago=-3))
    assert _refusal(bank, future) == "register_not_yet_valid"


def test_a_revoked_certificate_of_the_kiosks_own_ca_is_refused(bank: Bank) -> None:
    staged = stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=20), PASSWORD
    )
    bank.certificates.revoke(staged.serial, RevocationReason.KEY_COMPROMISE)
    [found] = [f for f in scan(bank.media) if f.info.serial == staged.serial]
    assert _refusal(bank, found) == "register_revoked"


def test_wrong_passwords_are_counted_and_the_fifth_locks_for_the_visit(bank: Bank) -> None:
    found = _found(bank, _make(bank))
    customer, rrn = _minjun(bank)
    attempts = PasswordAttempts()
    codes = []
    for _ in range(5):
        with pytest.raises(Refused) as caught:
            _open_for(bank, found, "Wrong!2026pw", attempts, customer, rrn)
        codes.append(caught.value.code)
    assert codes == ["cert_password_wrong"] * 4 + ["cert_password_locked"]
    with pytest.raises(Refused) as caught:
        _open_for(bank, found, PASSWORD, attempts, customer, rrn)
    assert caught.value.code == "cert_password_locked"


def test_registering_twice_is_refused_and_unregistering_keeps_the_files(bank: Bank) -> None:
    made = _make(bank)
    found = _found(bank, made)
    customer, _ = _minjun(bank)
    registered = bank.registrations.register(customer, found.info.der)
    assert _refusal(bank, found) == "register_already"
    with pytest.raises(Refused):
        bank.registrations.register(customer, found.info.der)
    ended = bank.registrations.unregister(customer.id, registered.id)
    assert ended.unregistered_at is not None
    assert bank.registrations.active(customer.id) == []
    assert (made.directory / "signCert.der").is_file() and (
        made.directory / "signPri.key"
    ).is_file()
    again = bank.registrations.register(customer, found.info.der)  # may be registered again later
    assert again.id != registered.id


def test_identity_by_account_names_each_problem(bank: Bank) -> None:
    factors = bank.factors
    assert factors.holder_of("12", MINJUN).status.name == "BAD_ACCOUNT_NUMBER"
    assert factors.holder_of("1002-999-999999", MINJUN).status.name == "NO_SUCH_ACCOUNT"
    assert factors.holder_of("1002-456-789012", MINJUN).status.name == "NOT_OWN_ACCOUNT"
    holder = factors.holder_of("1002345678901", MINJUN)
    assert holder.ok and holder.customer is not None and holder.customer.name == "김민준"
