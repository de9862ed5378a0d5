"""Certificates built like the real ones, and read like real ones."""

from __future__ import annotations

import datetime as dt
import re

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtensionOID

from kiosk.bankside.bank import Bank
from kiosk.certs.products import FINANCIAL, KNOWN_POLICIES, LEGACY_FINANCIAL_POLICY_OID, Product
from kiosk.npki import reader
from kiosk.terminal.media import Medium
from kiosk.training.staging import MadeCertificate
from tests.conftest import TODAY
from tests.foreign_ca import outside_ca, subscriber

PASSWORD = "Kiosk!2026pw"


def test_every_policy_oid_is_read_not_only_the_first(bank: Bank) -> None:
    """TradeSign's certificates carry two policies; the product is named by the known one."""
    bank.media.insert_usb()
    directory = subscriber(
        outside_ca(now=TODAY),
        real_name="김민준",
        rrn_digits="8503151234566",
        medium_root=bank.media.root(Medium.USB),
        password=PASSWORD,
        now=TODAY,
        folder="TradeSign",
        policy=("1.2.410.200012.1.1.3", "1.2.410.200012.1.1.101"),
    )
    info = reader.load(directory)
    assert info.policy_oids == ["1.2.410.200012.1.1.3", "1.2.410.200012.1.1.101"]
    assert info.policy_oid == "1.2.410.200012.1.1.101"
    assert info.product_name == "은행/신용카드/보험용" and info.ca_name == "한국무역정보통신"


def test_the_financial_certificate_has_a_simulated_oid_of_its_own() -> None:
    """1.2.410.200005.1.1.6.8 is yessign's 전자세금용 in public OID tables: bank filters
    would hide or mislabel a 금융인증서 carrying it. The simulated OID is UUID-based
    (arc 2.25), which no real product uses; the old one still reads as 금융인증서."""
    assert FINANCIAL.policy_oid.startswith("2.25.")
    assert FINANCIAL.policy_oid != LEGACY_FINANCIAL_POLICY_OID
    assert KNOWN_POLICIES[LEGACY_FINANCIAL_POLICY_OID][1] == FINANCIAL.name
    assert not any(
        oid.startswith("1.2.410.200005.1.1.6")
        for oid, (_, name) in KNOWN_POLICIES.items()
        if oid != LEGACY_FINANCIAL_POLICY_OID
    )


def test_ca_certificates_are_built_like_yessignca_class_2_of_the_current_generation(
    bank: Bank,
) -> None:
    """DESIGN §9's reference (the real yessignCA Class 2 under KISA RootCA 4): small
    serial, ten years, AKI with issuer and serial, anyPolicy and
    requireExplicitPolicy=0 (critical), a CRL DP at the root's ARL, in its order."""
    from cryptography import x509
    from cryptography.x509.oid import CertificatePoliciesOID

    from kiosk.certs.products import CaId

    root = bank.cas.root.certificate
    for ca_id in CaId:
        ca = bank.cas.issuer(ca_id).certificate
        assert ca.serial_number < 2**16
        years = ca.not_valid_after_utc.year - ca.not_valid_before_utc.year
        assert years == 10
        assert ca.not_valid_before_utc <= TODAY <= ca.not_valid_after_utc
        assert [ext.oid for ext in ca.extensions] == [
            ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
            ExtensionOID.SUBJECT_KEY_IDENTIFIER,
            ExtensionOID.KEY_USAGE,
            ExtensionOID.CERTIFICATE_POLICIES,
            ExtensionOID.BASIC_CONSTRAINTS,
            ExtensionOID.POLICY_CONSTRAINTS,
            ExtensionOID.CRL_DISTRIBUTION_POINTS,
        ]
        aki = ca.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
        assert aki.authority_cert_serial_number == root.serial_number
        assert aki.authority_cert_issuer == [x509.DirectoryName(root.subject)]
        policies = ca.extensions.get_extension_for_class(x509.CertificatePolicies)
        assert policies.critical
        assert [p.policy_identifier for p in policies.value] == [CertificatePoliciesOID.ANY_POLICY]
        constraints = ca.extensions.get_extension_for_class(x509.PolicyConstraints)
        assert constraints.critical and constraints.value.require_explicit_policy == 0
        points = ca.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        [uri] = points[0].full_name or []
        assert "authorityRevocationList" in str(uri.value)
    yessign = bank.cas.issuer(CaId.YESSIGN).certificate
    assert yessign.serial_number == 4124
    # Class 2 (the reference) expired in 2025: the kiosk's CAs are the next generation.
    assert yessign.subject.rfc4514_string() == "CN=yessignCA Class 3,OU=AccreditedCA,O=yessign,C=kr"
    names = {bank.cas.issuer(ca_id).certificate.subject.rfc4514_string() for ca_id in CaId}
    assert "CN=signGATE CA6,OU=AccreditedCA,O=KICA,C=KR" in names
    # The CA's user notice is a BMPString, as in the reference certificate.
    from kiosk.npki.ca import ROOT_NOTICE

    assert _written_as_bmpstring(yessign, ROOT_NOTICE)
    assert root.serial_number == 1


def test_personal_certificates_carry_extensions_as_the_real_ones(bank: Bank) -> None:
    """AKI (with the CA's issuer and serial), SKI, KU, CP, SAN, CRL DP, AIA in that
    order; yessign's notice before its CPS; KICA's policies not critical."""
    from cryptography import x509

    from kiosk.certs.products import CaId, by_code

    for code in ("bank", "kica-general", "tradesign-general"):
        product = by_code(code)
        made = _made(bank, product)
        certificate = reader.load(made.directory).certificate
        assert [ext.oid for ext in certificate.extensions] == [
            ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
            ExtensionOID.SUBJECT_KEY_IDENTIFIER,
            ExtensionOID.KEY_USAGE,
            ExtensionOID.CERTIFICATE_POLICIES,
            ExtensionOID.SUBJECT_ALTERNATIVE_NAME,
            ExtensionOID.CRL_DISTRIBUTION_POINTS,
            ExtensionOID.AUTHORITY_INFORMATION_ACCESS,
        ], code
        ca = bank.cas.issuer(product.ca).certificate
        aki = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
        assert aki.authority_cert_serial_number == ca.serial_number
        assert aki.authority_cert_issuer == [x509.DirectoryName(ca.issuer)]
        policies = certificate.extensions.get_extension_for_class(x509.CertificatePolicies)
        assert policies.critical is (product.ca is not CaId.KICA), code
        qualifiers = policies.value[0].policy_qualifiers or []
        first_is_notice = isinstance(qualifiers[0], x509.UserNotice)
        assert first_is_notice is (product.ca is CaId.YESSIGN), code


def _written_as_bmpstring(certificate: x509.Certificate, text: str) -> bool:
    """Whether the certificate's own bytes hold `text` as a DER BMPString (tag 30).

    Read from the DER as issued: cryptography re-encodes a parsed notice as UTF8String."""
    from pyasn1.codec.der import encoder
    from pyasn1.type import char

    der = certificate.public_bytes(serialization.Encoding.DER)
    return bytes(encoder.encode(char.BMPString(text))) in der


def test_subject_dns_follow_each_cas_own_template(bank: Bank) -> None:
    """yessign: cn=이름()<0 + bank code + 041 + issue date + sequence>,ou=BANK,ou=usage,
    o=yessign,c=kr. SignKorea: cn=이름_<10 digits>,ou=BANK,ou=LicensedCA,o=SignKorea,c=KR.
    KICA, CrossCert, TradeSign: their licensedCA OU, not yessign's usage OU."""
    from kiosk.certs.products import by_code

    expected = {
        "bank": r"cn=김민준\(\)0020041{day}\d{{7}},ou=WOORI,ou=personal4IB,o=yessign,c=kr",
        "general-signkorea": r"cn=김민준_\d{{10}},ou=KB,ou=LicensedCA,o=SignKorea,c=KR",
        "kica-general": r"cn=김민준\(\)0088041{day}\d{{7}},ou=SHINHAN,ou=licensedCA,o=KICA,c=KR",
        "crosscert-general": r"cn=김민준\(\)0011041{day}\d{{7}},ou=NH,ou=licensedCA,o=CrossCert,c=KR",
        "tradesign-general": r"cn=김민준\(\)0081041{day}\d{{7}},ou=HANA,ou=LicensedCA,o=TradeSign,c=KR",
    }
    for code, pattern in expected.items():
        made = _made(bank, by_code(code))
        folder = made.directory.name
        day = bank.clock.now().strftime("%Y%m%d")
        assert re.fullmatch(pattern.format(day=day), folder), (code, folder)
        info = reader.load(made.directory)
        assert info.owner_name == "김민준"
        # The sequence is the certificate's serial: two certificates, two DNs.
        assert str(info.certificate.serial_number)[-7:] in folder


def test_yessign_certificates_start_at_midnight_kst_and_others_at_issue(bank: Bank) -> None:
    from kiosk.certs.products import by_code
    from kiosk.core.clock import KST

    now = bank.clock.now().astimezone(KST)
    for code, midnight in (("bank", True), ("general-signkorea", False)):
        made = _made(bank, by_code(code))
        start = reader.load(made.directory).certificate.not_valid_before_utc.astimezone(KST)
        assert start.date() == now.date()
        assert (start.time() == dt.time(0, 0)) is midnight, code


def test_personal_certificates_write_their_user_notice_as_a_bmpstring(bank: Bank) -> None:
    from kiosk.certs.products import by_code

    for code in ("bank", "kica-general"):
        made = _made(bank, by_code(code))
        certificate = reader.load(made.directory).certificate
        assert _written_as_bmpstring(certificate, "이 인증서는 공동인증서입니다"), code
        notice = certificate.extensions.get_extension_for_class(x509.CertificatePolicies)
        qualifiers = notice.value[0].policy_qualifiers or []
        texts = [q.explicit_text for q in qualifiers if isinstance(q, x509.UserNotice)]
        assert texts == ["이 인증서는 공동인증서입니다"]


def _made(bank: Bank, product: Product) -> MadeCertificate:
    """김민준's certificate of `product`, as its institution would have issued it."""
    from kiosk.training.staging import make_certificate

    return make_certificate(
        bank,
        real_name="김민준",
        rrn_digits="8503151234566",
        product=product,
        medium=Medium.HARD_DISK,
        password=PASSWORD,
    )
