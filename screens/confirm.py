"""확인: the summary, the fee account, and issuing."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kiosk.flows import Step
from kiosk.issuance import IssuedCertificate, IssueRefused, IssueRequest, issue
from screens.base import StepScreen


class ConfirmScreen(StepScreen):
    STEP = Step.CONFIRM
    TITLE_TEXT = "확인 — 발급 내용을 확인해 주세요"

    def __init__(self) -> None:
        super().__init__()
        self.busy = False

    def compose_body(self) -> ComposeResult:
        session = self.session
        product, customer, medium = session.product, session.customer, session.medium
        assert product is not None and customer is not None and medium is not None
        yield Static(
            f"이름      {customer.name} ({customer.rrn_masked})\n"
            f"인증서    {product.name}\n"
            f"발급기관  {product.ca.display_name}\n"
            f"저장매체  {medium.label}\n"
            f"수수료    {product.fee_label}",
            id="summary",
        )
        if product.fee_won:
            yield Static("수수료를 출금할 계좌를 선택하면 발급합니다.", classes="hint")
            accounts = self.bank.registry.accounts(customer.id)
            yield OptionList(
                *[
                    Option(f"{n}. {a.product} {a.masked_number}  잔액 {a.balance:,}원", id=a.number)
                    for n, a in enumerate(accounts, 1)
                ],
                id="choices",
            )
        else:
            yield Static("Enter를 누르면 발급합니다.", classes="hint")
            yield OptionList(Option("1. 발급하기", id="issue"), id="choices")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def key_1(self) -> None:
        self._choose(0)

    def key_2(self) -> None:
        self._choose(1)

    def key_3(self) -> None:
        self._choose(2)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        if self.busy:
            return
        option_list = self.query_one(OptionList)
        if index >= option_list.option_count:
            return
        option = option_list.get_option_at_index(index)
        self.session.pay_account = None if option.id == "issue" else option.id
        self.busy = True
        self.show_info("인증서를 발급하고 있습니다. 잠시만 기다려 주세요…")
        self._issue()

    @work(thread=True, exclusive=True)
    def _issue(self) -> None:
        session = self.session
        assert session.customer and session.rrn and session.product and session.medium
        assert session.password is not None
        request = IssueRequest(
            customer=session.customer,
            rrn=session.rrn,
            product=session.product,
            medium=session.medium,
            password=session.password,
            pay_account=session.pay_account,
        )
        bank = self.bank
        try:
            issued = issue(
                request, store=bank.store, cas=bank.cas, media=bank.media, clock=bank.clock
            )
        except IssueRefused as refused:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._refused, refused)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._issued, issued)

    def _refused(self, refused: IssueRefused) -> None:
        self.busy = False
        self.show_error(refused.message, refused.code)

    def _issued(self, issued: IssuedCertificate) -> None:
        self.session.issued = issued
        self.session.password = None
        self.step_done()
