"""처음 화면: the 인증센터 menu, and the lists its grouped entries open."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.i18n import tr
from kiosk.visit.flows import MENU, Service, Submenu
from screens.base import KioskScreen


class MenuScreen(KioskScreen[None]):
    """A numbered list of services; number keys or arrows and Enter pick one."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)]

    def __init__(self, entries: tuple[Service | Submenu, ...]) -> None:
        super().__init__()
        self.entries = entries

    def compose_body(self) -> ComposeResult:
        yield OptionList(
            *[
                Option(f"{n}. {tr(entry.label)}", id=f"menu-{n}")
                for n, entry in enumerate(self.entries, 1)
            ],
            id="menu",
        )
        yield Static(tr("숫자 키나 화살표와 Enter로 선택하세요."), classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if index >= len(self.entries):
            return
        entry = self.entries[index]
        if isinstance(entry, Submenu):
            self.app.push_screen(SubmenuScreen(entry))
        else:
            self.kiosk.start_service(entry)


class HomeScreen(MenuScreen):
    TITLE_TEXT = "인증센터 — 원하시는 업무를 선택해 주세요"
    BINDINGS = [
        Binding("f11", "app.toggle_contrast", "고대비", id="contrast"),
        Binding("f12", "app.toggle_large_text", "큰 글씨", id="large_text"),
        Binding("f5", "app.toggle_easy", "쉬운 모드", id="easy"),
    ]

    def __init__(self) -> None:
        super().__init__(MENU)


class SubmenuScreen(MenuScreen):
    """인증서 관리: the services that work on the certificate files in front of the kiosk."""

    def __init__(self, submenu: Submenu) -> None:
        super().__init__(submenu.services)
        self.submenu = submenu

    def title_text(self) -> str:
        return tr(
            "{menu} — 원하시는 업무를 선택해 주세요",
            menu=tr(self.submenu.label).split("(")[0].strip(),
        )
