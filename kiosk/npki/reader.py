"""Reading a certificate directory: what `kiosk cert show` and the screens report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ObjectIdentifier

from kiosk.certs.products import KNOWN_POLICIES, product_name_for_policy
from kiosk.core.i18n import tr
from kiosk.npki import keyfile, oids, vid
from kiosk.npki.layout import CERT_FILE, KEY_FILE


class NotNpki(ValueError):
    """The path holds no readable NPKI certificate."""


@dataclass(frozen=True)
class CertInfo:
    directory: Path
    certificate: x509.Certificate

    @property
    def der(self) -> bytes:
        """The certificate as sent to the bank (signCert.der's bytes)."""
        from cryptography.hazmat.primitives.serialization import Encoding

        return self.certificate.public_bytes(Encoding.DER)

    @property
    def serial(self) -> int:
        return self.certificate.serial_number

    @property
    def not_before(self) -> dt.datetime:
        return self.certificate.not_valid_before_utc

    @property
    def not_after(self) -> dt.datetime:
        return self.certificate.not_valid_after_utc

    @property
    def policy_oids(self) -> list[str]:
        """Every policy OID the certificate states, in order (TradeSign's carry two)."""
        try:
            ext = self.certificate.extensions.get_extension_for_class(x509.CertificatePolicies)
        except x509.ExtensionNotFound:
            return []
        return [policy.policy_identifier.dotted_string for policy in ext.value]

    @property
    def policy_oid(self) -> str | None:
        """The policy that names the product: the first one the kiosk knows, else the first."""
        oids = self.policy_oids
        known = [oid for oid in oids if oid in KNOWN_POLICIES]
        first = known or oids
        return first[0] if first else None

    @property
    def product_name(self) -> str | None:
        return product_name_for_policy(self.policy_oid or "")

    @property
    def ca_name(self) -> str | None:
        known = KNOWN_POLICIES.get(self.policy_oid or "")
        return None if known is None else known[0].display_name

    @property
    def identify_data(self) -> tuple[str, bytes] | None:
        try:
            ext = self.certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        except x509.ExtensionNotFound:
            return None
        for other in ext.value.get_values_for_type(x509.OtherName):
            if other.type_id == ObjectIdentifier(oids.KISA_IDENTIFY_DATA):
                return vid.parse_identify_data(other.value)
        return None

    @property
    def owner_name(self) -> str:
        data = self.identify_data
        if data is not None:
            return data[0]
        cn = self.certificate.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
        value = cn[0].value if cn else ""
        text = value if isinstance(value, str) else value.decode(errors="replace")
        # "홍길동()0990041…" (yessign and most CAs) or "홍길동_0000033643" (SignKorea)
        return re.split(r"[(_]", text, maxsplit=1)[0]

    def is_expired(self, now: dt.datetime) -> bool:
        return now > self.not_after

    def key_path(self) -> Path:
        return self.directory / KEY_FILE

    def open_key(self, password: str) -> keyfile.NpkiPrivateKey:
        """Decrypt signPri.key. Raises NotNpki, keyfile.KeyFileError or keyfile.WrongPassword."""
        try:
            der = self.key_path().read_bytes()
        except OSError:
            raise NotNpki(tr("개인키 파일({name})이 없습니다.", name=KEY_FILE)) from None
        return keyfile.decrypt_key(der, password)

    def key_matches(self, key: rsa.RSAPrivateKey) -> bool:
        """The key is this certificate's: same public half, and it signs what the certificate verifies.

        The signature round trip also proves the private half sound, which
        keyfile skips checking when it loads the key."""
        public = self.certificate.public_key()
        if not isinstance(public, rsa.RSAPublicKey):
            return False
        if public.public_numbers() != key.public_key().public_numbers():
            return False
        return sign_and_verify(self, key, b"NPKI key check")

    def vid_matches(self, rrn_digits: str, random_num: bytes | None) -> bool:
        data = self.identify_data
        if data is None or random_num is None:
            return False
        return vid.vid_matches(data[1], rrn_digits, random_num)


def load(path: Path) -> CertInfo:
    """A certificate from a directory holding signCert.der, or the file itself."""
    cert_path = path / CERT_FILE if path.is_dir() else path
    try:
        der = cert_path.read_bytes()
    except OSError:
        raise NotNpki(tr("인증서 파일을 찾을 수 없습니다: {path}", path=str(cert_path))) from None
    try:
        certificate = x509.load_der_x509_certificate(der)
    except ValueError:
        raise NotNpki(
            tr("DER 형식의 X.509 인증서가 아닙니다: {path}", path=str(cert_path))
        ) from None
    return CertInfo(directory=cert_path.parent, certificate=certificate)


def sign_and_verify(info: CertInfo, key: rsa.RSAPrivateKey, message: bytes) -> bool:
    """Sign with the key and verify with the certificate: the key really belongs to it."""
    return signature_verifies(info.certificate, key, message)


def signature_valid(certificate: x509.Certificate, signature: bytes, message: bytes) -> bool:
    """Whether `signature` (PKCS#1 v1.5, SHA-256) over `message` is by `certificate`'s key."""
    public = certificate.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        return False
    try:
        public.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def signature_verifies(
    certificate: x509.Certificate, key: rsa.RSAPrivateKey, message: bytes
) -> bool:
    """Whether what `key` signs verifies with `certificate`'s public key."""
    signature = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    return signature_valid(certificate, signature, message)


def readable_dn(dn: str) -> str:
    """A distinguished name as a screen shows it: a space after each separating
    comma, so a narrow screen wraps it between its parts, never inside one."""
    return ", ".join(re.split(r"(?<!\\),", dn))
