"""Injectable time: the kiosk never reads the system clock directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from kiosk.core.refusal import RefusalCode, Refused

KST = dt.timezone(dt.timedelta(hours=9), "KST")

# The days a kiosk may be run on (--today, --issued, the trainer's F8). The CAs are
# made valid from 2015 for 30 years (kiosk/npki/ca.py), and a certificate issued on
# the last day (3 years for 금융인증서) still ends within them; X.509 cannot say
# dates before 1950, and Python none after 9999, which validity arithmetic would reach.
EARLIEST_DAY = dt.date(2015, 1, 1)
LATEST_DAY = dt.date(2040, 12, 31)


def in_range(day: dt.date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def _refuse_past_latest(moved: dt.datetime) -> None:
    if moved.date() > LATEST_DAY:
        raise Refused(
            RefusalCode.CLOCK_LIMIT,
            "[교육용] 시계는 {latest}까지만 앞당길 수 있습니다.",
            latest=LATEST_DAY.isoformat(),
        )


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current moment, timezone-aware (KST)."""
        ...

    def advance(self, seconds: float) -> None:
        """Move time forward (trainers and tests)."""
        ...


class SharedOffset(Protocol):
    """Where a class keeps its clock's offset from real time (the bank's books),
    so every kiosk, phone and bank process on them reads the same moment."""

    def get(self) -> float | None:
        """The offset in seconds, or None while nobody has moved the clock."""
        ...

    def update(self, change: Callable[[float | None], float]) -> float:
        """Replace the offset by `change(offset)` atomically; `change` may raise."""
        ...


class ShiftedClock:
    """Real time, optionally moved to another calendar day (`--today`) and skipped
    ahead by a trainer: seconds still tick, so OTP steps and code expiry behave as
    on a live kiosk.

    Kept in a bank's books (`share`), the offset is the bank's: a trainer's move
    (F8) is seen by every process on those books, not only the one that made it."""

    def __init__(self, today: dt.date | None = None) -> None:
        if today is not None and not in_range(today):
            raise ValueError(f"{today} is outside {EARLIEST_DAY}..{LATEST_DAY}")
        real = dt.datetime.now(KST)
        self._today = today
        self._offset = (
            dt.timedelta(0) if today is None else dt.datetime.combine(today, real.timetz()) - real
        )
        self._shared: SharedOffset | None = None

    def share(self, book: SharedOffset) -> None:
        """Use the bank's offset from now on. A clock started with `--today` puts
        the bank on that day, unless the bank is on it already: a kiosk joining a
        class must not undo the moves a trainer made that day."""
        self._shared = book
        if self._today is None:
            return
        wanted = self._offset.total_seconds()

        def onto_day(current: float | None) -> float:
            if current is not None:
                on_day = dt.datetime.now(KST) + dt.timedelta(seconds=current)
                if on_day.date() == self._today:
                    return current
            return wanted

        book.update(onto_day)

    def _current(self) -> dt.timedelta:
        if self._shared is None:
            return self._offset
        shared = self._shared.get()
        return self._offset if shared is None else dt.timedelta(seconds=shared)

    def now(self) -> dt.datetime:
        return dt.datetime.now(KST) + self._current()

    def advance(self, seconds: float) -> None:
        """Skip ahead, as a trainer does to show a code expiring without waiting for it."""
        step = dt.timedelta(seconds=seconds)
        if self._shared is None:
            _refuse_past_latest(self.now() + step)
            self._offset += step
            return
        base = self._offset

        def moved(current: float | None) -> float:
            offset = (base if current is None else dt.timedelta(seconds=current)) + step
            _refuse_past_latest(dt.datetime.now(KST) + offset)
            return offset.total_seconds()

        self._shared.update(moved)


class ManualClock:
    """A clock that moves only when told to (tests and scripted scenarios)."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=KST)
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        step = dt.timedelta(seconds=seconds)
        _refuse_past_latest(self._now + step)
        self._now += step


def today(clock: Clock) -> dt.date:
    return clock.now().date()


def local_time(moment: dt.datetime, zone: dt.tzinfo | None = KST) -> dt.datetime:
    """`moment` in `zone`. A certificate "without an end" (X.509's 9999-12-31
    23:59:59 UTC) is on the last day Python has instead of overflowing into the
    year 10000, which would end whatever shows or checks it."""
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return dt.datetime.max.replace(tzinfo=zone)
