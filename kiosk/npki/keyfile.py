"""signPri.key: NPKI encrypted private keys in both encodings of DESIGN §4.

cryptography cannot read or write these (SEED-based PBES, and the R attribute
inside the PKCS#8 plaintext), so the ASN.1 is built and parsed with pyasn1 and
only the primitives (SHA-1, PBKDF2, SEED-CBC, RSA) come from cryptography.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from cryptography.hazmat.decrepit.ciphers.algorithms import SEED
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from pyasn1.codec.der import decoder, encoder
from pyasn1.error import PyAsn1Error
from pyasn1.type import namedtype, tag, univ

from kiosk.core.i18n import tr
from kiosk.npki import oids
from kiosk.npki.asn1 import AlgorithmIdentifier
from kiosk.npki.encodings import KeyEncoding as KeyEncoding

ITERATIONS = 2048
SALT_BYTES = 8
RANDOM_NUM_BYTES = 20


class KeyFileError(ValueError):
    """The file is not an NPKI private key this kiosk can read."""


class WrongPassword(ValueError):
    """The password does not open the key."""


@dataclass(frozen=True)
class NpkiPrivateKey:
    key: rsa.RSAPrivateKey
    random_num: bytes | None  # R, the VID random number; absent in some old files
    encoding: KeyEncoding


# --- ASN.1 shapes ---------------------------------------------------------


class _EncryptedPrivateKeyInfo(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("encryptionAlgorithm", AlgorithmIdentifier()),
        namedtype.NamedType("encryptedData", univ.OctetString()),
    )


class _SeedSha1Params(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("salt", univ.OctetString()),
        namedtype.NamedType("iterations", univ.Integer()),
    )


class _Pbkdf2Params(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("salt", univ.OctetString()),
        namedtype.NamedType("iterationCount", univ.Integer()),
        namedtype.OptionalNamedType("keyLength", univ.Integer()),
        namedtype.OptionalNamedType("prf", AlgorithmIdentifier()),
    )


class _Pbes2Params(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("keyDerivationFunc", AlgorithmIdentifier()),
        namedtype.NamedType("encryptionScheme", AlgorithmIdentifier()),
    )


class _Attribute(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("type", univ.ObjectIdentifier()),
        namedtype.NamedType("values", univ.SetOf(componentType=univ.Any())),
    )


class _Attributes(univ.SetOf):
    componentType = _Attribute()
    tagSet = univ.SetOf.tagSet.tagImplicitly(
        tag.Tag(tag.tagClassContext, tag.tagFormatConstructed, 0)
    )


class _PrivateKeyInfo(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("version", univ.Integer()),
        namedtype.NamedType("privateKeyAlgorithm", AlgorithmIdentifier()),
        namedtype.NamedType("privateKey", univ.OctetString()),
        namedtype.OptionalNamedType("attributes", _Attributes()),
    )


def _algorithm(oid: str, parameters: bytes | None) -> AlgorithmIdentifier:
    alg = AlgorithmIdentifier()
    alg["algorithm"] = univ.ObjectIdentifier(oid)
    if parameters is not None:
        alg["parameters"] = univ.Any(parameters)
    return alg


# --- key derivation and cipher -----------------------------------------------


def pbkdf1_sha1(password: bytes, salt: bytes, iterations: int) -> bytes:
    """PBKDF1 with SHA-1 as NPKI uses it: SHA1 applied `iterations` times to password‖salt."""
    derived = password + salt
    for _ in range(iterations):
        derived = hashlib.sha1(derived).digest()  # noqa: S324 - mandated by the file format
    return derived


def seed_sha1_key_iv(password: bytes, salt: bytes, iterations: int) -> tuple[bytes, bytes]:
    derived = pbkdf1_sha1(password, salt, iterations)
    iv = hashlib.sha1(derived[16:20]).digest()[:16]  # noqa: S324 - mandated by the file format
    return derived[:16], iv


def pbkdf2_sha1_key(password: bytes, salt: bytes, iterations: int) -> bytes:
    # HMAC-SHA1 is the PBKDF2 default PRF that NPKI PBES2 files use.
    kdf = PBKDF2HMAC(algorithm=hashes.SHA1(), length=16, salt=salt, iterations=iterations)  # noqa: S303
    return kdf.derive(password)


def _seed_cbc(key: bytes, iv: bytes, data: bytes, *, encrypt: bool) -> bytes:
    cipher = Cipher(SEED(key), modes.CBC(iv))
    if encrypt:
        padder = padding.PKCS7(128).padder()
        padded = padder.update(data) + padder.finalize()
        enc = cipher.encryptor()
        return enc.update(padded) + enc.finalize()
    if len(data) % 16:
        raise KeyFileError("암호화된 개인키의 길이가 올바르지 않습니다.")
    dec = cipher.decryptor()
    padded = dec.update(data) + dec.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise WrongPassword from None


# --- plaintext PKCS#8 with the R attribute -----------------------------------


def _plain_pkcs8(key: rsa.RSAPrivateKey, random_num: bytes) -> bytes:
    pkcs1 = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    random_value = univ.SetOf(componentType=univ.Any())
    random_value.append(univ.Any(encoder.encode(univ.BitString.fromOctetString(random_num))))
    attribute = _Attribute()
    attribute["type"] = univ.ObjectIdentifier(oids.NPKI_RANDOM_NUM)
    attribute["values"] = random_value
    attributes = _Attributes()
    attributes.append(attribute)
    info = _PrivateKeyInfo()
    info["version"] = 0
    info["privateKeyAlgorithm"] = _algorithm(oids.RSA_ENCRYPTION, encoder.encode(univ.Null("")))
    info["privateKey"] = pkcs1
    info["attributes"] = attributes
    return bytes(encoder.encode(info))


def _parse_plain_pkcs8(der: bytes, encoding: KeyEncoding) -> NpkiPrivateKey:
    try:
        info, rest = decoder.decode(der, asn1Spec=_PrivateKeyInfo())
    except PyAsn1Error:
        raise WrongPassword from None
    if rest:
        raise WrongPassword
    if str(info["privateKeyAlgorithm"]["algorithm"]) != oids.RSA_ENCRYPTION:
        raise KeyFileError("RSA 개인키가 아닙니다.")
    try:
        # Validation is skipped for speed; callers check the key against its
        # certificate (reader.CertInfo.key_matches) before trusting it.
        key = serialization.load_der_private_key(
            bytes(info["privateKey"]), password=None, unsafe_skip_rsa_key_validation=True
        )
    except ValueError:
        raise WrongPassword from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise KeyFileError("RSA 개인키가 아닙니다.")
    random_num = None
    if info["attributes"].isValue:
        for attribute in info["attributes"]:
            if str(attribute["type"]) == oids.NPKI_RANDOM_NUM and len(attribute["values"]):
                bits, _ = decoder.decode(bytes(attribute["values"][0]), asn1Spec=univ.BitString())
                random_num = bits.asOctets()
    return NpkiPrivateKey(key=key, random_num=random_num, encoding=encoding)


# --- public API -----------------------------------------------------------------


def new_random_num() -> bytes:
    return secrets.token_bytes(RANDOM_NUM_BYTES)


def encrypt_key(
    key: rsa.RSAPrivateKey,
    password: str,
    random_num: bytes,
    encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1,
    *,
    salt: bytes | None = None,
    iv: bytes | None = None,
) -> bytes:
    """The DER bytes of signPri.key for `key`, encrypted under `password`."""
    plain = _plain_pkcs8(key, random_num)
    pw = password.encode("utf-8")
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    if encoding is KeyEncoding.SEED_CBC_WITH_SHA1:
        params = _SeedSha1Params()
        params["salt"] = salt
        params["iterations"] = ITERATIONS
        sym_key, sym_iv = seed_sha1_key_iv(pw, salt, ITERATIONS)
        algorithm = _algorithm(oids.SEED_CBC_WITH_SHA1, encoder.encode(params))
    else:
        sym_iv = iv if iv is not None else secrets.token_bytes(16)
        kdf_params = _Pbkdf2Params()
        kdf_params["salt"] = salt
        kdf_params["iterationCount"] = ITERATIONS
        pbes2 = _Pbes2Params()
        pbes2["keyDerivationFunc"] = _algorithm(oids.PBKDF2, encoder.encode(kdf_params))
        pbes2["encryptionScheme"] = _algorithm(
            oids.SEED_CBC, encoder.encode(univ.OctetString(sym_iv))
        )
        sym_key = pbkdf2_sha1_key(pw, salt, ITERATIONS)
        algorithm = _algorithm(oids.PBES2, encoder.encode(pbes2))
    info = _EncryptedPrivateKeyInfo()
    info["encryptionAlgorithm"] = algorithm
    info["encryptedData"] = _seed_cbc(sym_key, sym_iv, plain, encrypt=True)
    return bytes(encoder.encode(info))


def key_encoding(der: bytes) -> KeyEncoding:
    """Which encoding a signPri.key uses, without the password."""
    return _parse_envelope(der)[0]


def _parse_envelope(der: bytes) -> tuple[KeyEncoding, _EncryptedPrivateKeyInfo]:
    try:
        info, rest = decoder.decode(der, asn1Spec=_EncryptedPrivateKeyInfo())
    except (PyAsn1Error, TypeError, ValueError):
        raise KeyFileError("NPKI 개인키 파일(signPri.key) 형식이 아닙니다.") from None
    if rest:
        raise KeyFileError("NPKI 개인키 파일(signPri.key) 뒤에 알 수 없는 데이터가 있습니다.")
    oid = str(info["encryptionAlgorithm"]["algorithm"])
    if oid == oids.SEED_CBC_WITH_SHA1:
        return KeyEncoding.SEED_CBC_WITH_SHA1, info
    if oid == oids.PBES2:
        return KeyEncoding.PBES2, info
    raise KeyFileError(tr("지원하지 않는 개인키 암호화 방식입니다({oid}).", oid=str(oid)))


def decrypt_key(der: bytes, password: str) -> NpkiPrivateKey:
    """Open signPri.key. Raises KeyFileError (not a key file) or WrongPassword."""
    encoding, info = _parse_envelope(der)
    pw = password.encode("utf-8")
    params_der = bytes(info["encryptionAlgorithm"]["parameters"])
    try:
        if encoding is KeyEncoding.SEED_CBC_WITH_SHA1:
            params, _ = decoder.decode(params_der, asn1Spec=_SeedSha1Params())
            salt, iterations = bytes(params["salt"]), int(params["iterations"])
            sym_key, sym_iv = seed_sha1_key_iv(pw, salt, _checked_iterations(iterations))
        else:
            pbes2, _ = decoder.decode(params_der, asn1Spec=_Pbes2Params())
            kdf = pbes2["keyDerivationFunc"]
            scheme = pbes2["encryptionScheme"]
            if str(kdf["algorithm"]) != oids.PBKDF2 or str(scheme["algorithm"]) != oids.SEED_CBC:
                raise KeyFileError("지원하지 않는 PBES2 구성입니다.")
            kdf_params, _ = decoder.decode(bytes(kdf["parameters"]), asn1Spec=_Pbkdf2Params())
            if kdf_params["prf"].isValue and str(kdf_params["prf"]["algorithm"]) not in (
                "1.2.840.113549.2.7",  # hmacWithSHA1, the default
            ):
                raise KeyFileError("지원하지 않는 PBKDF2 해시입니다.")
            iv, _ = decoder.decode(bytes(scheme["parameters"]), asn1Spec=univ.OctetString())
            sym_iv = bytes(iv)
            if len(sym_iv) != 16:
                raise KeyFileError("SEED 초기벡터의 길이가 올바르지 않습니다.")
            iterations = _checked_iterations(int(kdf_params["iterationCount"]))
            sym_key = pbkdf2_sha1_key(pw, bytes(kdf_params["salt"]), iterations)
    except PyAsn1Error:
        raise KeyFileError("개인키 파일의 암호화 정보가 손상되었습니다.") from None
    plain = _seed_cbc(sym_key, sym_iv, bytes(info["encryptedData"]), encrypt=False)
    return _parse_plain_pkcs8(plain, encoding)


def _checked_iterations(iterations: int) -> int:
    # A hostile file must not make the kiosk spin: real files use 2048.
    if not 1 <= iterations <= 100_000:
        raise KeyFileError("개인키 파일의 반복 횟수가 비정상적입니다.")
    return iterations


def pkcs8_with_random(key: rsa.RSAPrivateKey, random_num: bytes) -> bytes:
    """Unencrypted PKCS#8 carrying R, for keys kept elsewhere than a medium (금융인증서)."""
    return _plain_pkcs8(key, random_num)


def parse_pkcs8_with_random(der: bytes) -> NpkiPrivateKey:
    """The key and R from pkcs8_with_random's output (the encoding field is not meaningful)."""
    try:
        return _parse_plain_pkcs8(der, KeyEncoding.SEED_CBC_WITH_SHA1)
    except WrongPassword:
        raise KeyFileError("개인키를 읽을 수 없습니다.") from None
