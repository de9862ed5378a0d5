"""Stretching of short secrets (PINs) with scrypt, at one cost for the whole bank.

The production cost (~16 MB and tens of milliseconds per try) is what makes a
stolen hash or wrap slow to grind through. Tests lower it once per test run
(`use_cost`), because they stretch hundreds of PINs and prove nothing about
scrypt itself by doing it slowly; one unit test pins the production value."""

from __future__ import annotations

import hashlib

PRODUCTION_COST = 2**14
_cost = PRODUCTION_COST


def use_cost(n: int) -> None:
    """Set scrypt's N for this process (a power of two); tests only."""
    global _cost
    if n < 2 or n & (n - 1):
        raise ValueError("scrypt's cost must be a power of two")
    _cost = n


def cost() -> int:
    return _cost


def stretch(value: str, salt: bytes, length: int = 64) -> bytes:
    return hashlib.scrypt(value.encode("utf-8"), salt=salt, n=_cost, r=8, p=1, dklen=length)
