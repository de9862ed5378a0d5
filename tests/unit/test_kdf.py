"""The scrypt cost: the bank ships the production value; only the tests lower it."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from kiosk.core import kdf
from tests.conftest import TEST_SCRYPT_COST


def test_a_kiosk_process_stretches_at_the_production_cost() -> None:
    shown = subprocess.run(
        [sys.executable, "-c", "from kiosk.core import kdf; print(kdf.cost())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(shown.stdout) == kdf.PRODUCTION_COST == 2**14


def test_stretch_is_scrypt_at_the_cost_in_force() -> None:
    salt = bytes(range(16))
    try:
        kdf.use_cost(kdf.PRODUCTION_COST)
        stretched = kdf.stretch("924613", salt)
    finally:
        kdf.use_cost(TEST_SCRYPT_COST)
    assert stretched == hashlib.scrypt(b"924613", salt=salt, n=2**14, r=8, p=1, dklen=64)
    assert kdf.stretch("924613", salt) != stretched  # the tests' own, cheaper cost


@pytest.mark.parametrize("cost", [0, 1, 3, 1000])
def test_only_powers_of_two_are_a_cost(cost: int) -> None:
    with pytest.raises(ValueError):
        kdf.use_cost(cost)
