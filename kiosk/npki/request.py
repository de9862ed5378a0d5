"""The certificate request (PKCS#10) a kiosk sends the bank, as NPKI clients do.

The key pair is made on the customer's side; the request carries only the
public key, proven by the key's own signature, and the 인가코드 the bank (as
RA) handed out for this visit as its challengePassword."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import AttributeOID, NameOID


class BadRequest(ValueError):
    """Not a well-formed, self-signed request carrying an authorization code."""


def build(key: rsa.RSAPrivateKey, authorization_code: str) -> bytes:
    """DER of a request for `key`'s public key; the subject is the CA's to decide."""
    request = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "KR")]))
        .add_attribute(AttributeOID.CHALLENGE_PASSWORD, authorization_code.encode("ascii"))
        .sign(key, hashes.SHA256())
    )
    return request.public_bytes(Encoding.DER)


def read(der: bytes) -> tuple[rsa.RSAPublicKey, str]:
    """The requested public key and the authorization code, if the request is sound."""
    try:
        request = x509.load_der_x509_csr(der)
        if not request.is_signature_valid:
            raise BadRequest("the request's signature does not verify")
        public_key = request.public_key()
        code = request.attributes.get_attribute_for_oid(AttributeOID.CHALLENGE_PASSWORD).value
    except (ValueError, x509.AttributeNotFound) as error:
        raise BadRequest(str(error)) from None
    if not isinstance(public_key, rsa.RSAPublicKey) or public_key.key_size < 2048:
        raise BadRequest("an RSA key of at least 2048 bits is required")
    return public_key, code.decode("ascii", "replace")
