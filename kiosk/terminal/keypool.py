"""RSA keys made ahead of time, so issuing never waits on key generation."""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

KEY_SIZE = 2048


def generate_key() -> rsa.RSAPrivateKey:
    # Imported here so an idle kiosk on its home screen never loads cryptography.
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


class KeyPool:
    """Keeps up to `size` fresh keys ready, filled by one background thread.

    A key is handed out once and never reused. The pool starts filling on
    prime() (when a customer starts a service), not at program start, so an
    idle kiosk burns no CPU."""

    def __init__(self, size: int = 2, refill_delay: float = 2.0) -> None:
        self.size = size
        self.refill_delay = refill_delay
        self._ready: deque[rsa.RSAPrivateKey] = deque()
        self._lock = threading.Lock()
        self._filler: threading.Thread | None = None

    @property
    def ready(self) -> int:
        with self._lock:
            return len(self._ready)

    def prime(self) -> None:
        with self._lock:
            if self._filler is not None and self._filler.is_alive():
                return
            if len(self._ready) >= self.size:
                return
            filler = threading.Thread(target=self._fill, name="keypool", daemon=True)
            filler.start()
            # Published only once started: wait_ready() may join it from another thread.
            self._filler = filler

    def _fill(self) -> None:
        while True:
            with self._lock:
                if len(self._ready) >= self.size:
                    return
            key = generate_key()
            with self._lock:
                self._ready.append(key)

    def wait_ready(self, timeout: float | None = None) -> bool:
        """For tests and benchmarks: block until the pool is full."""
        filler = self._filler
        if filler is not None:
            filler.join(timeout)
        return self.ready >= self.size

    def take(self) -> rsa.RSAPrivateKey:
        """A ready key if there is one (then refill in the background), else a new one now."""
        with self._lock:
            key = self._ready.popleft() if self._ready else None
        # Refill a little later: generating now would compete for the CPU with
        # the signing and saving the customer is waiting for.
        timer = threading.Timer(self.refill_delay, self.prime)
        timer.daemon = True
        timer.start()
        return key if key is not None else generate_key()
