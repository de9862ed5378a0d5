"""Injectable time: the kiosk never reads the system clock directly."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

KST = dt.timezone(dt.timedelta(hours=9), "KST")


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current moment, timezone-aware (KST)."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(KST)


class ShiftedClock:
    """Real time moved to another calendar day (`--today`): seconds still tick,
    so OTP steps and code expiry behave as on a live kiosk."""

    def __init__(self, today: dt.date) -> None:
        real = dt.datetime.now(KST)
        self._offset = dt.datetime.combine(today, real.timetz()) - real

    def now(self) -> dt.datetime:
        return dt.datetime.now(KST) + self._offset


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
