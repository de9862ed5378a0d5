"""RSA keys made once per test process and handed out in turn."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

# More than any one test issues, so two certificates of one test never share a key.
POOL_SIZE = 12


class PremadeKeys:
    def __init__(self, size: int) -> None:
        self.size = size
        self._keys: list[rsa.RSAPrivateKey] = []
        self._next = 0
        self._lock = threading.Lock()

    def take(self) -> rsa.RSAPrivateKey:
        from cryptography.hazmat.primitives.asymmetric import rsa

        with self._lock:
            if len(self._keys) < self.size:
                key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                self._keys.append(key)
                return key
            key = self._keys[self._next % self.size]
            self._next += 1
            return key


PREMADE_KEYS = PremadeKeys(POOL_SIZE)
