"""The CertificatePolicies extension written as the Korean CAs write it.

cryptography encodes a user notice's explicitText as UTF8String; the Korean CAs
write it as a BMPString (KISA's certificate profile; the real yessignCA Class 2
certificate in ../shared/reference and yessign's personal certificates), so the
extension is encoded here and added to the certificate as it is."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import ExtensionOID
from pyasn1.codec.der import encoder
from pyasn1.type import char, univ

ANY_POLICY = "2.5.29.32.0"
_CPS_QUALIFIER = "1.3.6.1.5.5.7.2.1"
_USER_NOTICE_QUALIFIER = "1.3.6.1.5.5.7.2.2"


@dataclass(frozen=True)
class Policy:
    oid: str
    cps: str
    notice: str
    notice_first: bool  # yessign's personal certificates: notice, then CPS

    def der(self) -> bytes:
        cps = _sequence(_oid(_CPS_QUALIFIER), encoder.encode(char.IA5String(self.cps)))
        notice = _sequence(
            _oid(_USER_NOTICE_QUALIFIER),
            # UserNotice ::= SEQUENCE { explicitText DisplayText (bmpString) }
            _sequence(encoder.encode(char.BMPString(self.notice))),
        )
        qualifiers = (notice, cps) if self.notice_first else (cps, notice)
        return _sequence(_oid(self.oid), _sequence(*qualifiers))


def extension(policies: list[Policy]) -> x509.UnrecognizedExtension:
    """The extension value, for `CertificateBuilder.add_extension`."""
    value = _sequence(*(policy.der() for policy in policies))
    return x509.UnrecognizedExtension(ExtensionOID.CERTIFICATE_POLICIES, value)


def _oid(dotted: str) -> bytes:
    return bytes(encoder.encode(univ.ObjectIdentifier(dotted)))


def _sequence(*parts: bytes) -> bytes:
    body = b"".join(parts)
    return b"\x30" + _length(len(body)) + body


def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    digits = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(digits)]) + digits
