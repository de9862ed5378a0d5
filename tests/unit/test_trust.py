"""The kiosk as a relying party: paths to a trust anchor, CRLs it believes, and
the refusals at 등록 and 갱신 that follow from them (DESIGN §9)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.bankside.bank import Bank
from kiosk.bankside.service import BankService
from kiosk.bankside.visits import Proof
from kiosk.certs.found_certs import FoundCertificate, scan, unlock
from kiosk.certs.products import BANK_USE, CaId, by_code
from kiosk.certs.records import PasswordAttempts
from kiosk.core.clock import ManualClock
from kiosk.core.refusal import Refused
from kiosk.npki import crl, reader, trust
from kiosk.npki.encodings import KeyEncoding
from kiosk.npki.relying import assess
from kiosk.npki.revocation import RevocationReason
from kiosk.terminal.media import Medium
from kiosk.training.staging import make_certificate, stage_certificate
from kiosk.visit.flows import Service
from kiosk_cli.main import main
from tests.conftest import TODAY
from tests.foreign_ca import OutsideCa, forged_ca, outside_ca, resign, subscriber

PASSWORD = "Kiosk!2026pw"
MINJUN = "8503151234566"


def _register(bank: Bank, found: FoundCertificate) -> None:
    """등록 as the bank checks it: before the password, then with the opened key."""
    customer = bank.registry.find_by_rrn(MINJUN)
    assert customer is not None
    service = BankService(bank)
    visit = service.open_visit(Service.REGISTER)
    service.check_registrable(visit, found.info.der)
    key = unlock(found, PASSWORD, PasswordAttempts())
    registrations = bank.registrations
    from kiosk.people.rrn import Rrn

    registrations.check_foreign(customer, found.info.der, key.random_num or b"", Rrn(MINJUN))
    registrations.register(customer, found.info.der)


def _refused(bank: Bank, found: FoundCertificate) -> Refused:
    with pytest.raises(Refused) as caught:
        _register(bank, found)
    return caught.value


def _found(bank: Bank, directory: Path) -> FoundCertificate:
    return next(f for f in scan(bank.media) if f.info.directory == directory)


def _outside(
    bank: Bank, encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1
) -> tuple[OutsideCa, Path]:
    ca = outside_ca(now=bank.clock.now())
    bank.media.insert_usb()
    directory = subscriber(
        ca,
        real_name="김민준",
        rrn_digits=MINJUN,
        medium_root=bank.media.root(Medium.USB),
        password=PASSWORD,
        now=bank.clock.now(),
        encoding=encoding,
    )
    return ca, directory


@pytest.fixture(autouse=True)
def cli_on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kiosk cert show` reads the CRLs on the tests' day, not at the real time of day."""
    monkeypatch.setattr("kiosk_cli.main._clock", lambda args: ManualClock(TODAY))


def _cert_show(
    data_dir: Path, directory: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, object]:
    code = main(["cert", "show", str(directory), "--data-dir", str(data_dir)])
    assert code == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_every_product_the_kiosk_issues_is_trusted_and_good(bank: Bank) -> None:
    for code in ("bank", "general-yessign", "general-signkorea", "kica-general", "tradesign-bank"):
        made = make_certificate(
            bank,
            real_name="김민준",
            rrn_digits=MINJUN,
            product=by_code(code),
            medium=Medium.HARD_DISK,
            password=PASSWORD,
        )
        assessment = assess(bank.data_dir, reader.load(made.directory).certificate, TODAY)
        assert assessment.trust.report == "trusted", code
        assert assessment.revocation.report == "good", code


def test_a_certificate_signed_by_another_key_under_a_known_ca_name_is_refused(
    bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: issuer named "CrossCertCA4", signed by an unrelated key."""
    impostor = forged_ca(bank.cas.issuer(CaId.CROSSCERT).certificate)
    bank.media.insert_usb()
    directory = subscriber(
        impostor,
        real_name="김민준",
        rrn_digits=MINJUN,
        medium_root=bank.media.root(Medium.USB),
        password=PASSWORD,
        now=bank.clock.now(),
        folder="CrossCert",
        policy=by_code("crosscert-general").policy_oid,
    )
    refused = _refused(bank, _found(bank, directory))
    assert refused.code == "register_untrusted"
    assert "신뢰할 수 없는 기관의 인증서입니다(발급기관의 서명이 맞지 않습니다)" in refused.message
    customer = bank.registry.find_by_rrn(MINJUN)
    assert customer is not None and bank.registrations.active(customer.id) == []
    shown = _cert_show(bank.data_dir, directory, capsys)
    assert shown["trust"] == "untrusted: bad signature"


@pytest.mark.parametrize("encoding", list(KeyEncoding))
def test_another_institutions_ca_is_refused_until_a_trainer_trusts_it(
    bank: Bank, encoding: KeyEncoding, capsys: pytest.CaptureFixture[str]
) -> None:
    ca, directory = _outside(bank, encoding)
    refused = _refused(bank, _found(bank, directory))
    assert (
        refused.code == "register_untrusted" and "발급기관을 신뢰할 수 없습니다" in refused.message
    )
    assert _cert_show(bank.data_dir, directory, capsys)["trust"] == "untrusted: unknown issuer"

    # README: the CA certificate goes in <data-dir>/trust/, its CRL in <data-dir>/crl/.
    (bank.data_dir / "trust").mkdir()
    (bank.data_dir / "trust" / "outside-ca.pem").write_bytes(ca.pem)
    refused = _refused(bank, _found(bank, directory))
    assert refused.code == "register_revocation_unknown"
    assert "폐기 여부를 확인할 수 없어" in refused.message

    (bank.data_dir / "crl" / "outside.crl").write_bytes(ca.crl(bank.clock.now()))
    _register(bank, _found(bank, directory))
    customer = bank.registry.find_by_rrn(MINJUN)
    assert customer is not None and len(bank.registrations.active(customer.id)) == 1
    shown = _cert_show(bank.data_dir, directory, capsys)
    assert shown["trust"] == "trusted" and shown["revocation"] == "good"


def test_a_certificate_on_its_trusted_cas_crl_is_refused_as_revoked(bank: Bank) -> None:
    ca, directory = _outside(bank)
    (bank.data_dir / "trust").mkdir()
    (bank.data_dir / "trust" / "outside-ca.crt").write_bytes(
        ca.certificate.public_bytes(Encoding.DER)
    )
    serial = reader.load(directory).serial
    (bank.data_dir / "crl" / "outside.crl").write_bytes(ca.crl(bank.clock.now(), (serial,)))
    assert _refused(bank, _found(bank, directory)).code == "register_revoked"


def test_this_banks_own_certificate_is_refused_at_register(bank: Bank) -> None:
    staged = stage_certificate(
        bank, "김민준", by_code("general-signkorea"), TODAY.date() - dt.timedelta(days=3), PASSWORD
    )
    found = _found(bank, staged.directory)
    refused = _refused(bank, found)
    assert refused.code == "register_own_bank"
    assert "이 은행에서 발급한 인증서입니다" in refused.message


def test_another_banks_certificate_from_the_same_ca_still_registers(bank: Bank) -> None:
    """yessign issues for every bank: one from 우리은행 is not this bank's."""
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN,
        product=by_code("general-yessign"),
        medium=Medium.USB,
        password=PASSWORD,
    )
    _register(bank, _found(bank, made.directory))


def test_a_crl_signed_by_another_key_is_not_believed(
    bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    staged = stage_certificate(
        bank, "김민준", BANK_USE, TODAY.date() - dt.timedelta(days=3), PASSWORD
    )
    bank.certificates.revoke(staged.serial, RevocationReason.KEY_COMPROMISE)
    assert _cert_show(bank.data_dir, staged.directory, capsys)["revocation"] == "revoked"
    impostor = forged_ca(bank.cas.issuer(CaId.YESSIGN).certificate)
    forged = impostor.crl(bank.clock.now())  # lists nothing
    crl.crl_path(bank.data_dir, CaId.YESSIGN).write_bytes(forged)
    shown = _cert_show(bank.data_dir, staged.directory, capsys)
    assert shown["revocation"] == "unknown: CRL signature invalid"
    assert shown["revoked"] is None
    # 등록 of another bank's yessign certificate cannot tell its status either.
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN,
        product=by_code("general-yessign"),
        medium=Medium.USB,
        password=PASSWORD,
    )
    assert _refused(bank, _found(bank, made.directory)).code == "register_revocation_unknown"


def test_a_deleted_crl_is_unknown_until_the_ca_publishes_again(
    bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN,
        product=by_code("kica-general"),
        medium=Medium.USB,
        password=PASSWORD,
    )
    crl.crl_path(bank.data_dir, CaId.KICA).unlink()
    assert _cert_show(bank.data_dir, made.directory, capsys)["revocation"] == (
        "unknown: no CRL of the issuer"
    )
    _register(bank, _found(bank, made.directory))  # the service finds it due and publishes
    assert crl.crl_path(bank.data_dir, CaId.KICA).is_file()


def test_crls_are_published_again_before_their_next_update(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = ManualClock(TODAY)
    bank = Bank.open(data_dir, clock)
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN,
        product=by_code("kica-general"),
        medium=Medium.USB,
        password=PASSWORD,
    )
    bank.close()
    two_days_on = TODAY + dt.timedelta(days=2)
    stale = assess(data_dir, reader.load(made.directory).certificate, two_days_on)
    assert stale.revocation.report == "unknown: CRL past its nextUpdate"
    # 18 hours on the CRL still has 6 hours to run: the next start publishes anyway.
    clock.advance(18 * 3600)
    before = crl.published_number(crl.crl_path(data_dir, CaId.KICA))
    Bank.open(data_dir, clock).close()
    assert crl.published_number(crl.crl_path(data_dir, CaId.KICA)) == (before or 0) + 1
    clock.advance(2 * 24 * 3600)
    bank = Bank.open(data_dir, clock)
    try:
        fresh = assess(data_dir, reader.load(made.directory).certificate, clock.now())
        assert fresh.revocation.report == "good"
        # And a service republishes too, without a restart.
        clock.advance(2 * 24 * 3600)
        BankService(bank).open_visit(Service.REGISTER)
        later = assess(data_dir, reader.load(made.directory).certificate, clock.now())
        assert later.revocation.report == "good"
    finally:
        bank.close()


def test_the_root_publishes_an_arl_and_a_revoked_ca_breaks_the_path(bank: Bank) -> None:
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN,
        product=by_code("tradesign-general"),
        medium=Medium.HARD_DISK,
        password=PASSWORD,
    )
    certificate = reader.load(made.directory).certificate
    arl = x509.load_der_x509_crl(crl.arl_path(bank.data_dir).read_bytes())
    assert arl.issuer == bank.cas.root.name and arl.is_signature_valid(
        bank.cas.root.certificate.public_key()  # type: ignore[arg-type]
    )
    tradesign = bank.cas.issuer(CaId.TRADESIGN).certificate
    revoked = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(bank.cas.root.name)
        .last_update(TODAY - dt.timedelta(hours=1))
        .next_update(TODAY + dt.timedelta(days=1))
        .add_extension(x509.CRLNumber(999), False)
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(tradesign.serial_number)
            .revocation_date(TODAY - dt.timedelta(hours=2))
            .build()
        )
        .sign(bank.cas.root.key, hashes.SHA256())
    )
    crl.arl_path(bank.data_dir).write_bytes(revoked.public_bytes(Encoding.DER))
    assert assess(bank.data_dir, certificate, TODAY).trust.report == (
        "untrusted: CA certificate revoked"
    )


def test_a_forged_copy_of_this_banks_certificate_is_not_renewed(bank: Bank) -> None:
    staged = stage_certificate(
        bank, "김민준", BANK_USE, TODAY.date() - dt.timedelta(days=350), PASSWORD
    )
    genuine = reader.load(staged.directory).certificate
    service = BankService(bank)
    visit = service.open_visit(Service.RENEW)
    assert service.renewable(visit, genuine.public_bytes(Encoding.DER)).serial == staged.serial
    copy = resign(genuine, forged_ca(bank.cas.issuer(CaId.YESSIGN).certificate))
    with pytest.raises(Refused) as caught:
        service.renewable(visit, copy.public_bytes(Encoding.DER))
    assert caught.value.code == "cert_untrusted"
    assert "신뢰할 수 없는 인증서입니다" in caught.value.message
    with pytest.raises(Refused) as caught:
        service.prove_certificate_owner(
            visit, copy.public_bytes(Encoding.DER), b"\0" * 20, "850315-1234566"
        )
    assert caught.value.code == "cert_untrusted"
    assert not service.visits.get(visit).has(Proof.CERT_OWNER, str(staged.serial))


def test_a_trust_directory_holding_junk_trusts_nothing_more(bank: Bank) -> None:
    (bank.data_dir / "trust").mkdir()
    (bank.data_dir / "trust" / "notes.pem").write_text("-----BEGIN nonsense")
    (bank.data_dir / "trust" / "empty.der").write_bytes(b"")
    store = trust.load(bank.data_dir)
    assert store.anchors == (bank.cas.root.certificate,)


def test_cert_show_without_a_data_directory_says_untrusted(
    tmp_path: Path, bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN,
        product=BANK_USE,
        medium=Medium.HARD_DISK,
        password=PASSWORD,
    )
    shown = _cert_show(tmp_path / "nowhere", made.directory, capsys)
    assert shown["trust"] == "untrusted: unknown issuer"
    assert shown["revocation"] == "unknown: no CRL of the issuer" and shown["revoked"] is None


def test_cert_show_reads_a_password_with_trust_fields(
    bank: Bank, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN,
        product=BANK_USE,
        medium=Medium.HARD_DISK,
        password=PASSWORD,
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = main(
        ["cert", "show", str(made.directory), "--data-dir", str(bank.data_dir), "--password-stdin"]
    )
    shown = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0 and shown["password_ok"] is True
    assert shown["trust"] == "trusted" and shown["revocation"] == "good"
