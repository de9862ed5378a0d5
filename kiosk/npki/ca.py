"""The simulated certificate authorities: a root and the issuing CAs, keys persisted."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from kiosk.certs.products import CaId
from kiosk.core.clock import KST
from kiosk.core.filelock import exclusive
from kiosk.npki import policies

ROOT_NAME = "KISA RootCA 4 (시뮬레이션)"
# The kiosk's own CAs issue; the others exist so trainers can stage "brought
# from another institution" certificates.
ISSUING_CAS: tuple[CaId, ...] = (CaId.YESSIGN, CaId.SIGNKOREA)
# The newest generation of 2048-bit issuing CAs, as relying parties' issuer filters
# list them (yessignCA Class 2, the profile reference below, expired in 2025). The
# 3072-bit generation (yessignCA Class 4, SignKorea CA5, signGATE CA7, CrossCertCA5,
# TradeSignCA5) would go with 3072-bit CA keys; the simulation's keys are 2048-bit.
_CA_CN = {
    CaId.YESSIGN: "yessignCA Class 3",
    CaId.SIGNKOREA: "SignKorea CA4",
    CaId.KICA: "signGATE CA6",
    CaId.CROSSCERT: "CrossCertCA4",
    CaId.TRADESIGN: "TradeSignCA4",
}
_CA_O = {
    CaId.YESSIGN: "yessign",
    CaId.SIGNKOREA: "SignKorea",
    CaId.KICA: "KICA",
    CaId.CROSSCERT: "CrossCert",
    CaId.TRADESIGN: "TradeSign",
}


@dataclass(frozen=True)
class CertificateAuthority:
    ca_id: CaId | None  # None for the root
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def name(self) -> x509.Name:
        return self.certificate.subject


@dataclass(frozen=True)
class CaHierarchy:
    root: CertificateAuthority
    issuers: dict[CaId, CertificateAuthority]

    def issuer(self, ca_id: CaId) -> CertificateAuthority:
        return self.issuers[ca_id]

    def issuer_names(self) -> list[x509.Name]:
        """Names of the CAs that issue at this kiosk (the others only stage scenarios)."""
        return [self.issuers[ca_id].name for ca_id in ISSUING_CAS]


def organisation(ca_id: CaId) -> str:
    return _CA_O[ca_id]


# The profile of the CA certificates follows the real yessignCA Class 2 certificate
# under KISA RootCA 4 (DESIGN §9; ../shared/reference/yessignCA-Class2.txt):
# small sequential serials (that one is 4124), ten years of validity, extensions
# in its order — AKI (key id, issuer and serial), SKI, KeyUsage (critical),
# CertificatePolicies (critical: anyPolicy with the root's CPS and a user notice),
# BasicConstraints (critical, pathLen 0), PolicyConstraints (critical,
# requireExplicitPolicy 0) and a CRL distribution point at the root's ARL.
_CA_SERIAL = {
    CaId.YESSIGN: 4124,
    CaId.SIGNKOREA: 4125,
    CaId.KICA: 4126,
    CaId.CROSSCERT: 4127,
    CaId.TRADESIGN: 4128,
}
ROOT_SERIAL = 1
CA_YEARS = 10
ROOT_YEARS = 20
# The yessign CA's subject carries a lower-case country code, as the real one does.
_CA_COUNTRY = {CaId.YESSIGN: "kr"}
ROOT_CPS = "http://www.rootca.sim.invalid/rca/cps.html"
ROOT_ARL = (
    "ldap://ds.rootca.sim.invalid:389/CN=KISA-RootCA-4,"
    "OU=Korea-Certification-Authority-Central,O=KISA,C=KR?authorityRevocationList"
)
# The user notice of the real one: Korean, then the English (a BMPString, as there).
ROOT_NOTICE = (
    "이 인증서는 공인인증기관의 인증서입니다"
    + " (This certificate is accredited under Electronic Signature Act of the Republic of Korea)"
)


def _ca_name(common_name: str, org: str, country: str = "KR") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "AccreditedCA"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _root_name() -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "KISA"),
            x509.NameAttribute(
                NameOID.ORGANIZATIONAL_UNIT_NAME, "Korea Certification Authority Central"
            ),
            x509.NameAttribute(NameOID.COMMON_NAME, ROOT_NAME),
        ]
    )


_CA_USAGE = x509.KeyUsage(
    digital_signature=False,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=True,
    crl_sign=True,
    encipher_only=False,
    decipher_only=False,
)


def _make_root(key: rsa.RSAPrivateKey, not_before: dt.datetime) -> x509.Certificate:
    name = _root_name()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(ROOT_SERIAL)
        .not_valid_before(not_before)
        .not_valid_after(_years_on(not_before, ROOT_YEARS))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(_CA_USAGE, True)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )


def _make_issuing_ca(
    ca_id: CaId, key: rsa.RSAPrivateKey, root: CertificateAuthority, not_before: dt.datetime
) -> x509.Certificate:
    root_cert = root.certificate
    authority = x509.AuthorityKeyIdentifier(
        key_identifier=x509.SubjectKeyIdentifier.from_public_key(root.key.public_key()).digest,
        authority_cert_issuer=[x509.DirectoryName(root_cert.subject)],
        authority_cert_serial_number=root_cert.serial_number,
    )
    policy = policies.Policy(policies.ANY_POLICY, ROOT_CPS, ROOT_NOTICE, notice_first=False)
    arl = x509.DistributionPoint([x509.UniformResourceIdentifier(ROOT_ARL)], None, None, None)
    subject = _ca_name(_CA_CN[ca_id], _CA_O[ca_id], _CA_COUNTRY.get(ca_id, "KR"))
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(_CA_SERIAL[ca_id])
        .not_valid_before(not_before)
        .not_valid_after(_years_on(not_before, CA_YEARS))
        .add_extension(authority, False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(_CA_USAGE, True)
        .add_extension(policies.extension([policy]), True)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
        .add_extension(
            x509.PolicyConstraints(require_explicit_policy=0, inhibit_policy_mapping=None), True
        )
        .add_extension(x509.CRLDistributionPoints([arl]), False)
        .sign(root.key, hashes.SHA256())
    )


def _years_on(start: dt.datetime, years: int) -> dt.datetime:
    return start.replace(year=start.year + years)


def _write_private(path: Path, data: bytes) -> None:
    """Written beside and swapped in: a kill mid-write leaves the old file or none."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _load(directory: Path, stem: str, ca_id: CaId | None) -> CertificateAuthority:
    # Our own keys, made by load_or_create: full RSA validation would only cost start-up time.
    key = serialization.load_pem_private_key(
        (directory / f"{stem}.key.pem").read_bytes(), None, unsafe_skip_rsa_key_validation=True
    )
    assert isinstance(key, rsa.RSAPrivateKey)
    cert = x509.load_pem_x509_certificate((directory / f"{stem}.crt.pem").read_bytes())
    return CertificateAuthority(ca_id=ca_id, key=key, certificate=cert)


def _save(directory: Path, stem: str, ca: CertificateAuthority) -> None:
    _write_private(
        directory / f"{stem}.key.pem",
        ca.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    # The certificate last: a CA counts as made once its certificate is there.
    _write_private(
        directory / f"{stem}.crt.pem", ca.certificate.public_bytes(serialization.Encoding.PEM)
    )


def load_or_create(directory: Path, now: dt.datetime | None = None) -> CaHierarchy:
    """The CA hierarchy kept in `directory`, created on first use (`now`: the
    kiosk's clock then).

    A new hierarchy is a CA generation around its first start: the root valid
    ten years either side of it, the issuing CAs five years either side (ten
    years, as real CA certificates are), so `--today` years away still finds
    valid CAs. CAs kept from an earlier release are used as they are."""
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    # Kiosk processes starting together on a new data directory would each make
    # a root and overwrite one another's keys (issuers signed by a root no longer
    # on disk): one makes the hierarchy, the others wait and load it.
    with exclusive(directory / ".lock"):
        return _load_or_create(directory, now or dt.datetime.now(KST))


def _load_or_create(directory: Path, now: dt.datetime) -> CaHierarchy:
    local = now.astimezone(KST)
    if not (directory / "root.crt.pem").exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        start = dt.datetime(local.year - ROOT_YEARS // 2, 1, 1, tzinfo=KST)
        root = CertificateAuthority(None, key, _make_root(key, start))
        _save(directory, "root", root)
    root = _load(directory, "root", None)
    issuers: dict[CaId, CertificateAuthority] = {}
    for ca_id in CaId:
        stem = ca_id.value
        if not (directory / f"{stem}.crt.pem").exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            # Not before the root's own start: a CA made later under an old root.
            start = max(
                dt.datetime(local.year - CA_YEARS // 2, 1, 1, tzinfo=KST),
                root.certificate.not_valid_before_utc,
            )
            ca = CertificateAuthority(ca_id, key, _make_issuing_ca(ca_id, key, root, start))
            _save(directory, stem, ca)
        issuers[ca_id] = _load(directory, stem, ca_id)
    return CaHierarchy(root=root, issuers=issuers)
