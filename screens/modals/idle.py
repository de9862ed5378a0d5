"""The walk-away warning: a countdown over the screen; any key or click keeps the visit."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Static

from kiosk.core.i18n import tr
from screens.guard import Contained
from screens.voice import Say


class Countdown(Static):
    """The warning's text, drawn from the seconds left whenever they change."""

    seconds_left = var(0)

    def render(self) -> str:
        return (
            tr("⏱ {seconds}초 뒤 처음 화면으로 돌아갑니다.", seconds=self.seconds_left)
            + "\n"
            + tr("입력하신 내용은 모두 지워집니다.")
            + "\n\n"
            + tr("계속하시려면 아무 키나 누르세요.")
        )

    def watch_seconds_left(self) -> None:
        self.refresh()


class IdleWarning(ModalScreen[None], metaclass=Contained):
    # Set by the walk-away tick from the moment the box is pushed, mounted or not:
    # the text is bound to it, never looked up.
    seconds_left = var(0)

    def __init__(self, seconds_left: int) -> None:
        super().__init__()
        self.seconds_left = seconds_left

    def compose(self) -> ComposeResult:
        with Vertical(id="idle-box"):
            yield Countdown(id="idle-text").data_bind(IdleWarning.seconds_left)

    def on_mount(self) -> None:
        # A customer who cannot see the box must still hear why the visit may end.
        self.post_message(Say("IdleWarning", str(self.query_one(Countdown).render())))

    def show_left(self, seconds: int) -> None:
        self.seconds_left = seconds

    def refresh_language(self) -> None:
        self.query_one(Countdown).refresh()

    def on_key(self, event: events.Key) -> None:
        # The key only extends the visit; it must not also act on the screen below.
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_click(self) -> None:
        self.dismiss()
