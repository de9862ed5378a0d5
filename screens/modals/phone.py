"""The customer's phone and OTP token, as the trainee holds them.

One view, two homes: a modal inside the kiosk (F7) and `kiosk phone`, a separate
program that talks to the kiosk only through the shared data directory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Header, Input, Static

from kiosk.core.i18n import tr
from kiosk.factors.auth import ArsStatus
from kiosk.people.customers import masked_name
from screens.guard import Contained, contained
from screens.widgets.footer import KioskFooter

if TYPE_CHECKING:
    from kiosk.bankside.devices import CustomerDevices


class PhoneView(Vertical, metaclass=Contained):
    """Incoming ARS calls with a keypad, the SMS inbox, the OTP token and the security card."""

    DEFAULT_CSS = """
    PhoneView { width: 64; height: auto; border: round $warning; background: $surface; padding: 0 1; }
    PhoneView Input { width: 20; }
    """

    class CallPassed(Message):
        """The customer keyed the kiosk's digits: the bank's call has passed."""

    def __init__(
        self, devices: CustomerDevices, phone_number: str | None, customer_id: int | None
    ) -> None:
        super().__init__(id="phone")
        self.devices = devices
        self.phone_number = phone_number
        self.customer_id = customer_id
        self.last_call_result = ""

    def compose(self) -> ComposeResult:
        yield Static(
            tr("휴대폰 {number}", number=self.phone_number or tr("(없음)")), id="phone-title"
        )
        yield Static("", id="call")
        yield Input(placeholder=tr("통화 중 누를 번호"), id="keypad", max_length=2)
        yield Static("", id="inbox")
        yield Static("", id="bank-app")
        yield Static("", id="token")
        yield Static("", id="card")

    def on_mount(self) -> None:
        self.refresh_content()
        self.set_interval(0.5, self.refresh_content)
        self.query_one("#keypad", Input).focus()

    @contained
    def refresh_content(self) -> None:
        devices = self.devices
        if self.phone_number is None:
            self.query_one("#call", Static).update(tr("등록된 휴대폰이 없습니다."))
            self.query_one("#keypad").display = False
        else:
            ringing = devices.ringing(self.phone_number)
            self.query_one("#call", Static).update(
                tr("☎ 한빛은행 ARS 전화: 키오스크 화면의 번호 2자리를 누르고 Enter")
                if ringing
                else tr(self.last_call_result or "걸려온 전화 없음")
            )
            inbox = devices.inbox(self.phone_number, limit=2)
            lines = [f"{at:%H:%M} {body}" for at, body in inbox] or [tr("(받은 문자 없음)")]
            self.query_one("#inbox", Static).update(tr("문자") + "\n" + "\n".join(lines))
        history = [] if self.customer_id is None else devices.account_history(self.customer_id, 2)
        self.query_one("#bank-app", Static).update(
            tr("입출금 내역")
            + "\n"
            + "\n".join(
                tr("{at} {amount}원 {memo}", at=f"{at:%H:%M}", amount=f"{amount:+,}", memo=memo)
                for at, amount, memo in history
            )
            if history
            else tr("입출금 내역 없음")
        )
        token = None if self.customer_id is None else devices.current_otp(self.customer_id)
        self.query_one("#token", Static).update(
            tr("OTP: 없음")
            if token is None
            else tr("OTP 표시 번호: {code} ({seconds}초 남음)", code=token[0], seconds=token[1])
        )
        codes = None if self.customer_id is None else devices.card_codes(self.customer_id)
        card = self.query_one("#card", Static)
        card.display = codes is not None
        if codes is not None:
            # Seven to a row, one space apart, fit the phone's 60 columns: with two
            # spaces every seventh code wrapped onto a line of its own.
            rows = [
                " ".join(f"{n:>2}:{codes[n - 1]}" for n in range(start, min(start + 7, 36)))
                for start in range(1, 36, 7)
            ]
            card.update(tr("보안카드") + "\n" + "\n".join(rows))

    @on(Input.Submitted, "#keypad")
    def press_digits(self, event: Input.Submitted) -> None:
        event.input.value = ""
        if self.phone_number is None:
            return
        call_id = self.devices.ringing(self.phone_number)
        if call_id is None:
            self.last_call_result = "걸려온 전화가 없습니다."
        else:
            status = self.devices.answer(call_id, event.value.strip())
            self.last_call_result = (
                tr("통화 종료: 인증되었습니다.")
                if status is ArsStatus.PASSED
                else tr("통화 종료: {result}", result=status.phrase)
            )
            if status is ArsStatus.PASSED:
                self.post_message(self.CallPassed())
        self.refresh_content()


class PhoneScreen(ModalScreen[None], metaclass=Contained):
    """The phone inside the kiosk (F7)."""

    BINDINGS = [Binding("escape,f7", "close", "닫기", priority=True)]
    DEFAULT_CSS = "PhoneScreen { align: center middle; }"

    def __init__(
        self, devices: CustomerDevices, phone_number: str | None, customer_id: int | None
    ) -> None:
        super().__init__()
        self.devices, self.phone_number, self.customer_id = devices, phone_number, customer_id

    def on_phone_view_call_passed(self) -> None:
        # The call is over: the phone goes down and the kiosk below moves on at once.
        self.dismiss()

    @property
    def view(self) -> PhoneView:
        return self.query_one(PhoneView)

    def compose(self) -> ComposeResult:
        # A new view each time: the language key composes the screen again.
        yield PhoneView(self.devices, self.phone_number, self.customer_id)
        yield Static(tr("[교육용] F7/Esc 닫기"), classes="hint")

    def action_close(self) -> None:
        self.dismiss()


class PhoneApp(App[None]):
    """`kiosk phone`: the customer's phone in a terminal of its own."""

    TITLE = "고객 휴대폰"
    ENABLE_COMMAND_PALETTE = False
    CSS = "Screen { align: center middle; }"
    BINDINGS = [Binding("ctrl+q", "quit", "종료")]

    def __init__(
        self, devices: CustomerDevices, phone_number: str, customer_id: int, owner: str = ""
    ) -> None:
        super().__init__()
        self.view = PhoneView(devices, phone_number, customer_id)
        self.phone_number, self.owner = phone_number, owner

    def on_mount(self) -> None:
        # Beside the kiosk on a trainee's screen, the window says whose phone it is.
        self.title = tr(self.TITLE)
        self.sub_title = tr(
            "{owner} 고객의 휴대폰 {number} (교육용: 키오스크가 보낸 문자와 전화가 여기에 옵니다)",
            owner=masked_name(self.owner) if self.owner else "",
            number=self.phone_number,
        )

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield self.view
        yield KioskFooter()
