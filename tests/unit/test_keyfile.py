from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.npki import keyfile


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def test_design_test_vector_seed_cbc_with_sha1() -> None:
    sym_key, iv = keyfile.seed_sha1_key_iv(
        b"WTuA8Ev0lWXVFSiI!", bytes.fromhex("c8ea2fa25023c285"), 2048
    )
    assert sym_key.hex() == "6240e2686a6abbc48c922ccba906bb91"
    assert iv.hex() == "4471a1fd154167f22848770d578a5b73"


@pytest.mark.parametrize("encoding", list(keyfile.KeyEncoding))
def test_round_trip_keeps_key_and_random_number(
    key: rsa.RSAPrivateKey, encoding: keyfile.KeyEncoding
) -> None:
    r = keyfile.new_random_num()
    der = keyfile.encrypt_key(key, "Kiosk!2026pw", r, encoding)
    assert keyfile.key_encoding(der) is encoding
    opened = keyfile.decrypt_key(der, "Kiosk!2026pw")
    assert opened.random_num == r
    assert opened.encoding is encoding
    assert opened.key.private_numbers() == key.private_numbers()


@pytest.mark.parametrize("encoding", list(keyfile.KeyEncoding))
def test_wrong_password_is_reported_as_such(
    key: rsa.RSAPrivateKey, encoding: keyfile.KeyEncoding
) -> None:
    der = keyfile.encrypt_key(key, "Kiosk!2026pw", keyfile.new_random_num(), encoding)
    for wrong in ("kiosk!2026pw", "", "Kiosk!2026pw "):
        with pytest.raises(keyfile.WrongPassword):
            keyfile.decrypt_key(der, wrong)


def test_salt_and_random_number_are_fresh_each_time(key: rsa.RSAPrivateKey) -> None:
    r1, r2 = keyfile.new_random_num(), keyfile.new_random_num()
    assert r1 != r2 and len(r1) == 20
    assert keyfile.encrypt_key(key, "Kiosk!2026pw", r1) != keyfile.encrypt_key(
        key, "Kiosk!2026pw", r1
    )


@pytest.mark.parametrize("garbage", [b"", b"\x30\x00", b"not a key", b"\x30\x82\xff\xff"])
def test_not_a_key_file(garbage: bytes) -> None:
    with pytest.raises(keyfile.KeyFileError):
        keyfile.decrypt_key(garbage, "Kiosk!2026pw")
