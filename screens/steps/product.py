"""인증서 종류: the products with their fees, as the banks show them."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.certs.products import ISSUABLE
from kiosk.core.i18n import tr
from kiosk.visit.flows import Step
from kiosk.visit.results import ProductChosen
from screens.base import StepScreen
from screens.widgets.frame import pad


class ProductScreen(StepScreen):
    STEP = Step.PRODUCT
    TITLE_TEXT = "인증서 종류 — 발급할 인증서를 선택해 주세요"
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(ISSUABLE) + 1)]

    def compose_body(self) -> ComposeResult:
        names = [tr(p.name) for p in ISSUABLE]
        cas = [tr(p.ca.display_name) for p in ISSUABLE]
        # Columns as the banks print them; translated names may need wider ones.
        name_width = max(22, *(cell_len(name) + 2 for name in names))
        ca_width = max(12, *(cell_len(ca) + 2 for ca in cas))
        head = (
            f"   {pad(tr('종류'), name_width)}{pad(tr('발급기관'), ca_width)}"
            f"{pad(tr('수수료'), 8, right=True)}  {tr('유효기간')}"
        )
        yield Static(head, classes="table-head")
        yield OptionList(
            *[
                Option(
                    f"{n}. {pad(name, name_width)}{pad(ca, ca_width)}"
                    f"{pad(p.fee_label, 8, right=True)}  "
                    + tr("{years}년", years=p.validity_years),
                    id=p.code,
                )
                for n, (p, name, ca) in enumerate(zip(ISSUABLE, names, cas, strict=True), 1)
            ],
            id="products",
        )
        yield Static(
            tr("범용 인증서 수수료는 부가세 포함 금액이며 계좌에서 출금됩니다."), classes="hint"
        )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        self.finish(ProductChosen(ISSUABLE[index]))
