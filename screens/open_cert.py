"""인증서 선택 (renewal): a certificate on a medium, opened with its password."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.flows import Service, Step
from kiosk.renewal import (
    FoundCertificate,
    RenewalRefused,
    check_renewable,
    open_certificate,
    scan,
)
from screens.base import StepScreen


class OpenCertScreen(StepScreen):
    STEP = Step.OPEN_CERT
    TITLE_TEXT = "인증서 선택 — 갱신할 인증서를 선택해 주세요"
    BINDINGS = [
        Binding("f6", "new_issue", "신규 발급", show=False),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: list[FoundCertificate] = []
        self.selected: FoundCertificate | None = None
        self.offer_new_issue = False

    def compose_body(self) -> ComposeResult:
        self.found = scan(self.bank.media)
        yield OptionList(*self._options(), id="found")
        yield Static(
            "하드디스크와 USB에서 찾은 인증서입니다. 만료 30일 전부터 만료일까지 갱신할 수 있습니다.",
            classes="hint",
            id="open-hint",
        )
        with Horizontal(classes="row", id="password-row"):
            yield Label("인증서 비밀번호", classes="field-label")
            yield Input(id="cert-password", password=True, max_length=56)

    def _options(self) -> list[Option]:
        return [Option(f"{n}. {f.label}", id=str(n)) for n, f in enumerate(self.found, 1)]

    def on_mount(self) -> None:
        self.query_one("#password-row").display = False
        self.query_one(OptionList).focus()
        if not self.found:
            self.show_error(
                "저장매체에서 인증서를 찾지 못했습니다. USB를 연결해 주세요.", "no_cert_found"
            )
        self.set_interval(2.0, self._rescan)

    def _rescan(self) -> None:
        # A USB stick plugged in while this screen is open shows up by itself.
        found = scan(self.bank.media)
        if [f.info.directory for f in found] != [f.info.directory for f in self.found]:
            self.found = found
            option_list = self.query_one(OptionList)
            option_list.clear_options()
            option_list.add_options(self._options())
            if found:
                self.clear_message()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if self.query_one("#cert-password", Input).has_focus or index >= len(self.found):
            return
        found = self.found[index]
        self.offer_new_issue = False
        try:
            check_renewable(found, self.bank.certificates)
        except RenewalRefused as refused:
            self.selected = None
            self.query_one("#password-row").display = False
            if refused.code == "renew_expired":
                self.offer_new_issue = True
                self.show_error(refused.message + " (F6: 신규 발급으로 이동)", refused.code)
            else:
                self.show_error(refused.message, refused.code)
            return
        self.selected = found
        self.clear_message()
        self.query_one("#password-row").display = True
        field = self.query_one("#cert-password", Input)
        field.value = ""
        field.focus()

    @on(Input.Submitted, "#cert-password")
    def submit(self, event: Input.Submitted) -> None:
        if self.selected is None:
            return
        try:
            opened = open_certificate(
                self.selected, event.value, self.session.password_attempts, self.bank.certificates
            )
        except RenewalRefused as refused:
            event.input.value = ""
            self.show_error(refused.message, refused.code)
            return
        self.session.opened = opened
        self.session.product = opened.record.product
        self.session.medium = opened.found.medium
        self.session.password = event.value
        self.step_done()

    def action_new_issue(self) -> None:
        if self.offer_new_issue:
            self.kiosk.start_service(Service.ISSUE)
