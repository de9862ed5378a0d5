"""Several kiosk processes on one data directory at once, and a kiosk stopped
between a revocation and its CRL: the CA hierarchy, the CRLs and the operator
PIN's count stay right (issue #16, §8; each test failed on the code before)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk import operator
from kiosk.bank import Bank
from kiosk.clock import ManualClock
from kiosk.npki import crl
from kiosk.npki.ca import load_or_create
from kiosk.npki.revocation import RevocationReason
from kiosk.products import BANK_USE, CaId
from kiosk.training import stage_certificate
from tests.conftest import TODAY

# fork: the children share the test's pre-made keys and scrypt cost.
FORK = multiprocessing.get_context("fork")
PROCESSES = 8


def _signed_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    public = issuer.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    hash_algorithm = certificate.signature_hash_algorithm
    assert hash_algorithm is not None
    try:
        public.verify(
            certificate.signature,
            certificate.tbs_certificate_bytes,
            padding.PKCS1v15(),
            hash_algorithm,
        )
    except Exception:
        return False
    return True


def _start_cas(directory: Path, barrier: Barrier) -> None:
    barrier.wait()
    load_or_create(directory)


def test_kiosks_starting_together_make_one_ca_hierarchy(tmp_path: Path) -> None:
    directory = tmp_path / "ca"
    barrier = FORK.Barrier(4)
    starts = [FORK.Process(target=_start_cas, args=(directory, barrier)) for _ in range(4)]
    for process in starts:
        process.start()
    for process in starts:
        process.join(120)
        assert process.exitcode == 0
    cas = load_or_create(directory)
    for ca_id in CaId:
        assert _signed_by(cas.issuer(ca_id).certificate, cas.root.certificate), ca_id
    assert sorted(p.name for p in directory.glob("*.tmp")) == []


def _crl_number(path: Path) -> int:
    published = x509.load_der_x509_crl(path.read_bytes())
    return int(published.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)


def _revoke(data_dir: Path, serial: int, barrier: Barrier) -> None:
    bank = Bank.open(data_dir, ManualClock(TODAY))
    barrier.wait()
    bank.certificates.revoke(serial, RevocationReason.KEY_COMPROMISE)
    bank.close()


def test_kiosks_revoking_together_leave_every_revocation_on_the_crl(bank: Bank) -> None:
    issued_on = TODAY.date() - dt.timedelta(days=10)
    serials = [
        stage_certificate(bank, "김민준", BANK_USE, issued_on, "Kiosk!2026pw").serial
        for _ in range(PROCESSES)
    ]
    number_before = _crl_number(crl.crl_path(bank.data_dir, BANK_USE.ca))
    barrier = FORK.Barrier(PROCESSES)
    revokers = [
        FORK.Process(target=_revoke, args=(bank.data_dir, serial, barrier)) for serial in serials
    ]
    for process in revokers:
        process.start()
    for process in revokers:
        process.join(120)
        assert process.exitcode == 0
    published = x509.load_der_x509_crl(crl.crl_path(bank.data_dir, BANK_USE.ca).read_bytes())
    assert {entry.serial_number for entry in published} >= set(serials)
    number = _crl_number(crl.crl_path(bank.data_dir, BANK_USE.ca))
    assert number == int(bank.store.meta(f"crl_number:{BANK_USE.ca.value}") or "0")
    assert number >= number_before + PROCESSES


def _try_operator_pins(
    data_dir: Path, barrier: Barrier, compared: multiprocessing.Queue[int]
) -> None:
    bank = Bank.open(data_dir, ManualClock(TODAY))
    count = 0
    stretch = operator._hash

    def counting(pin: str, salt: bytes) -> str:
        nonlocal count
        count += 1
        return stretch(pin, salt)

    operator._hash = counting
    barrier.wait()
    for _ in range(3):
        assert not bank.operator.check("000000")
    compared.put(count)
    bank.close()


def test_the_operator_pin_limit_holds_for_many_kiosks_at_once(bank: Bank) -> None:
    barrier = FORK.Barrier(PROCESSES)
    compared: multiprocessing.Queue[int] = FORK.Queue()
    tries = [
        FORK.Process(target=_try_operator_pins, args=(bank.data_dir, barrier, compared))
        for _ in range(PROCESSES)
    ]
    for process in tries:
        process.start()
    counts = [compared.get(timeout=120) for _ in tries]
    for process in tries:
        process.join(120)
        assert process.exitcode == 0
    assert sum(counts) == operator.OPERATOR_MAX_FAILURES  # 24 tries, five compared
    assert bank.operator.locked


def test_a_revocation_whose_crl_was_never_written_is_published_at_the_next_start(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued_on = TODAY.date() - dt.timedelta(days=10)
    serial = stage_certificate(bank, "김민준", BANK_USE, issued_on, "Kiosk!2026pw").serial

    def killed(*args: object) -> None:
        raise SystemExit("the kiosk was stopped here")

    monkeypatch.setattr(crl, "publish", killed)
    with pytest.raises(SystemExit):
        bank.certificates.revoke(serial, RevocationReason.KEY_COMPROMISE)
    monkeypatch.undo()
    path = crl.crl_path(bank.data_dir, BANK_USE.ca)
    listed = {entry.serial_number for entry in x509.load_der_x509_crl(path.read_bytes())}
    assert serial not in listed  # the books say revoked; the CRL does not know yet
    bank.close()
    restarted = Bank.open(bank.data_dir, ManualClock(TODAY))
    try:
        listed = {entry.serial_number for entry in x509.load_der_x509_crl(path.read_bytes())}
        assert serial in listed
    finally:
        restarted.close()
