"""비밀번호: the certificate password, twice, by the rules."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import RefusalCode
from kiosk.factors.password_rules import broken_rules
from kiosk.visit.flows import Step
from kiosk.visit.results import PasswordSet
from screens.base import StepScreen


class PasswordScreen(StepScreen):
    STEP = Step.PASSWORD
    TITLE_TEXT = "비밀번호 — 인증서 비밀번호를 정해 주세요"
    BINDINGS = [Binding("f6", "toggle_show", "입력 보기")]

    def compose_body(self) -> ComposeResult:
        yield Static(
            tr("10자리 이상, 영문·숫자·특수문자를 모두 포함 (' \" ₩ \\ | 제외, 대소문자 구분)")
            + "\n"
            + tr("비밀번호는 잊으면 찾을 수 없고 재발급만 가능합니다."),
            classes="hint",
        )
        with Horizontal(classes="row"):
            yield Label(tr("비밀번호"), classes="field-label")
            yield Input(id="password", password=True, max_length=56)
        with Horizontal(classes="row"):
            yield Label(tr("비밀번호 확인"), classes="field-label")
            yield Input(id="confirm", password=True, max_length=56)

    def on_mount(self) -> None:
        self.query_one("#password", Input).focus()

    def action_toggle_show(self) -> None:
        for field in self.query(Input):
            field.password = not field.password
        shown = not self.query_one("#password", Input).password
        self.show_info("비밀번호가 화면에 보입니다. 주변을 확인하세요." if shown else "")
        self.refresh_bindings()  # the key bar names F6 for what it does now

    @on(Input.Submitted, "#password")
    def _first_done(self) -> None:
        self.query_one("#confirm", Input).focus()

    @on(Input.Submitted, "#confirm")
    def submit(self) -> None:
        password = self.query_one("#password", Input).value
        confirmation = self.query_one("#confirm", Input).value
        broken = broken_rules(password, confirmation)
        if broken:
            self.show_error(
                Phrase.joined(" / ", (rule.phrase for rule in broken)), RefusalCode.PASSWORD_RULE
            )
            return
        self.finish(PasswordSet(password))
