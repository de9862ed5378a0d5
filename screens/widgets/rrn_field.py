"""The resident-number row: front six digits in clear, back seven masked, as banks show it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from kiosk.core.i18n import tr
from screens.guard import Contained


class RrnField(Horizontal, metaclass=Contained):
    """Two inputs (#rrn-front, #rrn-back); focus moves on by itself after six digits."""

    DEFAULT_CLASSES = "row"

    def compose(self) -> ComposeResult:
        yield Label(tr("주민등록번호"), classes="field-label")
        yield Input(placeholder=tr("앞 6자리"), id="rrn-front", max_length=6, classes="rrn")
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
