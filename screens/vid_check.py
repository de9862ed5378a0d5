"""본인확인 (renewal): the resident number must recompute the certificate's VID."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from kiosk.flows import Step
from kiosk.renewal import RenewalRefused, verify_owner
from screens.base import StepScreen


class VidCheckScreen(StepScreen):
    STEP = Step.VID_CHECK
    TITLE_TEXT = "본인확인 — 주민등록번호를 입력해 주세요"

    def compose_body(self) -> ComposeResult:
        opened = self.session.opened
        assert opened is not None
        yield Static(f"인증서 소유자: {opened.info.owner_name}", classes="hint")
        with Horizontal(classes="row"):
            yield Label("주민등록번호", classes="field-label")
            yield Input(placeholder="앞 6자리", id="rrn-front", max_length=6, classes="rrn")
            yield Label("-", classes="dash")
            yield Input(
                placeholder="뒤 7자리", id="rrn-back", max_length=7, password=True, classes="rrn"
            )

    def on_mount(self) -> None:
        self.query_one("#rrn-front", Input).focus()

    @on(Input.Changed, "#rrn-front")
    def _front_complete(self, event: Input.Changed) -> None:
        if len(event.value) == 6 and event.input.has_focus:
            self.query_one("#rrn-back", Input).focus()

    @on(Input.Submitted, "#rrn-front")
    def _front_done(self) -> None:
        self.query_one("#rrn-back", Input).focus()

    @on(Input.Submitted, "#rrn-back")
    def submit(self) -> None:
        opened = self.session.opened
        assert opened is not None
        text = self.query_one("#rrn-front", Input).value + self.query_one("#rrn-back", Input).value
        try:
            customer, rrn = verify_owner(
                opened, text, self.bank.registry, self.bank.clock.now().date()
            )
        except RenewalRefused as refused:
            self.show_error(refused.message, refused.code)
            return
        self.session.customer = customer
        self.session.rrn = rrn
        self.step_done()
