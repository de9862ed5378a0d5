"""Certificates built like the real ones, and read like real ones."""

from __future__ import annotations

from kiosk.bankside.bank import Bank
from kiosk.certs.products import FINANCIAL, KNOWN_POLICIES, LEGACY_FINANCIAL_POLICY_OID
from kiosk.npki import reader
from kiosk.terminal.media import Medium
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


def test_ca_certificates_are_built_like_yessignca_class_2(bank: Bank) -> None:
    """DESIGN §9's reference (the real yessignCA Class 2 under KISA RootCA 4): small
    serial, ten years, AKI with issuer and serial, anyPolicy and
    requireExplicitPolicy=0 (critical), a CRL DP at the root's ARL, in its order."""
    from cryptography import x509
    from cryptography.x509.oid import CertificatePoliciesOID, ExtensionOID

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
    assert yessign.subject.rfc4514_string() == "CN=yessignCA Class 2,OU=AccreditedCA,O=yessign,C=kr"
    assert root.serial_number == 1


def test_personal_certificates_carry_extensions_as_the_real_ones(bank: Bank) -> None:
    """AKI (with the CA's issuer and serial), SKI, KU, CP, SAN, CRL DP, AIA in that
    order; yessign's notice before its CPS; KICA's policies not critical."""
    from cryptography import x509
    from cryptography.x509.oid import ExtensionOID

    from kiosk.certs.products import CaId, by_code
    from kiosk.training.staging import make_certificate

    for code in ("bank", "kica-general", "tradesign-general"):
        product = by_code(code)
        made = make_certificate(
            bank,
            real_name="김민준",
            rrn_digits="8503151234566",
            product=product,
            medium=Medium.HARD_DISK,
            password=PASSWORD,
        )
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
