"""보안 키패드: a 6-digit PIN pad whose digits are shuffled for every entry."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from kiosk.core.i18n import tr
from kiosk.factors import keypad
from kiosk.factors.pin_rules import PIN_LENGTH
from screens.guard import Contained

_CELL = 10
_LABELS = {keypad.CLEAR: "전체삭제", keypad.BACK: "←"}
_MOVES = {"left": (0, -1), "right": (0, 1), "up": (-1, 0), "down": (1, 0)}


class SecureKeypad(Widget, can_focus=True, metaclass=Contained):
    """Number keys press the button at that position (as on a phone pad), not the
    digit printed on it; arrows and Enter press the highlighted button. Typed
    digits are never shown, only one dot each."""

    DEFAULT_CSS = """
    SecureKeypad {
        height: 6;
        width: 34;
        margin-top: 1;
    }
    SecureKeypad:focus {
        background: $primary 15%;
    }
    """

    class Completed(Message):
        """Six digits were entered; the keypad has cleared itself."""

        def __init__(self, keypad_widget: SecureKeypad, pin: str) -> None:
            super().__init__()
            self.keypad = keypad_widget
            self.pin = pin

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pad_layout = keypad.shuffled()
        self._digits: list[str] = []
        self._cursor = 0
        self.locked = False

    @property
    def entered(self) -> int:
        return len(self._digits)

    def reshuffle(self) -> None:
        """A new layout and an empty entry (each PIN entry gets its own layout)."""
        self.pad_layout = keypad.shuffled()
        self._digits.clear()
        self._cursor = 0
        self.refresh()

    def render(self) -> Text:
        text = Text()
        dots = "●" * self.entered + "○" * (PIN_LENGTH - self.entered)
        text.append("  PIN  " + " ".join(dots) + "\n", style="bold")
        text.append("─" * (_CELL * keypad.COLUMNS + 2) + "\n", style="dim")
        for row in range(keypad.ROWS):
            text.append(" ")
            for column in range(keypad.COLUMNS):
                index = row * keypad.COLUMNS + column
                label = tr(_LABELS.get(self.pad_layout.cells[index], self.pad_layout.cells[index]))
                gap = _CELL - cell_len(label)
                cell = " " * (gap // 2) + label + " " * (gap - gap // 2)
                highlighted = index == self._cursor and self.has_focus and not self.locked
                text.append(cell, style="reverse bold" if highlighted else "bold on grey23")
            text.append("\n")
        return text

    def on_key(self, event: events.Key) -> None:
        if self.locked:
            return
        key = event.key
        if key in keypad.POSITION_OF_KEY:
            self._press(keypad.POSITION_OF_KEY[key])
        elif key in _MOVES:
            d_row, d_col = _MOVES[key]
            row, col = divmod(self._cursor, keypad.COLUMNS)
            row = (row + d_row) % keypad.ROWS
            col = (col + d_col) % keypad.COLUMNS
            self._cursor = row * keypad.COLUMNS + col
            self.refresh()
        elif key == "enter":
            self._press(self._cursor)
        elif key == "backspace":
            self._press(self.pad_layout.cells.index(keypad.BACK))
        else:
            return
        event.stop()
        event.prevent_default()

    def _press(self, index: int) -> None:
        cell = self.pad_layout.cells[index]
        if cell == keypad.CLEAR:
            self._digits.clear()
        elif cell == keypad.BACK:
            if self._digits:
                self._digits.pop()
        elif len(self._digits) < PIN_LENGTH:
            self._digits.append(cell)
        self.refresh()
        if len(self._digits) == PIN_LENGTH:
            pin = "".join(self._digits)
            self._digits.clear()
            self.post_message(self.Completed(self, pin))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
