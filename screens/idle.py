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
            yield Static("", id="idle-text")

    def on_mount(self) -> None:
        self.show_left(self.seconds_left)

    def show_left(self, seconds: int) -> None:
        self.seconds_left = seconds
        self.query_one("#idle-text", Static).update(
            tr("⏱ {seconds}초 뒤 처음 화면으로 돌아갑니다.", seconds=seconds)
            + "\n"
            + tr("입력하신 내용은 모두 지워집니다.")
            + "\n\n"
            + tr("계속하시려면 아무 키나 누르세요.")
        )

    def refresh_language(self) -> None:
        self.show_left(self.seconds_left)

    def on_key(self, event: events.Key) -> None:
        # The key only extends the visit; it must not also act on the screen below.
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_click(self) -> None:
        self.dismiss()
