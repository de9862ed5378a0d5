"""The resident-number row: front six digits in clear, back seven masked, as banks show it."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from kiosk.core.i18n import tr
from screens.guard import Contained


class FrontInput(Input):
    """The front six digits. A digit typed past them goes on into the back half: an
    ID reader or a fast typist sends all thirteen before the focus has moved, and
    those seven would otherwise be lost against the front field's six-digit limit.
    A whole number pasted here ("850315-1234566") is split the same way."""

    def on_key(self, event: events.Key) -> None:
        character = event.character
        full = len(self.value) >= 6 and self.cursor_position >= 6 and self.selection.is_empty
        if full and character is not None and character.isdigit():
            event.stop()
            event.prevent_default()  # not Input's own handler, which would drop it
            self._back().insert_text_at_cursor(character)

    def on_paste(self, event: events.Paste) -> None:
        digits = (event.text or "").strip().replace("-", "")
        if not self.value and len(digits) == 13 and digits.isdigit():
            event.stop()
            event.prevent_default()
            self.value = digits[:6]
            self._back().insert_text_at_cursor(digits[6:])

    def _back(self) -> Input:
        back = self.screen.query_one("#rrn-back", Input)
        back.focus()
        return back


class RrnField(Horizontal, metaclass=Contained):
    """Two inputs (#rrn-front, #rrn-back); focus moves on by itself after six digits."""

    DEFAULT_CLASSES = "row"

    def compose(self) -> ComposeResult:
        yield Label(tr("주민등록번호"), classes="field-label")
        yield FrontInput(placeholder=tr("앞 6자리"), id="rrn-front", max_length=6, classes="rrn")
        yield Label("-", classes="dash")
        yield Input(
            placeholder=tr("뒤 7자리"), id="rrn-back", max_length=7, password=True, classes="rrn"
        )

    @property
    def value(self) -> str:
        return self.query_one("#rrn-front", Input).value + self.query_one("#rrn-back", Input).value

    @on(Input.Changed, "#rrn-front")
    def _front_complete(self, event: Input.Changed) -> None:
        if len(event.value) == 6 and event.input.has_focus:
            self.query_one("#rrn-back", Input).focus()
