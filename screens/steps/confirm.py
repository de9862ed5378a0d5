"""확인: the summary, the fee account, and issuing (new issue, re-issue, renewal)."""

from __future__ import annotations

from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.bankside.service import BankService, VisitDesk
from kiosk.certs.issuance import IssuedCertificate, issue_through
from kiosk.certs.products import fee_label
from kiosk.certs.renewal import renewed_not_after
from kiosk.core.i18n import easy_mode, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.people.customers import Account
from kiosk.people.identity_factors import FactorResult
from kiosk.visit.flows import Service, Step
from kiosk.visit.results import Issued
from kiosk.visit.session import Session
from screens.base import StepScreen, held_hint
from screens.questions import EASY_LIST_HINT, Questions, easy_hint

_PAY_HINT = {
    Service.ISSUE: "수수료를 출금할 계좌를 고르고 계좌 비밀번호를 입력하면 발급합니다.",
    Service.REISSUE: "수수료를 출금할 계좌를 고르고 계좌 비밀번호를 입력하면 재발급합니다.",
    Service.RENEW: "수수료를 출금할 계좌를 고르고 계좌 비밀번호를 입력하면 갱신합니다.",
}
_ENTER_HINT = {
    Service.ISSUE: "Enter를 누르면 발급합니다.",
    Service.REISSUE: "Enter를 누르면 재발급합니다.",
    Service.RENEW: "Enter를 누르면 갱신합니다.",
}
_GO_OPTION = {
    Service.ISSUE: "1. 발급하기",
    Service.REISSUE: "1. 재발급하기",
    Service.RENEW: "1. 갱신하기",
}


_PAY_ROWS = ("choices", "pin-row")


class ConfirmScreen(StepScreen[Issued]):
    """쉬운 모드 asks the fee's account and then its password one at a time: the
    summary and the list go away while the password is asked."""

    STEP = Step.CONFIRM
    TITLE_TEXT = "확인 — 내용을 확인해 주세요"
    BINDINGS = [Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, 10)]
    QUESTIONS = Questions("confirm", {"choices": "account", "pin-row": "pin"})

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.busy = False
        self.pay_account: str | None = None  # the account chosen for the fee, if any

    def _summary(self) -> str:
        session, issuing = self.session, self.session.issuance
        product, customer, medium = issuing.product, session.customer, issuing.medium
        assert product is not None and customer is not None and medium is not None
        lines = [
            tr("이름      {name} ({rrn})", name=customer.name, rrn=customer.rrn_masked),
            tr("인증서    {product}", product=product.name),
            tr("발급기관  {issuer}", issuer=product.ca.display_name),
            tr("저장매체  {medium}", medium=medium.label),
            tr("수수료    {fee}", fee=fee_label(issuing.fee)),
        ]
        if session.service is Service.REISSUE and issuing.chosen is not None:
            lines.append(
                tr(
                    "유효기간  기존 만료일 {expires}까지",
                    expires=f"{issuing.chosen.not_after:%Y-%m-%d}",
                )
            )
            lines.append(
                tr("기존 인증서 일련번호 {serial}는 폐기됩니다", serial=issuing.chosen.serial)
            )
        if session.service is Service.RENEW and issuing.opened is not None:
            old = issuing.opened.record.not_after
            lines.append(
                tr(
                    "유효기간  {old} → {new}",
                    old=f"{old:%Y-%m-%d}",
                    new=f"{renewed_not_after(old):%Y-%m-%d}",
                )
            )
        return "\n".join(lines)

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> list[Account]:
        # The accounts the fee can be paid from, with their balances.
        assert session.visit is not None
        return bank.accounts(session.visit) if session.issuance.fee else []

    def compose_body(self) -> ComposeResult:
        session = self.session
        customer = session.customer
        assert customer is not None
        yield Static(self._summary(), id="summary")
        if session.issuance.fee:
            yield Static(tr(_PAY_HINT[self._verb()]), classes="hint", id="pay-hint")
            if easy_mode():
                yield Questions.line()
            accounts = cast("list[Account]", self.known)
            yield OptionList(
                *[
                    Option(
                        tr(
                            "{n}. {product} {number}  잔액 {balance}원",
                            n=n,
                            product=a.product,
                            number=a.masked_number,
                            balance=f"{a.balance:,}",
                        ),
                        id=a.number,
                    )
                    for n, a in enumerate(accounts, 1)
                ],
                id="choices",
            )
            if easy_mode():
                yield Static("", id="picked", classes="picked")
            with Horizontal(classes="row", id="pin-row"):
                yield Label(tr("계좌 비밀번호"), classes="field-label")
                yield Input(
                    placeholder=tr("숫자 4자리"), id="account-pin", max_length=4, password=True
                )
            if easy_mode():
                yield Static("", id="easy-hint", classes="hint")
            else:
                yield held_hint()
        else:
            yield Static(tr(_ENTER_HINT[self._verb()]), classes="hint")
            yield OptionList(Option(tr(_GO_OPTION[self._verb()]), id="issue"), id="choices")

    def _verb(self) -> Service:
        """What 확인 does, said as itself: a renewal renews, a re-issue re-issues."""
        service = self.session.service
        return service if service in (Service.RENEW, Service.REISSUE) else Service.ISSUE

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        if self.session.issuance.fee:
            self.query_one("#pin-row").display = False
            if easy_mode():
                self._ask(0, say=False)

    def _ask(self, question: int, *, say: bool) -> None:
        """쉬운 모드: the account for the fee, or the password of the one chosen."""
        self.QUESTIONS.show(self, _PAY_ROWS, question, say=say)
        on_list = question == 0
        for part in ("#summary", "#pay-hint"):
            self.query_one(part).display = on_list
        picked = self.query_one("#picked", Static)
        picked.display = not on_list
        if self.pay_account is not None:
            option_list = self.query_one(OptionList)
            index = option_list.get_option_index(self.pay_account)
            label = str(option_list.get_option_at_index(index).prompt).split(". ", 1)[-1]
            picked.update(tr("고르신 통장: {label}", label=label))
        self.query_one("#easy-hint", Static).update(tr(EASY_LIST_HINT) if on_list else easy_hint())

    def refresh_language(self, *, say: bool = False) -> None:
        if self.session.issuance.fee:
            asking = self.pay_account is not None
            if easy_mode():
                self._ask(1 if asking else 0, say=say)
                return
            self.query_one("#pin-row").display = asking
            self.hold_list(asking)
            if asking:
                self.query_one("#account-pin", Input).focus()

    def back_inside(self) -> bool:
        if self.pay_account is None or self.busy:
            return False
        self.pay_account = None
        self.query_one("#account-pin", Input).value = ""
        self.clear_message()
        self.refresh_language(say=True)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option_index)

    def action_choose(self, index: int) -> None:
        if self.busy or isinstance(self.focused, Input):
            return  # digits typed into the password field are not menu choices
        option_list = self.query_one(OptionList)
        if index >= option_list.option_count:
            return
        option = option_list.get_option_at_index(index)
        if option.id == "issue":
            self.pay_account = None
            self._start_issuing()
            return
        # A withdrawal needs the account's password, as at any bank counter.
        self.pay_account = option.id
        self.clear_message()
        self.query_one("#account-pin", Input).value = ""
        self.refresh_language(say=True)

    @on(Input.Submitted, "#account-pin")
    def _pin_entered(self, event: Input.Submitted) -> None:
        account, customer = self.pay_account, self.session.customer
        if self.busy or account is None or customer is None:
            return
        bank, visit, pin = self.bank, self.visit, event.value
        self.call_bank(
            lambda: bank.check_account(visit, account, pin),
            lambda checked: self._pin_checked(checked, event.input),
        )

    def _pin_checked(self, checked: FactorResult, field: Input) -> None:
        field.value = ""
        if not checked.ok:
            self.show_error(checked.phrase, RefusalCode.of_status("account", checked.status))
            return
        self._start_issuing()

    def _start_issuing(self) -> None:
        self.busy = True
        self._issue()

    def _issue(self) -> None:
        request = self.session.issue_request(self.terminal.config, self.pay_account)
        desk = VisitDesk(self.bank, self.visit)
        media, keys = self.terminal.media, self.terminal.keys
        self.call_bank(
            lambda: issue_through(desk, request, media, keys.take()),
            self._issued,
            self._refused,
            waiting="인증서를 발급하고 있습니다. 잠시만 기다려 주세요…",
        )

    def _refused(self, refused: Refused) -> None:
        self.busy = False
        self.show_refusal(refused)

    def _issued(self, issued: IssuedCertificate) -> None:
        self.finish(Issued(issued))
