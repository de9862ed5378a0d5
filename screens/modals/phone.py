"""The customer's phone and OTP token, as the trainee holds them.

One view, two homes: a modal inside the kiosk (F7) and `kiosk phone`, a separate
program that talks to the kiosk only through the shared data directory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Header, Input, Static

from kiosk.certs.phone_store import PhoneWallet
from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.auth import ArsStatus
from kiosk.people.customers import Customer, Phone, masked_name
from screens import bank_calls
from screens.bank_calls import WAIT_TEXT, call_bank
from screens.guard import Contained, contained
from screens.key_names import key_name
from screens.widgets.footer import KioskFooter

if TYPE_CHECKING:
    from kiosk.bankside.devices import CustomerDevices
    from kiosk.bankside.fraud import PhoneCall
    from kiosk.npki.reader import CertInfo

WalletOf = Callable[[str], PhoneWallet]


class _Look(NamedTuple):
    """What the phone shows, as the bank said it (asked in a thread)."""

    ringing: int | None
    inbox: list[tuple[dt.datetime, str]]
    history: list[tuple[dt.datetime, int, str]]
    token: tuple[str, int] | None
    codes: list[str] | None
    collected: Phrase | None
    calls: list[PhoneCall]  # the latest call the phone took (a scam call, in a lesson)


def _collect(wallet: PhoneWallet, devices: CustomerDevices) -> Phrase | None:
    """A certificate the phone waits for, taken from the bank once it has arrived:
    what the phone says about it (None: nothing waited for, or nothing yet)."""
    if wallet.waiting is None:
        return None
    try:
        directory = wallet.collect(devices)
    except Refused as refused:
        return refused.phrase
    if directory is None:
        return None
    return Phrase("인증서를 받았습니다. 휴대폰 인증서 보관함에 저장했습니다.")


class PhoneView(Vertical, metaclass=Contained):
    """Incoming ARS calls with a keypad, the SMS inbox, the OTP token and the security card."""

    _heard: tuple[object, ...] = ()  # what the phone last showed of calls and texts
    _focus_copy_field = False  # a phone just picked: its 인증서 field, once it has words

    DEFAULT_CSS = """
    PhoneView { width: 64; height: auto; border: round $warning; background: $surface; padding: 0 1; }
    PhoneView Input { width: 20; }
    """

    class CallPassed(Message):
        """The customer keyed the kiosk's digits: the bank's call has passed."""

    class Picked(Message):
        """The trainee said which phone is in hand (a visit that knows no customer yet)."""

        def __init__(self, phone_number: str) -> None:
            super().__init__()
            self.phone_number = phone_number

    def __init__(
        self,
        devices: CustomerDevices,
        phone_number: str | None,
        customer_id: int | None,
        wallet_of: WalletOf | None = None,
    ) -> None:
        super().__init__(id="phone")
        self.devices = devices
        self.phone_number = phone_number
        self.customer_id = customer_id
        self.last_call_result = ""
        self.wallet_of = wallet_of
        # 인증서 복사 on the phone: menu, then pick, code and password to send one.
        self.copy_state = "menu"
        self.copy_pick: CertInfo | None = None
        self.copy_code = ""
        self.copy_message: str | Phrase = ""

    @property
    def asking_number(self) -> bool:
        """No customer in the visit yet (인증서 관리 asks nobody's name): which phone?"""
        return self.phone_number is None and self.customer_id is None

    @property
    def wallet(self) -> PhoneWallet | None:
        if self.wallet_of is None or self.phone_number is None:
            return None
        return self.wallet_of(self.phone_number)

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
        yield Static("", id="wallet")
        copy_field = Input(id="copy-field", max_length=24)
        # The menu's words are longer than the kiosk's fields (Input's width in services.tcss).
        copy_field.styles.width = "100%"
        yield copy_field
        yield Static("", id="copy-message")

    def on_mount(self) -> None:
        if self.asking_number:
            keypad = self.query_one("#keypad", Input)
            keypad.max_length = 13
            # No placeholder: the line above says what to key (a focused field's
            # placeholder is too faint for the high-contrast theme).
            keypad.placeholder = ""
        self.refresh_content()
        self.set_interval(0.5, self.refresh_content)
        self.query_one("#keypad", Input).focus()

    @contained
    def refresh_content(self) -> None:
        """What the phone, the bank app, the token and the card show, asked of the
        bank in a thread (twice a second: never on the UI thread)."""
        devices, number, customer_id = self.devices, self.phone_number, self.customer_id
        asking, wallet = self.asking_number, self.wallet

        def look() -> _Look:
            ringing, inbox, calls = None, [], []
            if not asking and number is not None:
                ringing, inbox = devices.ringing(number), devices.inbox(number, limit=2)
                calls = devices.calls(number, 1)
            return _Look(
                ringing,
                inbox,
                devices.account_history(customer_id, 2) if customer_id is not None else [],
                devices.current_otp(customer_id) if customer_id is not None else None,
                devices.card_codes(customer_id) if customer_id is not None else None,
                _collect(wallet, devices) if wallet is not None else None,
                calls,
            )

        call_bank(self, look, self._show, look="phone")

    def _show(self, look: _Look) -> None:
        if look.collected is not None:
            self.copy_message = look.collected
        if self.asking_number:
            self.query_one("#call", Static).update(
                tr("어느 고객의 휴대폰인가요? 휴대폰 번호를 입력하고 Enter (교육용)")
            )
        elif self.phone_number is None:
            self.query_one("#call", Static).update(tr("등록된 휴대폰이 없습니다."))
            self.query_one("#keypad").display = False
        else:
            self.query_one("#call", Static).update(
                tr("☎ 한빛은행 ARS 전화: 키오스크 화면의 번호 2자리를 누르고 Enter")
                if look.ringing
                else tr(self.last_call_result) or self._last_call(look.calls)
            )
            lines = [f"{at:%H:%M} {body}" for at, body in look.inbox] or [tr("(받은 문자 없음)")]
            self.query_one("#inbox", Static).update(tr("문자") + "\n" + "\n".join(lines))
        history = look.history
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
        token = look.token
        self.query_one("#token", Static).update(
            tr("OTP: 없음")
            if token is None
            else tr("OTP 표시 번호: {code} ({seconds}초 남음)", code=token[0], seconds=token[1])
        )
        codes = look.codes
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
        self._refresh_wallet()
        # The phone's words arrive from the bank after the phone is up (a call, the
        # inbox): on a small screen the field in use is scrolled to once they are laid
        # out — only when the phone's first words arrive, or the call changed, so a
        # customer scrolling up to read is not pulled back twice a second.
        heard = (self.phone_number, look.ringing, tuple(look.calls), tuple(look.inbox))
        focused = self.screen.focused
        if self._focus_copy_field:
            self._focus_copy_field = False
            # A call from an unknown number is what the phone is about (the scam-call
            # lesson): its keypad keeps the keys; else the 인증서 field takes them.
            unknown_call = any(call.unknown for call in look.calls)
            focused = self.query_one("#keypad" if unknown_call else "#copy-field", Input)
            focused.focus()  # takes effect after this handler: scrolled to as `focused`
            self._heard = ()
        if heard != self._heard:
            self._heard = heard
            if focused is not None and self in focused.ancestors:
                self.call_after_refresh(focused.scroll_visible, animate=False)

    def _last_call(self, calls: list[PhoneCall]) -> str:
        """The latest call the phone took: who called and what they said."""
        if not calls:
            return tr("걸려온 전화 없음")
        call = calls[0]
        who = tr("모르는 번호") if call.unknown else tr("한빛은행")
        return (
            tr(
                "☎ {at} 걸려온 전화 {caller} ({who})",
                at=f"{call.at:%H:%M}",
                caller=call.caller,
                who=who,
            )
            + "\n"
            + tr("「{words}」", words=tr(call.script))
        )

    @on(Input.Submitted, "#keypad")
    def press_digits(self, event: Input.Submitted) -> None:
        event.input.value = ""
        if self.asking_number:
            self._pick_phone(event.value.strip())
            return
        number, devices, digits = self.phone_number, self.devices, event.value.strip()
        if number is None:
            return

        def answer() -> ArsStatus | None:
            call_id = devices.ringing(number)
            return None if call_id is None else devices.answer(call_id, digits)

        call_bank(self, answer, self._answered)

    def _answered(self, status: ArsStatus | None) -> None:
        if status is None:
            self.last_call_result = "걸려온 전화가 없습니다."
        else:
            self.last_call_result = (
                tr("통화 종료: 인증되었습니다.")
                if status is ArsStatus.PASSED
                else tr("통화 종료: {result}", result=status.phrase)
            )
            if status is ArsStatus.PASSED:
                self.post_message(self.CallPassed())
        self.refresh_content()

    # --- 인증서 복사: the bank app's 인증서 가져오기/내보내기 ---------------------------

    def _pick_phone(self, typed: str) -> None:
        devices = self.devices

        def look_up() -> tuple[Customer | None, Phone | None]:
            customer = devices.customer_by_phone(typed)
            return customer, None if customer is None else devices.phone_of(customer.id)

        call_bank(self, look_up, lambda found: self._picked(typed, *found))

    def _picked(self, typed: str, customer: Customer | None, phone: Phone | None) -> None:
        if customer is None or phone is None:
            self.last_call_result = tr("그 번호의 고객이 없습니다: {number}", number=typed)
            self.query_one("#call", Static).update(self.last_call_result)
            return
        self.phone_number, self.customer_id = phone.number, customer.id
        self.last_call_result = ""
        keypad = self.query_one("#keypad", Input)
        keypad.max_length = 2
        keypad.placeholder = tr("통화 중 누를 번호")
        self.query_one("#phone-title", Static).update(tr("휴대폰 {number}", number=phone.number))
        self.post_message(self.Picked(phone.number))
        # The 인증서 field takes the keys once this phone's words are in (a call, the
        # inbox, asked of the bank): focused before, it would be pushed off a small
        # screen by them.
        self._focus_copy_field = True
        self.refresh_content()

    def _refresh_wallet(self) -> None:
        wallet = self.wallet
        box = self.query_one("#wallet", Static)
        field = self.query_one("#copy-field", Input)
        note = self.query_one("#copy-message", Static)
        for widget in (box, field, note):
            widget.display = wallet is not None
        if wallet is None:
            return
        certificates = wallet.certificates()
        lines = [tr("인증서 보관함 {count}개", count=len(certificates))]
        if wallet.waiting is not None:
            lines.append(
                tr(
                    "인증번호 {code} ({until}까지): 키오스크에 입력하세요",
                    code=wallet.waiting.shown,
                    until=f"{wallet.waiting.expires_at:%H:%M:%S}",
                )
            )
        elif self.copy_state == "pick":
            lines += [
                f"{n}. {info.owner_name} · {tr(info.ca_name) if info.ca_name else ''} · {info.not_after:%Y-%m-%d}"
                for n, info in enumerate(certificates, 1)
            ]
        box.update("\n".join(lines))
        field.placeholder = tr(
            {
                "menu": "1 인증서 가져오기 · 2 인증서 내보내기 (Enter)",
                "pick": "보낼 인증서 번호 (Enter, 0 취소)",
                "code": "키오스크의 인증번호 16자리 (Enter, 0 취소)",
                "password": "인증서 비밀번호 (Enter)",
            }[self.copy_state]
        )
        field.password = self.copy_state == "password"
        message = self.copy_message
        note.update(message.render() if isinstance(message, Phrase) else tr(message))

    @on(Input.Submitted, "#copy-field")
    def copy_keyed(self, event: Input.Submitted) -> None:
        wallet = self.wallet
        typed = event.value.strip()
        event.input.value = ""
        if wallet is None:
            return
        self.copy_message = ""
        state = self.copy_state
        if state != "password" and typed == "0":
            self.copy_state, self.copy_pick = "menu", None
            wallet.cancel()
        elif state == "menu":
            self._menu(wallet, typed)
        elif state == "pick":
            certificates = wallet.certificates()
            if typed.isdigit() and 1 <= int(typed) <= len(certificates):
                self.copy_pick, self.copy_state = certificates[int(typed) - 1], "code"
            else:
                self.copy_message = Phrase("목록의 번호를 입력하세요.")
        elif state == "code":
            self.copy_code, self.copy_state = typed, "password"
        else:
            self._send(wallet, event.value)
        self._refresh_wallet()

    def _menu(self, wallet: PhoneWallet, typed: str) -> None:
        devices = self.devices
        if typed == "1":
            call_bank(
                self,
                lambda: wallet.start_receiving(devices),
                lambda _: self._refresh_wallet(),
                self._copy_refused,
            )
        elif typed == "2":
            if wallet.certificates():
                wallet.cancel()
                self.copy_state = "pick"
            else:
                self.copy_message = Phrase("휴대폰에 보관된 인증서가 없습니다.")
        else:
            self.copy_message = Phrase("1 또는 2를 입력하세요.")

    def _send(self, wallet: PhoneWallet, password: str) -> None:
        certificate, code, devices = self.copy_pick, self.copy_code, self.devices
        assert certificate is not None
        # Sealing the copy stretches the number (scrypt) and the bank keeps it: a
        # moment, said on the phone while its thread works.
        self.copy_message = Phrase(WAIT_TEXT)
        call_bank(
            self,
            lambda: wallet.send(devices, certificate, code, password),
            lambda _: self._copy_sent(),
            self._send_refused,
        )

    def _copy_refused(self, refused: Refused) -> None:
        self.copy_message = refused.phrase
        self._refresh_wallet()

    def _send_refused(self, refused: Refused) -> None:
        # A wrong password is keyed again; a wrong or spent number is asked again.
        if refused.code is not RefusalCode.CERT_PASSWORD_WRONG:
            self.copy_state = "code"
        self._copy_refused(refused)

    def _copy_sent(self) -> None:
        self.copy_state, self.copy_pick, self.copy_code = "menu", None, ""
        self.copy_message = Phrase("키오스크로 보냈습니다. 키오스크 화면을 확인하세요.")
        self._refresh_wallet()


class PhoneScreen(ModalScreen[None], metaclass=Contained):
    """The phone inside the kiosk (F7)."""

    # The kiosk's own ids: a keypad that moves 이전 or 휴대폰 ([bindings] back, phone)
    # puts the phone away with the moved keys too.
    BINDINGS = [
        Binding("escape", "close", "닫기", id="back", priority=True),
        Binding("f7", "close", "닫기", show=False, id="phone", priority=True),
    ]
    DEFAULT_CSS = "PhoneScreen { align: center middle; }"

    def __init__(
        self,
        devices: CustomerDevices,
        phone_number: str | None,
        customer_id: int | None,
        wallet_of: WalletOf | None = None,
    ) -> None:
        super().__init__()
        self.devices, self.phone_number, self.customer_id = devices, phone_number, customer_id
        self.wallet_of = wallet_of

    def on_phone_view_picked(self, message: PhoneView.Picked) -> None:
        # Kept when the language key composes the view again.
        self.phone_number, self.customer_id = message.phone_number, self.view.customer_id

    def on_phone_view_call_passed(self) -> None:
        # The call is over: the phone goes down and the kiosk below moves on at once.
        self.dismiss()

    @property
    def view(self) -> PhoneView:
        return self.query_one(PhoneView)

    def compose(self) -> ComposeResult:
        # A new view each time: the language key composes the screen again.
        yield PhoneView(self.devices, self.phone_number, self.customer_id, self.wallet_of)
        keys = {"phone": key_name(self, "phone"), "back": key_name(self, "back")}
        yield Static(tr("[교육용] {phone}/{back} 닫기", **keys), classes="hint", markup=False)

    def action_close(self) -> None:
        self.dismiss()


class PhoneApp(App[None]):
    """`kiosk phone`: the customer's phone in a terminal of its own."""

    TITLE = "고객 휴대폰"
    ENABLE_COMMAND_PALETTE = False
    CSS = "Screen { align: center middle; }"
    BINDINGS = [Binding("ctrl+q", "quit", "종료")]

    def __init__(
        self,
        devices: CustomerDevices,
        phone_number: str,
        customer_id: int,
        owner: str = "",
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        # The phone's certificate store sits beside the trainee's data (kiosk phone
        # --data-dir): one wallet, so a number shown waits while the window is open.
        wallet = None if data_dir is None else PhoneWallet.of(data_dir, phone_number)
        self.view = PhoneView(
            devices, phone_number, customer_id, None if wallet is None else lambda _: wallet
        )
        self.phone_number, self.owner = phone_number, owner

    def bank_busy(self) -> bool:
        return bank_calls.bank_busy(self)

    async def bank_settled(self) -> None:
        """As the kiosk's (screens/app.py): what tests and scripts wait for."""
        await bank_calls.bank_settled(self)

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
