"""Deterministic waiting for pilot tests: the kiosk has handled a key press when
every message it set off has been handled, not when the CPU looks idle.

Textual's pilot waits after every key press until the process *looks* idle:
at least two 20 ms sleeps, judged by comparing process time with the wall
clock. That is most of the time a UI test takes, and it is a guess: a process
starved of CPU looks idle before it has handled the key, and one with a busy
background thread never looks idle. Waiting for the message queues to drain is
both exact and fast."""

from __future__ import annotations

import asyncio

from textual._context import active_app
from textual.app import App
from textual.message_pump import MessagePump

# Quiet twice in a row: a handler that awaits something lets the loop run once
# with the queues empty before it posts its next message.
QUIET_CHECKS = 3
# A bound in loop turns (not seconds), so a kiosk that never settles fails the test.
MAX_TURNS = 10_000


class BankWaits:
    """Whether a key press waits for the kiosk's calls to the bank (screens/bank_calls.py)
    to be answered: it does, as a customer watching the screen would, except in
    tests of what the kiosk does while a call is still with the bank."""

    on = True


def _quiet(app: App[object]) -> bool:
    pumps: list[MessagePump] = [app, *app._registry]
    return all(
        pump.message_queue_size == 0 and not pump._next_callbacks  # type: ignore[attr-defined]
        for pump in pumps
    )


def _bank_busy(app: App[object]) -> bool:
    busy = getattr(app, "bank_busy", None)
    return bool(busy()) if callable(busy) else False


def _refresh_pending(app: App[object]) -> bool:
    try:
        screen = app.screen
    except Exception:
        return False  # no screen yet, or none any more
    return bool(
        screen._callbacks
        or screen._layout_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    )


async def settled(min_sleep: float = 0, max_sleep: float = 1) -> None:
    """Stands in for textual._wait.wait_for_idle (same signature, no wall clock):
    returns when every message queued on the app and its widgets has been handled."""
    try:
        app = active_app.get()
    except LookupError:
        await asyncio.sleep(0)
        return
    quiet = 0
    for _ in range(MAX_TURNS):
        await asyncio.sleep(0)
        if BankWaits.on and _bank_busy(app):
            await app.bank_settled()  # type: ignore[attr-defined]
            quiet = 0
            continue
        quiet = quiet + 1 if _quiet(app) else 0
        if quiet >= QUIET_CHECKS:
            if not _refresh_pending(app):
                return
            # What waits for the screen's next refresh (layout, callbacks after
            # refresh) would wait for a timer: refresh now, as the timer would.
            app.screen._on_timer_update()
            quiet = 0
    raise AssertionError("the kiosk never stopped handling messages")
