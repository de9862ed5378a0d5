"""How the 금융인증서 cloud keeps a private key: sealed, and openable two ways.

The key is sealed (AES-GCM) under a random data key, and the data key is
wrapped twice:

- under a key made from the PIN (scrypt) and the cloud's secret, a file beside
  the store standing in for the bank's HSM: every use opens this wrap;
- under a key made from the customer's resident number and the same secret:
  PIN 재설정 opens this wrap once an identity check has proven that number, so
  the key stays while the PIN changes.

The store holds resident numbers only as keyed hashes, so nothing in the data
directory opens the key without the PIN or the proven resident number."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.core import kdf

_NONCE_BYTES = 12
_SALT_BYTES = 16
PIN = b"pin"
IDENTITY = b"rrn"


class WrongSecret(Exception):
    """The PIN (or resident number) does not open the wrap, or the blob was wiped."""


@dataclass(frozen=True)
class Wrap:
    salt: bytes
    blob: bytes


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def aad(customer_id: int) -> bytes:
    # Binds every blob to its customer, so blobs cannot be moved to someone else's
    # row. Not to the serial: renewal keeps the PIN's wrap without knowing the PIN.
    return f"fincert:customer:{customer_id}".encode()


def _kek(secret: bytes, purpose: bytes, value: str, salt: bytes) -> bytes:
    # scrypt, so the wraps cannot be ground through quickly even by someone
    # holding the cloud secret.
    stretched = kdf.stretch(value, salt, 32)
    return hmac.new(secret, purpose + stretched, hashlib.sha256).digest()


def seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def unseal(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    if len(sealed) <= _NONCE_BYTES:
        raise WrongSecret
    try:
        return AESGCM(key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], associated)
    except InvalidTag:
        raise WrongSecret from None


def wrap(
    cloud_secret: bytes, purpose: bytes, value: str, data_key: bytes, associated: bytes
) -> Wrap:
    salt = secrets.token_bytes(_SALT_BYTES)
    return Wrap(salt, seal(_kek(cloud_secret, purpose, value, salt), data_key, associated))


def unwrap(
    cloud_secret: bytes, purpose: bytes, value: str, stored: Wrap, associated: bytes
) -> bytes:
    """The data key, or WrongSecret."""
    return unseal(_kek(cloud_secret, purpose, value, stored.salt), stored.blob, associated)
