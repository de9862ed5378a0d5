"""저장매체: where the certificate files go."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.i18n import tr
from kiosk.terminal.media import Medium, UsbChange
from kiosk.visit.flows import Step
from kiosk.visit.results import MediumChosen
from screens.base import StepScreen
from screens.guard import contained
from screens.messages import UsbChanged

_MEDIA = (Medium.HARD_DISK, Medium.USB)


class MediumScreen(StepScreen[MediumChosen]):
    STEP = Step.MEDIUM
    TITLE_TEXT = "저장매체 — 인증서를 저장할 곳을 선택해 주세요"
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(_MEDIA) + 1)]

    def compose_body(self) -> ComposeResult:
        yield OptionList(*self._options(), id="media")
        yield Static(tr("USB 저장 시 저장이 끝날 때까지 USB를 뽑지 마세요."), classes="hint")

    def _options(self) -> list[Option]:
        options = []
        for n, medium in enumerate(_MEDIA, 1):
            state = ""
            if medium is Medium.USB:
                media = self.terminal.media
                if not media.is_present(medium):
                    state = " " + tr("(연결 안 됨)")
                elif media.is_read_only(medium):
                    state = " " + tr("(연결됨 · 쓰기 금지)")
                else:
                    state = " " + tr("(연결됨)")
            options.append(Option(f"{n}. {medium.label}{state}", id=medium.value))
        return options

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self._refresh_media()  # the stick may have come or gone while a later step was on show

    def on_usb_changed(self, message: UsbChanged) -> None:
        """The stick came or went: its state is shown at once."""
        self._refresh_media()
        if message.change is UsbChange.INSERTED:
            self.clear_message()

    @contained
    def _refresh_media(self) -> None:
        option_list = self.query_one(OptionList)
        for option in self._options():
            assert option.id is not None
            option_list.replace_option_prompt(option.id, option.prompt)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        medium = _MEDIA[index]
        refused = self.terminal.media.write_refusal(medium)
        if refused is not None:
            self.show_error(refused.phrase, refused.code)
            return
        self.finish(MediumChosen(medium))
