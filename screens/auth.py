"""추가인증: SMS 1회용 인증번호 or OTP."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.auth import AuthStatus, SendRefused, SmsChallenge
from kiosk.flows import Step
from screens.base import StepScreen
from screens.widgets import TrainerPanel

SMS, OTP = "sms", "otp"


class AuthScreen(StepScreen):
    STEP = Step.AUTH
    TITLE_TEXT = "추가인증 — 인증 방법을 선택해 주세요"
    BINDINGS = [
        Binding("f5", "resend", "인증번호 재발송"),
        Binding("1", "pick(0)", show=False),
        Binding("2", "pick(1)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.method: str | None = None
        self.challenge: SmsChallenge | None = None

    def compose_body(self) -> ComposeResult:
        yield OptionList(*self._options(), id="methods")
        yield Static("", id="auth-guide", classes="hint")
        with Horizontal(classes="row", id="code-row"):
            yield Label("인증번호", classes="field-label")
            yield Input(placeholder="숫자 6자리", id="code", max_length=6)

    def _options(self) -> list[Option]:
        customer = self.session.customer
        assert customer is not None
        phone = self.bank.registry.phone(customer.id)
        sms_label = (
            f"1. SMS 1회용 인증번호 (휴대폰 {phone.masked})"
            if phone
            else "1. SMS 1회용 인증번호 (등록된 휴대폰 없음)"
        )
        otp_label = (
            "2. OTP (보안매체)"
            if self.bank.registry.has_otp(customer.id)
            else "2. OTP (등록된 OTP 없음)"
        )
        return [Option(sms_label, id=SMS), Option(otp_label, id=OTP)]

    def on_mount(self) -> None:
        self.query_one("#code-row").display = False
        self.query_one(OptionList).focus()
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if self.challenge is None or self.method != SMS:
            return
        left = int((self.challenge.expires_at - self.bank.clock.now()).total_seconds())
        guide = self.query_one("#auth-guide", Static)
        if left > 0:
            guide.update(
                f"휴대폰으로 받은 인증번호 6자리를 입력하세요. 남은 시간 {left // 60}:{left % 60:02d}  (F5 재발송)"
            )
        else:
            guide.update("인증 시간이 초과되었습니다. F5를 눌러 인증번호를 다시 받으세요.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if self.query_one("#code", Input).has_focus:
            return  # digits typed into the code field are not menu choices
        customer = self.session.customer
        assert customer is not None
        method = (SMS, OTP)[index]
        if method == SMS:
            if self.bank.registry.phone(customer.id) is None:
                self.show_error(AuthStatus.NO_PHONE.value, "no_phone")
                return
            if not self._send():
                return
        else:
            if not self.bank.registry.has_otp(customer.id):
                self.show_error(AuthStatus.NO_TOKEN.value, "no_otp")
                return
            if self.bank.auth.otp_locked(customer.id):
                self.show_error(AuthStatus.LOCKED.value, "otp_locked")
                return
            self.query_one("#auth-guide", Static).update(
                "OTP 기기의 버튼을 눌러 표시된 6자리 숫자를 입력하세요."
            )
        self.method = method
        self.session.auth_method = method
        self.query_one("#code-row").display = True
        self.query_one("#code", Input).focus()

    def _send(self) -> bool:
        customer = self.session.customer
        assert customer is not None
        phone = self.bank.registry.phone(customer.id)
        assert phone is not None
        try:
            self.challenge = self.bank.auth.send_sms(phone.number)
        except SendRefused as refused:
            self.show_error(refused.status.value, "sms_send_limit")
            return False
        self.show_info(f"{phone.masked}(으)로 인증번호를 보냈습니다.")
        for panel in self.query(TrainerPanel):
            panel.refresh_content()  # the message is on the phone at once
        self.method = SMS
        self._tick()
        return True

    def action_resend(self) -> None:
        if self.method == SMS:
            self.query_one("#code", Input).value = ""
            self._send()

    @on(Input.Submitted, "#code")
    def submit(self, event: Input.Submitted) -> None:
        customer = self.session.customer
        assert customer is not None
        code = event.value.strip()
        if self.method == SMS and self.challenge is not None:
            result = self.bank.auth.verify_sms(self.challenge.id, code)
        elif self.method == OTP:
            result = self.bank.auth.verify_otp(customer.id, code)
        else:
            return
        if not result.ok:
            event.input.value = ""
            self.show_error(result.message, "auth_" + result.status.name.lower())
            return
        self.session.authenticated = True
        self.step_done()
