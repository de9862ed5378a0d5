"""What the kiosk shows, read off the terminal as a person sees it, and the Korean left in it."""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest
from textual.app import App
from textual.widgets import Static

from kiosk.bankside.audit import masked_customer
from kiosk.core.i18n import SWITCH_LABEL, Language
from kiosk.people.customers import Customer
from kiosk.people.demo_customers import DEMO_CUSTOMERS
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.demo.driver import Driver
from tests.ui.kiosk_keys import cut_short, keys_cut_off

_TEXT = re.compile(r'<text [^>]*x="([\d.]+)"[^>]*line-(\d+)\)">([^<]*)</text>')
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# An institution's Korean name may follow its English one in brackets.
_BRACKETED = re.compile(r"(?<=[A-Za-z0-9] )\([^()]*\)")
# ... also where a narrow terminal wrapped the line between the two names.
_WRAPPED_BRACKET = re.compile(r"^[\s\u2500-\u259f]*\([^()]*\)")
_ENDS_LATIN = re.compile(r"[A-Za-z0-9][\s\u2500-\u259f]*$")
# The language key names Korean in Korean, for the customer who reads only that.
_SWITCH_BACK = re.compile(r"f4\s*" + SWITCH_LABEL[Language.ENGLISH])


def _masked(name: str) -> str:
    fake = Customer(id=0, name=name, rrn_masked="")
    return masked_customer(fake).strip()


# People's names (and the masked ones of the audit log) are data, not the kiosk's words.
_NAMES = sorted(
    {form for c in DEMO_CUSTOMERS for form in (c.name, _masked(c.name))}, key=len, reverse=True
)


def shown_lines(app: App[object]) -> list[str]:
    """The terminal's rows as drawn (modals, footer and notifications included)."""
    rows: defaultdict[int, list[tuple[float, str]]] = defaultdict(list)
    for x, row, text in _TEXT.findall(app.export_screenshot(title="walk")):
        rows[int(row)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    return ["".join(text for _, text in sorted(rows[row])) for row in sorted(rows)]


def korean_left(lines: list[str]) -> list[str]:
    """The rows that still hold Korean the English kiosk should have translated."""
    left = []
    before = ""  # the last row with something on it
    for line in lines:
        bare = _SWITCH_BACK.sub("", _BRACKETED.sub("", line))
        if _ENDS_LATIN.search(before):
            bare = _WRAPPED_BRACKET.sub("", bare)
        before = line if line.strip() else before
        for name in _NAMES:
            bare = bare.replace(name, "")
        if HANGUL.search(bare):
            left.append(line.strip())
    return left


class Walk:
    """Every screen a scenario passed, with the Korean rows each still showed and
    the keys or words its screen could not fit."""

    def __init__(self) -> None:
        self.korean: dict[str, list[str]] = {}
        self.screens: set[str] = set()
        self._last: tuple[object, ...] = ()

    def look(self, app: KioskApp) -> None:
        # Reading the terminal means drawing it: only when something a key can
        # change (the screen, its words, the focus, the notifications) has changed.
        screen = app.screen
        seen = (
            id(screen),
            len(app.screen_stack),
            tuple(str(w.render()) for w in screen.query(Static) if w.display),
            None if app.focused is None else app.focused.id,
            len(app._notifications),
        )
        if seen == self._last:
            return
        self._last = seen
        name = type(app.screen).__name__
        self.screens.add(name)
        left = korean_left(shown_lines(app))
        if left:
            self.korean.setdefault(name, left)
        self.korean.setdefault(name, []).extend(keys_cut_off(app) + cut_short(app))
        if not self.korean[name]:
            del self.korean[name]

    def watch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Look at the kiosk every time the scenario's driver waits for it."""
        pause, at = Driver.pause, Driver.at

        async def settle(driver: Driver) -> None:
            # What the customer sees once the kiosk is idle: the body's scroll to
            # the field in focus is scheduled after the refresh that moved the
            # focus, and a look can fall between the two (more than once when the
            # key bar wraps anew after the scroll and the body scrolls again).
            for _ in range(3):
                if not (keys_cut_off(driver.app) or cut_short(driver.app)):
                    return
                await pause(driver)

        async def pause_and_look(driver: Driver) -> None:
            await pause(driver)
            await settle(driver)
            self.look(driver.app)

        async def at_and_look(driver: Driver, step: Step) -> None:
            await at(driver, step)
            await settle(driver)
            self.look(driver.app)

        monkeypatch.setattr(Driver, "pause", pause_and_look)
        monkeypatch.setattr(Driver, "at", at_and_look)
