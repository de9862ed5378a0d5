"""처음 화면: the 인증센터 menu."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.flows import MENU
from screens.base import KioskScreen


class HomeScreen(KioskScreen):
    TITLE_TEXT = "인증센터 — 원하시는 업무를 선택해 주세요"
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(MENU) + 1)]

    def compose_body(self) -> ComposeResult:
        yield OptionList(
            *[
                Option(f"{n}. {service.label}", id=service.name)
                for n, service in enumerate(MENU, 1)
            ],
            id="menu",
        )
        yield Static("숫자 키나 화살표와 Enter로 선택하세요.", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        self.kiosk.start_service(MENU[index])
