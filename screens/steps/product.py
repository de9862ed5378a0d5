"""인증서 종류: the products with their fees, as the banks show them."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.certs.products import ISSUABLE, Product
from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.people.customers import Account
from kiosk.visit.flows import Service, Step
from kiosk.visit.results import ProductChosen
from kiosk.visit.session import Session
from screens.base import StepScreen
from screens.key_names import key_name
from screens.widgets.frame import pad


class ProductScreen(StepScreen[ProductChosen]):
    STEP = Step.PRODUCT
    TITLE_TEXT = "인증서 종류 — 발급할 인증서를 선택해 주세요"
    BINDINGS = [
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(ISSUABLE) + 1)],
        Binding("f6", "reissue", "재발급", id="other_way"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.offer_reissue = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reissue":
            return self.offer_reissue
        return True

    def compose_body(self) -> ComposeResult:
        head, rows = self._table()
        yield Static(head, classes="table-head", id="products-head")
        yield OptionList(
            *[Option(row, id=p.code) for p, row in zip(ISSUABLE, rows, strict=True)],
            id="products",
        )
        yield Static(
            tr("범용 인증서 수수료는 부가세 포함 금액이며 계좌에서 출금됩니다."), classes="hint"
        )

    def _table(self, width: int | None = None) -> tuple[str, list[str]]:
        """The head and the rows: columns as the banks print them, or, for a list
        `width` cells wide where a row does not fit (English words on a large-font
        terminal), each product's name on a line of its own and its issuer, fee and
        validity under it, so no fee is split from its unit nor an issuer pushed
        under another product."""
        names = [tr(p.name) for p in ISSUABLE]
        cas = [tr(p.ca.display_name) for p in ISSUABLE]
        years = [tr("{years}년", years=p.validity_years) for p in ISSUABLE]
        if width is not None:
            head = [tr("종류"), tr("발급기관"), tr("수수료"), tr("유효기간")]
            rows = [
                f"{n}. {name}\n" + _packed([ca, p.fee_label, valid], width)
                for n, (p, name, ca, valid) in enumerate(
                    zip(ISSUABLE, names, cas, years, strict=True), 1
                )
            ]
            return f"   {head[0]}\n" + _packed(head[1:], width), rows
        # Translated names may need wider columns.
        name_width = max(22, *(cell_len(name) + 2 for name in names))
        ca_width = max(12, *(cell_len(ca) + 2 for ca in cas))
        head_line = (
            f"   {pad(tr('종류'), name_width)}{pad(tr('발급기관'), ca_width)}"
            f"{pad(tr('수수료'), 8, right=True)}  {tr('유효기간')}"
        )
        rows = [
            f"{n}. {pad(name, name_width)}{pad(ca, ca_width)}"
            f"{pad(p.fee_label, 8, right=True)}  {valid}"
            for n, (p, name, ca, valid) in enumerate(
                zip(ISSUABLE, names, cas, years, strict=True), 1
            )
        ]
        return head_line, rows

    def _fit(self) -> None:
        """Columns where every row fits on one line, stacked where one would wrap."""
        products = self.query_one("#products", OptionList)
        width = products.scrollable_content_region.width
        if not width:
            return  # not laid out yet
        head, rows = self._table()
        if max(cell_len(row) for row in [head, *rows]) > width:
            head, rows = self._table(width)
        if str(products.get_option_at_index(0).prompt) == rows[0]:
            return
        highlighted = products.highlighted
        products.clear_options()
        products.add_options(
            [Option(row, id=p.code) for p, row in zip(ISSUABLE, rows, strict=True)]
        )
        products.highlighted = highlighted
        self.query_one("#products-head", Static).update(head)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def refresh_language(self) -> None:
        self.call_after_refresh(self._fit)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.call_after_refresh(self._fit)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        product = ISSUABLE[index]
        bank, visit = self.bank, self.visit

        def ask() -> list[Account]:
            # Asked now, not at 확인: a second one of a product held is 재발급's job.
            bank.check_new_product(visit, product.code)
            # And can any of the customer's accounts pay the fee (_fee_payable)?
            return bank.accounts(visit) if product.fee_won else []

        self.call_bank(ask, lambda accounts: self._checked(product, accounts), self._refused)

    def _refused(self, refused: Refused) -> None:
        if refused.code is RefusalCode.PRODUCT_ALREADY_HELD:
            self.offer_reissue = True
            self.refresh_bindings()
            to_reissue = Phrase("{key}: 재발급으로 이동", key=key_name(self, "other_way"))
            hint = Phrase("{message} ({hint})", message=refused.phrase, hint=to_reissue)
            self.show_error(hint, refused.code)
        else:
            self.show_refusal(refused)

    def _checked(self, product: Product, accounts: list[Account]) -> None:
        if not self._fee_payable(product, accounts):
            return
        self.finish(ProductChosen(product))

    def _fee_payable(self, product: Product, accounts: list[Account]) -> bool:
        """Asked now, not after every other step at 확인: can any of the customer's
        accounts pay the fee? If none can, the free product is offered on the spot
        (highlighted: Enter takes it)."""
        if not product.fee_won:
            return True
        if not accounts or max(a.balance for a in accounts) >= product.fee_won:
            return True  # no account at all is said at 확인, where one is asked for
        free = next(n for n, p in enumerate(ISSUABLE) if not p.fee_won)
        self.query_one(OptionList).highlighted = free
        self.show_error(
            Phrase(
                "계좌 잔액({balance}원)이 수수료 {fee}보다 적어 {product} 인증서를 발급할 수 "
                "없습니다. 수수료 없는 {free}은 {n}번입니다(Enter).",
                balance=f"{max(a.balance for a in accounts):,}",
                fee=product.fee_label,
                product=product.name,
                free=ISSUABLE[free].name,
                n=free + 1,
            ),
            RefusalCode.INSUFFICIENT_BALANCE,
        )
        return False

    def action_reissue(self) -> None:
        if self.offer_reissue:
            self.kiosk.start_service(Service.REISSUE)


def _packed(parts: list[str], width: int) -> str:
    """`parts` joined by " · " on indented lines of at most `width` cells, each
    part kept whole on its line."""
    lines: list[str] = []
    for part in parts:
        if lines and cell_len(lines[-1]) + cell_len(" · " + part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append("   " + part)
    return "\n".join(lines)
