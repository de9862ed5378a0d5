"""본인확인 (registration): the customer's resident number and one of their accounts,
proved by the account password or a 1-won transfer; or an ID document instead."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.i18n import easy_mode, tr
from kiosk.core.refusal import RefusalCode
from kiosk.people.identity_factors import FactorResult
from kiosk.people.rrn import InvalidRrn, Rrn
from kiosk.people.rrn import parse as parse_rrn
from kiosk.visit.flows import Step
from kiosk.visit.results import IdentityVerified
from kiosk.visit.session import Session
from screens.base import StandIn, StepScreen
from screens.key_names import key_name
from screens.questions import Questions, easy_hint
from screens.widgets.rrn_field import RrnField

_PIN, _ONE_WON, _ID = 0, 1, 2
_METHODS = (
    "계좌번호와 계좌 비밀번호로 확인",
    "1원 이체로 확인(입금자명의 숫자 4자리)",
    "신분증으로 확인",
)


_PIN_GUIDE = "본인 명의 계좌의 번호와 비밀번호 4자리를 입력하세요."
_ONE_WON_GUIDE = "계좌번호를 입력하고 Enter를 누르면 그 계좌로 1원을 보냅니다."
_CHECK_DEPOSIT = "휴대폰 은행 앱({phone})의 입출금 내역에서 1원 입금의 입금자명을 확인하세요. {again} 다시 보내기"


class AccountCheckScreen(StepScreen[IdentityVerified]):
    """쉬운 모드 asks, after the way is chosen, the resident number, the account and
    its password (or the 1-won code) one at a time."""

    STEP = Step.ACCOUNT_CHECK
    TITLE_TEXT = "본인확인 — 확인 방법을 선택해 주세요"
    BINDINGS = [
        Binding("f5", "resend", "1원 재발송", id="again"),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(_METHODS) + 1)],
    ]
    QUESTIONS = Questions(
        "account_check",
        {"rrn-row": "rrn", "account-row": "account", "pin-row": "pin", "code-row": "one_won_code"},
    )

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.method: int | None = None
        self.one_won_check: int | None = None
        # 쉬운 모드: which question (of `asked`) is on show.
        self.question = 0

    @property
    def asked(self) -> tuple[str, ...]:
        last = "pin-row" if self.method == _PIN else "code-row"
        return ("rrn-row", "account-row", last)

    def compose_body(self) -> ComposeResult:
        yield OptionList(
            *[Option(f"{n}. {tr(label)}", id=f"how-{n}") for n, label in enumerate(_METHODS, 1)],
            id="how",
        )
        if easy_mode():
            yield Questions.line()
        yield RrnField(id="rrn-row")
        with Horizontal(classes="row", id="account-row"):
            yield Label(tr("계좌번호"), classes="field-label")
            yield Input(placeholder="1002-XXX-XXXXXX", id="account", max_length=20)
        with Horizontal(classes="row", id="pin-row"):
            yield Label(tr("계좌 비밀번호"), classes="field-label")
            yield Input(
                placeholder=tr("숫자 4자리"), id="pin", max_length=4, password=True, classes="rrn"
            )
        with Horizontal(classes="row", id="code-row"):
            yield Label(tr("입금자명 숫자"), classes="field-label")
            yield Input(
                placeholder=tr("숫자 4자리"), id="one-won-code", max_length=4, classes="rrn"
            )
        yield Static("", id="account-guide", classes="hint")

    def on_mount(self) -> None:
        self.refresh_language()

    def refresh_language(self) -> None:
        """The rows of the chosen method (the language key redraws the screen)."""
        chosen = self.method is not None
        for row in ("#rrn-row", "#account-row"):
            self.query_one(row).display = chosen
        self.query_one("#pin-row").display = self.method == _PIN
        self.query_one("#code-row").display = self.one_won_check is not None
        if easy_mode():
            if chosen:
                self._ask(self.question, say=False)
            else:
                self.QUESTIONS.hide(self)
                self.query_one(OptionList).focus()
            return
        if self.one_won_check is not None:
            self._guide(tr(_CHECK_DEPOSIT))
        elif chosen:
            self._guide(tr(_PIN_GUIDE if self.method == _PIN else _ONE_WON_GUIDE))
        else:
            self.query_one(OptionList).focus()

    def _guide(self, text: str) -> None:
        self.query_one("#account-guide", Static).update(text)

    def _ask(self, question: int, *, say: bool = True) -> None:
        """쉬운 모드: question `question` alone; the 1-won code's question says where
        to read the code."""
        self.question = question
        self.QUESTIONS.show(self, self.asked, question, say=say)
        on_code = self.asked[question] == "code-row"
        self._guide(
            tr(_CHECK_DEPOSIT, phone=key_name(self, "phone"), again=key_name(self, "again"))
            if on_code
            else easy_hint()
        )

    def back_inside(self) -> bool:
        """쉬운 모드: Esc goes back a question, from the first to the list of ways,
        and from the list out of the step."""
        if not easy_mode() or self.method is None:
            return False
        self.clear_message()
        if self.question > 0:
            self._ask(self.question - 1)
            return True
        self.method = None
        self.one_won_check = None
        self.QUESTIONS.hide(self)
        self._guide("")
        self.query_one(OptionList).focus()
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if isinstance(self.focused, Input) or index >= len(_METHODS):
            return  # digits typed into a field are not menu choices
        if index == _ID:
            from screens.steps.identity import IdentityScreen

            # Same step, the ID document instead of an account.
            self.end(StandIn(IdentityScreen(self.session)))
            return
        self.method = index
        self.one_won_check = None
        self.clear_message()
        if easy_mode():
            self._ask(0)
            return
        self.query_one("#rrn-row").display = True
        self.query_one("#account-row").display = True
        self.query_one("#pin-row").display = index == _PIN
        self.query_one("#code-row").display = False
        self._guide(tr(_PIN_GUIDE if index == _PIN else _ONE_WON_GUIDE))
        self.query_one("#rrn-front", Input).focus()

    @on(Input.Submitted, "#rrn-front")
    def _front_done(self) -> None:
        self.query_one("#rrn-back", Input).focus()

    @on(Input.Submitted, "#rrn-back")
    def _back_done(self) -> None:
        if not easy_mode():
            self.query_one("#account", Input).focus()
            return
        # 쉬운 모드: a number that cannot be is said on its own question.
        bank, rrn_text = self.bank, self.query_one(RrnField).value

        def parse() -> Rrn | InvalidRrn:
            try:
                return parse_rrn(rrn_text, bank.now().date())
            except InvalidRrn as error:
                return error

        self.call_bank(parse, self._rrn_answered)

    def _rrn_answered(self, parsed: Rrn | InvalidRrn) -> None:
        if isinstance(parsed, InvalidRrn):
            self._bad_rrn(parsed)
            return
        self.clear_message()
        self._ask(1)

    @on(Input.Submitted, "#account")
    def _account_done(self) -> None:
        if self.method != _PIN:
            self._send_one_won()
        elif not easy_mode():
            self.query_one("#pin", Input).focus()
        else:  # 쉬운 모드: not the person's account is said on its question
            self._holder(self._to_pin_question)

    def _to_pin_question(self, _: Rrn) -> None:
        self.clear_message()
        self._ask(2)

    def _bad_rrn(self, error: InvalidRrn) -> None:
        if easy_mode():
            self._ask(0, say=False)
        self.show_error(error.error.phrase, RefusalCode.of_status("rrn", error.error))
        self.query_one("#rrn-front", Input).focus()

    def _holder(self, then: Callable[[Rrn], None]) -> None:
        """The account's holder, asked of the bank (with its date for the resident
        number) in a thread; `then` gets the resident number once they are found."""
        bank, visit = self.bank, self.visit
        rrn_text, account = self.query_one(RrnField).value, self.query_one("#account", Input).value

        def ask() -> tuple[Rrn, FactorResult] | InvalidRrn:
            try:
                rrn = parse_rrn(rrn_text, bank.now().date())
            except InvalidRrn as error:
                return error
            # A minor is refused (Refused): sent to a branch.
            return rrn, bank.account_holder(visit, account, rrn.digits)

        self.call_bank(ask, lambda found: self._found(found, then))

    def _found(
        self, found: tuple[Rrn, FactorResult] | InvalidRrn, then: Callable[[Rrn], None]
    ) -> None:
        if isinstance(found, InvalidRrn):
            self._bad_rrn(found)
            return
        rrn, holder = found
        if not holder.ok:
            self.show_error(holder.phrase, RefusalCode.of_status("account", holder.status))
            self.query_one("#account", Input).focus()
            return
        self.session.claimed = holder.customer
        then(rrn)

    @on(Input.Submitted, "#pin")
    def submit_pin(self, event: Input.Submitted) -> None:
        bank, visit, pin = self.bank, self.visit, event.value
        account = self.query_one("#account", Input).value

        def check(rrn: Rrn) -> None:
            self.call_bank(
                lambda: bank.check_account(visit, account, pin, rrn.digits),
                lambda result: self._pin_checked(rrn, result, event.input),
            )

        self._holder(check)

    def _pin_checked(self, rrn: Rrn, result: FactorResult, field: Input) -> None:
        field.value = ""
        if not result.ok:
            self.show_error(result.phrase, RefusalCode.of_status("account", result.status))
            return
        self._identified(rrn, result)

    def _send_one_won(self) -> None:
        bank, visit = self.bank, self.visit
        account = self.query_one("#account", Input).value

        def send(_: Rrn) -> None:
            self.call_bank(lambda: bank.send_one_won(visit, account), self._one_won_sent)

        self._holder(send)

    def _one_won_sent(self, check: int | None) -> None:
        self.one_won_check = check
        self.query_one("#code-row").display = True
        code = self.query_one("#one-won-code", Input)
        code.value = ""
        if easy_mode():
            self._ask(2)
        else:
            self._guide(tr(_CHECK_DEPOSIT))
            code.focus()
        self.show_info("계좌로 1원을 보냈습니다. 입금자명(적요)의 숫자 4자리를 입력하세요.")

    def action_resend(self) -> None:
        if self.method == _ONE_WON and self.one_won_check is not None:
            self._send_one_won()

    @on(Input.Submitted, "#one-won-code")
    def submit_code(self, event: Input.Submitted) -> None:
        one_won = self.one_won_check
        if one_won is None:
            return
        bank, visit, code = self.bank, self.visit, event.value.strip()
        account = self.query_one("#account", Input).value

        def check(rrn: Rrn) -> None:
            self.call_bank(
                lambda: bank.check_one_won(visit, one_won, code, account, rrn.digits),
                lambda result: self._code_checked(rrn, result, event.input),
            )

        self._holder(check)

    def _code_checked(self, rrn: Rrn, result: FactorResult, field: Input) -> None:
        field.value = ""
        if not result.ok:
            self.show_error(result.phrase, RefusalCode.of_status("one_won", result.status))
            return
        self._identified(rrn, result)

    def _identified(self, rrn: Rrn, result: FactorResult) -> None:
        assert result.customer is not None
        self.finish(IdentityVerified(result.customer, rrn))
