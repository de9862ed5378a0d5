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

ROOT_NAME = "KISA RootCA 4 (시뮬레이션)"
# The kiosk's own CAs issue; the others exist so trainers can stage "brought
# from another institution" certificates.
ISSUING_CAS: tuple[CaId, ...] = (CaId.YESSIGN, CaId.SIGNKOREA)
_CA_CN = {
    CaId.YESSIGN: "yessignCA Class 2",
    CaId.SIGNKOREA: "SignKorea CA4",
    CaId.KICA: "signGATE CA5",
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


def _ca_name(common_name: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "AccreditedCA"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _make_ca(
    name: x509.Name,
    key: rsa.RSAPrivateKey,
    signer: CertificateAuthority | None,
    now: dt.datetime,
    years: int,
) -> x509.Certificate:
    issuer_name = name if signer is None else signer.name
    signing_key = key if signer is None else signer.key
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(
            x509.BasicConstraints(ca=True, path_length=None if signer is None else 0), True
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if signer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.key.public_key()), False
        )
    return builder.sign(signing_key, hashes.SHA256())


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


def load_or_create(directory: Path) -> CaHierarchy:
    """The CA hierarchy kept in `directory`, created on first use.

    CA validity is long (20 years root, 10 years issuers) from a fixed origin so
    that `--today` far in the past or future still finds valid CAs."""
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    # Kiosk processes starting together on a new data directory would each make
    # a root and overwrite one another's keys (issuers signed by a root no longer
    # on disk): one makes the hierarchy, the others wait and load it.
    with exclusive(directory / ".lock"):
        return _load_or_create(directory)


def _load_or_create(directory: Path) -> CaHierarchy:
    origin = dt.datetime(2015, 1, 1, tzinfo=KST)
    if not (directory / "root.crt.pem").exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = _ca_name(ROOT_NAME, "KISA")
        root = CertificateAuthority(None, key, _make_ca(name, key, None, origin, 40))
        _save(directory, "root", root)
    root = _load(directory, "root", None)
    issuers: dict[CaId, CertificateAuthority] = {}
    for ca_id in CaId:
        stem = ca_id.value
        if not (directory / f"{stem}.crt.pem").exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            name = _ca_name(_CA_CN[ca_id], _CA_O[ca_id])
            ca = CertificateAuthority(ca_id, key, _make_ca(name, key, root, origin, 30))
            _save(directory, stem, ca)
        issuers[ca_id] = _load(directory, stem, ca_id)
    return CaHierarchy(root=root, issuers=issuers)
