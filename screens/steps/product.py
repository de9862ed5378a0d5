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
from screens.widgets.frame import pad


class ProductScreen(StepScreen):
    STEP = Step.PRODUCT
    TITLE_TEXT = "인증서 종류 — 발급할 인증서를 선택해 주세요"
    BINDINGS = [
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(ISSUABLE) + 1)],
        Binding("f6", "reissue", "재발급"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.offer_reissue = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reissue":
            return self.offer_reissue
        return True

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
            hint = Phrase("{message} ({hint})", message=refused.phrase, hint="F6: 재발급으로 이동")
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
