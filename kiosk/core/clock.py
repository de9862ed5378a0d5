"""Injectable time: the kiosk never reads the system clock directly."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

KST = dt.timezone(dt.timedelta(hours=9), "KST")


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current moment, timezone-aware (KST)."""
        ...

    def advance(self, seconds: float) -> None:
        """Move time forward (trainers and tests)."""
        ...


class ShiftedClock:
    """Real time, optionally moved to another calendar day (`--today`) and skipped
    ahead by a trainer: seconds still tick, so OTP steps and code expiry behave as
    on a live kiosk."""

    def __init__(self, today: dt.date | None = None) -> None:
        real = dt.datetime.now(KST)
        self._offset = (
            dt.timedelta(0) if today is None else dt.datetime.combine(today, real.timetz()) - real
        )

    def now(self) -> dt.datetime:
        return dt.datetime.now(KST) + self._offset

    def advance(self, seconds: float) -> None:
        """Skip ahead, as a trainer does to show a code expiring without waiting for it."""
        self._offset += dt.timedelta(seconds=seconds)


class ManualClock:
    """A clock that moves only when told to (tests and scripted scenarios)."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=KST)
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += dt.timedelta(seconds=seconds)


def today(clock: Clock) -> dt.date:
    return clock.now().date()
