"""비밀번호: the certificate password, twice, by the rules."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from kiosk.core.i18n import Phrase, easy_mode, tr
from kiosk.core.refusal import RefusalCode
from kiosk.factors.password_rules import PasswordRule, broken_rules
from kiosk.visit.flows import Step
from kiosk.visit.results import PasswordSet
from kiosk.visit.session import Session
from screens.base import StepScreen
from screens.questions import BackAQuestion, Questions, easy_hint

_ROWS = ("password-row", "confirm-row")


class PasswordScreen(BackAQuestion, StepScreen[PasswordSet]):
    """쉬운 모드 asks the password, then asks it again on a screen of its own; the
    rules are checked on the first (where a rule is broken), the match on the second."""

    STEP = Step.PASSWORD
    TITLE_TEXT = "비밀번호 — 인증서 비밀번호를 정해 주세요"
    BINDINGS = [Binding("f6", "toggle_show", "입력 보기", id="show_input")]
    QUESTIONS = Questions("password", {"password-row": "password", "confirm-row": "confirm"})

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.question = 0  # 쉬운 모드: which of the two is on show

    def compose_body(self) -> ComposeResult:
        yield Static(
            tr("10자리 이상, 영문·숫자·특수문자를 모두 포함 (' \" ₩ \\ | 제외, 대소문자 구분)")
            + "\n"
            + tr("비밀번호는 잊으면 찾을 수 없고 재발급만 가능합니다."),
            classes="hint",
        )
        if easy_mode():
            yield Questions.line()
        with Horizontal(classes="row", id="password-row"):
            yield Label(tr("비밀번호"), classes="field-label")
            yield Input(id="password", password=True, max_length=56)
        with Horizontal(classes="row", id="confirm-row"):
            yield Label(tr("비밀번호 확인"), classes="field-label")
            yield Input(id="confirm", password=True, max_length=56)
        if easy_mode():
            yield Static(easy_hint(), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#password", Input).focus()
        self.refresh_language()

    def refresh_language(self) -> None:
        if easy_mode():
            self.QUESTIONS.show(self, _ROWS, self.question, say=False)

    def _ask(self, question: int) -> None:
        self.question = question
        self.QUESTIONS.show(self, _ROWS, question)

    def action_toggle_show(self) -> None:
        for field in self.query(Input):
            field.password = not field.password
        shown = not self.query_one("#password", Input).password
        self.show_info("비밀번호가 화면에 보입니다. 주변을 확인하세요." if shown else "")
        self.refresh_bindings()  # the key bar names F6 for what it does now

    @on(Input.Submitted, "#password")
    def _first_done(self) -> None:
        if not easy_mode():
            self.query_one("#confirm", Input).focus()
            return
        # 쉬운 모드: a rule the password breaks is said on its own question.
        broken = broken_rules(self.query_one("#password", Input).value)
        if broken:
            self._refuse(broken)
            return
        self.clear_message()
        self._ask(1)

    @on(Input.Submitted, "#confirm")
    def submit(self) -> None:
        password = self.query_one("#password", Input).value
        confirmation = self.query_one("#confirm", Input).value
        broken = broken_rules(password, confirmation)
        if broken:
            if easy_mode() and broken == [PasswordRule.MISMATCH]:
                self.query_one("#confirm", Input).value = ""
            elif easy_mode():
                self._ask(0)
            self._refuse(broken)
            return
        self.finish(PasswordSet(password))

    def _refuse(self, broken: list[PasswordRule]) -> None:
        self.show_error(
            Phrase.joined(" / ", (rule.phrase for rule in broken)), RefusalCode.PASSWORD_RULE
        )
