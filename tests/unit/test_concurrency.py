"""Several kiosk (or bank) processes on one bank at once, and a kiosk stopped
between a revocation and its CRL: the CA hierarchy, the CRLs and every counter
stay right, on SQLite and on PostgreSQL (issue #16, §8)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.bankside import operator
from kiosk.bankside.bank import Bank
from kiosk.certs.products import BANK_USE, CaId
from kiosk.core.clock import ManualClock
from kiosk.core.refusal import Refused
from kiosk.npki import crl
from kiosk.npki.ca import load_or_create
from kiosk.npki.revocation import RevocationReason
from kiosk.training.staging import stage_certificate
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


@pytest.fixture
def bank(any_bank: Bank) -> Bank:
    return any_bank


def _reopen(bank: Bank) -> Bank:
    """The same bank as another process opens it (its data directory and database)."""
    return Bank.open(bank.data_dir, ManualClock(TODAY), bank.store.url)


def _revoke(data_dir: Path, url: str | None, serial: int, barrier: Barrier) -> None:
    bank = Bank.open(data_dir, ManualClock(TODAY), url)
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
        FORK.Process(target=_revoke, args=(bank.data_dir, bank.store.url, serial, barrier))
        for serial in serials
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
    data_dir: Path, url: str | None, barrier: Barrier, compared: multiprocessing.Queue[int]
) -> None:
    bank = Bank.open(data_dir, ManualClock(TODAY), url)
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
        FORK.Process(
            target=_try_operator_pins, args=(bank.data_dir, bank.store.url, barrier, compared)
        )
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
    restarted = _reopen(bank)
    try:
        listed = {entry.serial_number for entry in x509.load_der_x509_crl(path.read_bytes())}
        assert serial in listed
    finally:
        restarted.close()


# --- every counter of wrong tries, exact however many processes try at once ----------


def _wrong_tries(
    data_dir: Path,
    url: str | None,
    kind: str,
    target: int,
    barrier: Barrier,
    counted: multiprocessing.Queue[int],
) -> None:
    """Two wrong tries from this process; how many the bank counted as tries (not
    refused outright as already locked or voided)."""
    bank = Bank.open(data_dir, ManualClock(TODAY), url)
    barrier.wait()
    tries = 0
    for _ in range(2):
        if kind == "otp":
            result = bank.auth.verify_otp(target, "000000")
            tries += result.status.name in ("WRONG", "REPLAYED") or result.failures == 10
        elif kind == "sms":
            status = bank.auth.verify_sms(target, "000000").status.name
            tries += status in ("WRONG", "VOIDED") and True
        elif kind == "account":
            checked = bank.factors.check_account("1002-345-678901", "0000")
            tries += checked.failures > 0
        else:
            try:
                bank.cloud.open(target, "000000")
            except Refused as refused:
                tries += refused.code == "pin_wrong" or "5/5" in refused.message
    counted.put(tries)
    bank.close()


def _together(bank: Bank, kind: str, target: int) -> int:
    barrier = FORK.Barrier(PROCESSES)
    counted: multiprocessing.Queue[int] = FORK.Queue()
    processes = [
        FORK.Process(
            target=_wrong_tries,
            args=(bank.data_dir, bank.store.url, kind, target, barrier, counted),
        )
        for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    total = sum(counted.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    return total


def test_otp_errors_stop_at_ten_with_sixteen_wrong_codes_at_once(bank: Bank) -> None:
    _together(bank, "otp", 1)
    row = bank.store.db.execute(
        "SELECT failures, locked FROM otp_tokens WHERE customer_id = 1"
    ).fetchone()
    assert (row["failures"], bool(row["locked"])) == (10, True)


def test_a_sms_code_is_void_after_exactly_five_wrong_tries(bank: Bank) -> None:
    challenge = bank.auth.send_sms("010-1234-5678")
    _together(bank, "sms", challenge.id)
    row = bank.store.db.execute(
        "SELECT failures FROM sms_codes WHERE id = ?", (challenge.id,)
    ).fetchone()
    assert row["failures"] == 5


def test_an_account_password_locks_at_exactly_five(bank: Bank) -> None:
    _together(bank, "account", 0)
    row = bank.store.db.execute(
        "SELECT pin_failures, pin_locked FROM accounts WHERE number = '1002-345-678901'"
    ).fetchone()
    assert (row["pin_failures"], bool(row["pin_locked"])) == (5, True)


def test_a_financial_certificate_pin_locks_at_exactly_five(bank: Bank) -> None:
    from kiosk.training.staging import stage_cloud_certificate

    record = stage_cloud_certificate(bank, "김민준", TODAY.date(), "280514")
    _together(bank, "cloud", record.customer_id)
    row = bank.store.db.execute(
        "SELECT pin_failures, pin_locked FROM cloud_certificates WHERE serial = ?",
        (record.serial,),
    ).fetchone()
    assert (row["pin_failures"], bool(row["pin_locked"])) == (5, True)
