"""The one way a screen reaches the bank: in a thread, never on the UI thread.

With a networked bank (`kiosk --bank URL`) every call is a round trip, and a bank
that hangs answers only when the client gives up (kiosk/bankside/http_client.py):
made on the UI thread, a call would freeze the keys, the countdown and the clock
for that long. `call_bank` runs the call in a thread worker and hands its answer,
or its refusal, back on the UI thread to the screen's own handlers.

While a customer's request is with the bank, the screen says 잠시만 기다려 주세요
and takes no keys but the kiosk's own (F1, F4, F9, ...: KioskApp.on_event), so a
second Enter is not a second request. Looks (a countdown's read of the bank's
clock, a phone's inbox) hold nothing and say nothing.

An unreachable or hung bank arrives as the client's BankUnreachable refusal: a
step screen sends the visit home with 잠시 후 다시 이용해 주세요 (base.StepScreen)."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, get_current_worker

from kiosk.core.i18n import Phrase
from kiosk.core.refusal import Refused
from screens.guard import contain

log = logging.getLogger("kiosk")

R = TypeVar("R")
# A screen (or a widget standing alone, as `kiosk phone`'s view) whose call it is.
Node = Screen[Any] | Widget

# The worker groups of calls to the bank: what the scenario driver and the tests
# wait for before the next key (screens/demo/driver.py, tests/settle.py).
HELD = "bank"
QUIET = "bank-quiet"
BANK_GROUPS = (HELD, QUIET)
# The service runner's worker (KioskApp.run_service): it lives as long as the
# visit, so nothing waits for it to end; the wait is for it to show the next step
# (KioskApp.moving_on, part of bank_busy).
SERVICE = "service"

WAIT_TEXT = "잠시만 기다려 주세요…"


def pending(screen: Node) -> bool:
    """A customer's request from `screen` is with the bank: it takes no keys meanwhile."""
    return bool(getattr(screen, "bank_pending", False))


def call_bank(
    screen: Node,
    work: Callable[[], R],
    then: Callable[[R], None],
    refused: Callable[[Refused], None] | None = None,
    *,
    look: str | None = None,
    waiting: str | Phrase = WAIT_TEXT,
) -> Worker[None] | None:
    """Run `work` (which calls the bank) in a thread; `then` gets its result on the UI
    thread, `refused` (or the screen's `show_refusal`) a refusal. Anything else it
    raises goes to the App's recovery, never ends the kiosk.

    `work` runs in a thread: it must not touch widgets (read what it needs first).
    One held request at a time per screen: a second one while the first is with the
    bank (Enter pressed twice) is not sent.

    A `look` (a timer's read of something that changes by itself: the clock, the
    phone) holds nothing and says nothing; while the screen's look of that name is
    with the bank, a newer one waits and replaces any older one waiting, so a slow
    bank is not asked the same thing twice at once, and the newest look is done."""
    where = f"{type(screen).__qualname__} bank call"
    if look is not None:
        name = f"{where} {look}"
        if any(
            worker.name == name and not worker.is_finished
            for worker in screen.app.workers
            if worker.node is screen
        ):
            waiting_looks = _looks_waiting(screen)
            waiting_looks[look] = (work, then, refused)
            return None
    else:
        name = where
        if pending(screen):
            log.debug("%s: a request is with the bank already", where)
            return None
        _hold(screen, waiting)

    def run() -> None:
        outcome: Callable[[], None]
        try:
            result = work()
        except Refused as refusal:
            outcome = functools.partial(refused or _show_refusal(screen), refusal)
        except Exception as error:
            outcome = functools.partial(_recover, screen, error, where)
        else:
            outcome = functools.partial(then, result)
        worker = get_current_worker()
        if worker.is_cancelled:
            return  # the screen is gone (처음으로, a walk-away): nobody waits for this
        screen.app.call_from_thread(_deliver, screen, worker, outcome, look, where)

    return screen.run_worker(
        run,
        name=name,
        group=HELD if look is None else QUIET,
        thread=True,
        exit_on_error=False,
    )


def _looks_waiting(screen: Node) -> dict[str, tuple[Any, Any, Any]]:
    looks: dict[str, tuple[Any, Any, Any]] | None = getattr(screen, "bank_looks_waiting", None)
    if looks is None:
        looks = {}
        screen.bank_looks_waiting = looks  # type: ignore[union-attr]
    return looks


def _deliver(
    screen: Node, worker: Worker[None], outcome: Callable[[], None], look: str | None, where: str
) -> None:
    if worker.is_cancelled:
        return  # the screen went while the answer was on its way: it is for nobody
    if look is None:
        _release(screen)
    try:
        outcome()
    except NoMatches as error:
        if look is None:
            contain(screen, error, where)
        # A look answered while its widget was being taken down (the phone put away
        # as the kiosk moved on): there is nothing left to show it on.
        return
    except Exception as error:
        contain(screen, error, where)
    if look is not None:
        following = _looks_waiting(screen).pop(look, None)
        if following is not None:
            work, then, refused = following
            call_bank(screen, work, then, refused, look=look)


def bank_busy(app: App[Any]) -> bool:
    """A call to the bank made through `call_bank` is still on its way."""
    return any(worker.group in BANK_GROUPS and not worker.is_finished for worker in app.workers)


async def bank_settled(app: App[Any]) -> None:
    """Until every call to the bank made so far, and those its answers made in
    turn, is answered and handled."""
    while bank_busy(app):
        workers = [
            worker
            for worker in app.workers
            if worker.group in BANK_GROUPS and not worker.is_finished
        ]
        await asyncio.gather(*(worker.wait() for worker in workers), return_exceptions=True)
        await asyncio.sleep(0)  # the answers' handlers run


def _show_refusal(screen: Node) -> Callable[[Refused], None]:
    show = getattr(screen, "show_refusal", None)
    if callable(show):
        return show  # type: ignore[no-any-return]
    return functools.partial(_contain_refusal, screen)


def _contain_refusal(screen: Node, refusal: Refused) -> None:
    contain(screen, refusal, f"{type(screen).__qualname__} bank call")


def _recover(screen: Node, error: Exception, where: str) -> None:
    contain(screen, error, where)


def _hold(screen: Node, waiting: str | Phrase) -> None:
    screen.bank_pending = True  # type: ignore[union-attr]
    # By its name: the message line (screens/widgets/frame.py) uses this module.
    try:
        line = screen.query_one("MessageLine")
    except NoMatches:
        return  # a box without a message line: it takes no keys all the same
    line.hold(waiting)  # type: ignore[attr-defined]


def _release(screen: Node) -> None:
    screen.bank_pending = False  # type: ignore[union-attr]
    for line in screen.query("MessageLine"):
        line.release()  # type: ignore[attr-defined]
