"""The walk-away warning: a countdown over the screen; any key or click keeps the visit."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from kiosk.i18n import tr


class IdleWarning(ModalScreen[None]):
    def __init__(self, seconds_left: int) -> None:
        super().__init__()
        self.seconds_left = seconds_left

    def compose(self) -> ComposeResult:
        with Vertical(id="idle-box"):
            yield Static(self._text(), id="idle-text")

    def show_left(self, seconds: int) -> None:
        """The countdown moves on; safe from the moment the box is pushed, before it
        has drawn its text (the walk-away tick does not wait for that)."""
        self.seconds_left = seconds
        self.refresh_language()

    def refresh_language(self) -> None:
        for text in self.query("#idle-text").results(Static):
            text.update(self._text())

    def _text(self) -> str:
        return (
            tr("⏱ {seconds}초 뒤 처음 화면으로 돌아갑니다.", seconds=self.seconds_left)
            + "\n"
            + tr("입력하신 내용은 모두 지워집니다.")
            + "\n\n"
            + tr("계속하시려면 아무 키나 누르세요.")
        )

    def on_key(self, event: events.Key) -> None:
        # The key only extends the visit; it must not also act on the screen below.
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_click(self) -> None:
        self.dismiss()
