"""Wrong certificate passwords within one visit.

Apart from the bank's records: every visit (the kiosk's idle one on its home
screen too) holds a count, and the records' module is the bank's."""

from __future__ import annotations

PASSWORD_ATTEMPTS_PER_VISIT = 5


class PasswordAttempts:
    """Wrong certificate passwords in one visit: five lock that certificate for the visit."""

    def __init__(self) -> None:
        self._failures: dict[int, int] = {}

    def failures(self, serial: int) -> int:
        return self._failures.get(serial, 0)

    def is_locked(self, serial: int) -> bool:
        return self.failures(serial) >= PASSWORD_ATTEMPTS_PER_VISIT

    def record_failure(self, serial: int) -> int:
        self._failures[serial] = self.failures(serial) + 1
        return self._failures[serial]
