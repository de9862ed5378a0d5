"""추가인증: SMS 1회용 인증번호, OTP, or an ARS call, as the service offers."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.i18n import Phrase, easy_mode, tr
from kiosk.core.refusal import RefusalCode
from kiosk.factors.auth import (
    ARS_CALLS_PER_VISIT,
    ArsCall,
    ArsStatus,
    AuthResult,
    AuthStatus,
    CardChallenge,
    CardResult,
    CardStatus,
    SendRefused,
    SmsChallenge,
)
from kiosk.people.customers import Phone
from kiosk.visit.flows import AUTH_METHODS, AuthMethod, Step
from kiosk.visit.results import Authenticated
from kiosk.visit.session import Session
from screens.base import StepScreen, held_hint
from screens.guard import contained
from screens.key_names import key_name
from screens.questions import Questions
from screens.widgets.frame import MessageLine, TrainerPanel, minutes_seconds, sms_guide

_CARD_ROWS = ("card-first-row", "card-last-row")
if TYPE_CHECKING:
    from kiosk.bankside.service import BankService


class AuthScreen(StepScreen[Authenticated]):
    """쉬운 모드 asks a 보안카드's two numbers one at a time (the first two digits of
    one, the last two of the other); the bank checks the pair together, as always."""

    STEP = Step.AUTH
    TITLE_TEXT = "추가인증 — 인증 방법을 선택해 주세요"
    BINDINGS = [
        Binding("f5", "again", "다시 요청", id="again"),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 5)],
    ]
    QUESTIONS = Questions("auth", {"card-first-row": "card_first", "card-last-row": "card_last"})

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.method: AuthMethod | None = None
        self.challenge: SmsChallenge | None = None
        self.call: ArsCall | None = None
        self.card_challenge: CardChallenge | None = None
        self.card_question = 0  # 쉬운 모드: which of the card's two numbers is asked
        # The customer's phone, OTP and card as the bank knows them (asked on mount).
        self.devices_known: tuple[Phone | None, bool, bool] | None = None

    @property
    def call_in_progress(self) -> bool:
        """The bank's ARS call is ringing: the customer is on the phone, not the kiosk
        (the walk-away timer waits for the call)."""
        return self.method is AuthMethod.ARS and self.call is not None

    @property
    def methods(self) -> tuple[AuthMethod, ...]:
        service = self.session.service
        return () if service is None else AUTH_METHODS.get((service, self.STEP), ())

    def compose_body(self) -> ComposeResult:
        yield OptionList(*self._options(), id="methods")
        yield Static("", id="auth-guide", classes="hint")
        with Horizontal(classes="row", id="code-row"):
            yield Label(tr("인증번호"), classes="field-label")
            yield Input(placeholder=tr("숫자 6자리"), id="code", max_length=6)
        if easy_mode():
            yield Questions.line()
            # One number a question: each half on a row of its own.
            with Vertical(id="card-row", classes="card-questions"):
                with Horizontal(classes="row", id="card-first-row"):
                    yield from self._card_first()
                with Horizontal(classes="row", id="card-last-row"):
                    yield from self._card_last()
        else:
            with Horizontal(classes="row", id="card-row"):
                yield from self._card_first()
                yield from self._card_last()
        yield held_hint()

    def _card_first(self) -> ComposeResult:
        yield Label("", id="card-first-label", classes="field-label")
        yield Input(
            placeholder=tr("앞 2자리"), id="card-first", max_length=2, password=True, classes="rrn"
        )

    def _card_last(self) -> ComposeResult:
        yield Label("", id="card-last-label", classes="card-label")
        yield Input(
            placeholder=tr("뒤 2자리"), id="card-last", max_length=2, password=True, classes="rrn"
        )

    def _card_ask(self, question: int, *, say: bool = True) -> None:
        """쉬운 모드: one of the card's two numbers alone on show."""
        self.card_question = question
        self.QUESTIONS.show(self, _CARD_ROWS, question, say=say)

    def _options(self) -> list[Option]:
        # Until the bank has answered (on mount), the methods without what the customer has.
        known = self.devices_known
        phone, otp, card = known if known is not None else (None, True, True)
        on_phone = (
            tr("휴대폰 {number}", number=phone.masked)
            if phone
            else "…"
            if known is None
            else "등록된 휴대폰 없음"
        )
        labels = {
            AuthMethod.SMS: tr("SMS 1회용 인증번호 ({phone})", phone=tr(on_phone)),
            AuthMethod.OTP: "OTP (보안매체)" if otp else "OTP (등록된 OTP 없음)",
            AuthMethod.ARS: tr("ARS 전화 인증 ({phone})", phone=tr(on_phone)),
            AuthMethod.SECURITY_CARD: "보안카드" if card else "보안카드 (등록된 보안카드 없음)",
        }
        return [Option(f"{n}. {tr(labels[m])}", id=m.value) for n, m in enumerate(self.methods, 1)]

    def on_mount(self) -> None:
        self.refresh_language()
        self.set_interval(0.5, self.tick)
        bank, visit = self.bank, self.visit
        self.call_bank(
            lambda: (bank.phone(visit), bank.has_otp(visit), bank.has_security_card(visit)),
            self._devices_known,
            look="devices",
        )

    def _devices_known(self, known: tuple[Phone | None, bool, bool]) -> None:
        self.devices_known = known
        methods = self.query_one("#methods", OptionList)
        for index, option in enumerate(self._options()):
            methods.replace_option_prompt_at_index(index, option.prompt)

    def refresh_language(self) -> None:
        """Show the fields of the method in progress (the language key redraws the screen)."""
        method = self.method
        code = method is AuthMethod.OTP or (method is AuthMethod.SMS and self.challenge is not None)
        card = method is AuthMethod.SECURITY_CARD and self.card_challenge is not None
        self.query_one("#code-row").display = code
        self.query_one("#card-row").display = card
        self.hold_list(code or card)
        for line in self.query("#question"):
            line.display = card
        if card:
            self._card_labels()
            self._guide(tr("보안카드에서 요청한 번호의 숫자를 입력하세요."))
            if easy_mode():
                self._card_ask(self.card_question, say=False)
            else:
                self.query_one("#card-first", Input).focus()
        elif code:
            if method is AuthMethod.OTP:
                self._guide(tr("OTP 기기의 버튼을 눌러 표시된 6자리 숫자를 입력하세요."))
            self.query_one("#code", Input).focus()
        self.tick()

    def _guide(self, text: str) -> None:
        # The clock ticks on while F4 recomposes the screen: no guide for a moment.
        for guide in self.query("#auth-guide").results(Static):
            guide.update(text)

    def on_screen_resume(self) -> None:
        # Back from the phone (F7): a call answered there moves the kiosk on now,
        # not at the next tick.
        if self.call is not None and self.query("#auth-guide"):
            self.tick()

    @contained
    def tick(self) -> None:
        call = self.call if self.method is AuthMethod.ARS else None
        if call is None and not (self.method is AuthMethod.SMS and self.challenge is not None):
            return  # no code or call running out: nothing to ask the bank
        bank, visit = self.bank, self.visit

        def look() -> tuple[dt.datetime, ArsStatus | None, int]:
            now = bank.now()
            if call is None:
                return now, None, 0
            status = bank.ars_status(visit, call.id)
            ended = status not in (ArsStatus.PASSED, ArsStatus.RINGING)
            return now, status, bank.ars_calls_left(visit) if ended else 0

        self.call_bank(look, lambda seen: self._looked(call, *seen), look="clock")

    def _looked(
        self, call: ArsCall | None, now: dt.datetime, status: ArsStatus | None, calls_left: int
    ) -> None:
        if self.method is AuthMethod.SMS and self.challenge is not None:
            left = int((self.challenge.expires_at - now).total_seconds())
            self._guide(sms_guide(left, again=key_name(self, "again")))
        elif call is not None and call is self.call and status is not None:
            self._follow_call(call, now, status, calls_left)

    def _follow_call(
        self, call: ArsCall, now: dt.datetime, status: ArsStatus, calls_left: int
    ) -> None:
        """The kiosk moves on by itself once the phone reports the right digits."""
        if status is ArsStatus.PASSED:
            self.finish(Authenticated(AuthMethod.ARS))
            return
        if status is ArsStatus.RINGING:
            left = max(0, int((call.expires_at - now).total_seconds()))
            self._guide(
                tr("화면의 번호  [ {digits} ]", digits=call.digits)
                + "\n"
                + tr(
                    "{message}  남은 시간 {left}",
                    message=ArsStatus.RINGING.phrase,
                    left=minutes_seconds(left),
                )
            )
            return
        self.call = None
        self._guide(
            tr(
                "{key_for[again]:을/를} 누르면 다시 전화합니다(남은 요청 {calls}회).",
                calls=calls_left,
            )
            if calls_left
            else ""
        )
        self.show_error(
            status.phrase if calls_left else status.last_call_phrase(ARS_CALLS_PER_VISIT),
            RefusalCode.of_status("ars", status),
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if isinstance(self.focused, Input) or index >= len(self.methods):
            return  # digits typed into a field are not menu choices
        method = self.methods[index]
        bank, visit = self.bank, self.visit
        self.call_bank(
            lambda: _unusable(bank, visit, method), lambda why: self._picked(method, why)
        )

    def _picked(
        self, method: AuthMethod, unusable: tuple[str | Phrase, RefusalCode] | None
    ) -> None:
        if unusable is not None:
            self.show_error(*unusable)
            return
        self.method = method
        self.query_one("#card-row").display = False
        if method is AuthMethod.ARS:
            self.query_one("#code-row").display = False
            self._ring()
            return
        if method is AuthMethod.SECURITY_CARD:
            self.query_one("#code-row").display = False
            self._ask_card()
            return
        if method is AuthMethod.SMS:
            self._send(then=self._code_row)
            return
        self.clear_message()
        self._guide(tr("OTP 기기의 버튼을 눌러 표시된 6자리 숫자를 입력하세요."))
        self._code_row()

    def _code_row(self) -> None:
        self.query_one("#code-row").display = True
        self.hold_list(True)
        self.query_one("#code", Input).focus()

    def _ask_card(self, then: Callable[[], None] | None = None) -> None:
        bank, visit = self.bank, self.visit
        self.call_bank(
            lambda: bank.card_challenge(visit), lambda asked: self._card_asked(asked, then)
        )

    def _card_asked(self, challenge: CardChallenge, then: Callable[[], None] | None) -> None:
        self.card_challenge = challenge
        self.clear_message()
        self._guide(tr("보안카드에서 요청한 번호의 숫자를 입력하세요."))
        self._card_labels()
        for field_id in ("#card-first", "#card-last"):
            self.query_one(field_id, Input).value = ""
        self.query_one("#card-row").display = True
        self.hold_list(True)
        if easy_mode():
            self._card_ask(0)
        else:
            self.query_one("#card-first", Input).focus()
        if then is not None:
            then()

    def _card_labels(self) -> None:
        challenge = self.card_challenge
        assert challenge is not None
        self.query_one("#card-first-label", Label).update(
            tr("{number}번 앞 2자리", number=challenge.first)
        )
        self.query_one("#card-last-label", Label).update(
            "  " + tr("{number}번 뒤 2자리", number=challenge.second) + " "
        )

    @on(Input.Submitted, "#card-first")
    def _card_first_done(self) -> None:
        if easy_mode():
            self._card_ask(1)
        else:
            self.query_one("#card-last", Input).focus()

    @on(Input.Submitted, "#card-last")
    def submit_card(self) -> None:
        challenge = self.card_challenge
        assert challenge is not None
        bank, visit = self.bank, self.visit
        first = self.query_one("#card-first", Input).value.strip()
        last = self.query_one("#card-last", Input).value.strip()
        self.call_bank(lambda: bank.verify_card(visit, challenge, first, last), self._card_checked)

    def _card_checked(self, result: CardResult) -> None:
        if not result.ok:
            self.show_error(result.phrase, RefusalCode.of_status("card", result.status))
            if result.status is CardStatus.WRONG:
                # A new pair of codes for the next try, the refusal still on show.
                self._ask_card(lambda: self.query_one(MessageLine).error(result.phrase))
            return
        self.finish(Authenticated(AuthMethod.SECURITY_CARD))

    def _ring(self) -> None:
        bank, visit = self.bank, self.visit
        self.call_bank(lambda: bank.ars_call(visit), self._rung)

    def _rung(self, call: ArsCall | None) -> None:
        if call is None:
            self.show_error(
                Phrase(
                    "ARS 전화 요청은 한 번 이용에 {limit}회까지입니다. 다른 방법을 선택해 주세요.",
                    limit=ARS_CALLS_PER_VISIT,
                ),
                RefusalCode.ARS_CALL_LIMIT,
            )
            return
        self.call = call
        self.show_info("한빛은행에서 등록된 휴대폰으로 전화를 겁니다.")
        self._refresh_devices()
        self.tick()
        self.query_one(OptionList).focus()

    def _send(self, then: Callable[[], None] | None = None) -> None:
        bank, visit = self.bank, self.visit

        def send() -> tuple[SmsChallenge, Phone | None] | SendRefused:
            try:
                return bank.send_sms(visit), bank.phone(visit)
            except SendRefused as refused:
                return refused

        self.call_bank(send, lambda sent: self._sent(sent, then))

    def _sent(
        self, sent: tuple[SmsChallenge, Phone | None] | SendRefused, then: Callable[[], None] | None
    ) -> None:
        if isinstance(sent, SendRefused):
            self.show_error(sent.status.phrase, RefusalCode.SMS_SEND_LIMIT)
            return
        self.challenge, phone = sent
        assert phone is not None
        self.show_info(Phrase("{phone}(으)로 인증번호를 보냈습니다.", phone=phone.masked))
        self._refresh_devices()
        self.tick()
        if then is not None:
            then()

    def _refresh_devices(self) -> None:
        for panel in self.query(TrainerPanel):
            panel.refresh_content()  # the message or call is on the phone at once

    def action_again(self) -> None:
        if self.method is AuthMethod.SMS:
            self.query_one("#code", Input).value = ""
            self._send()
        elif self.method is AuthMethod.ARS and self.call is None:
            self._ring()

    def _afresh(self) -> None:
        """No method chosen: the list takes the keys again."""
        self.method = None
        self.challenge = self.call = self.card_challenge = None
        self.card_question = 0
        for field in self.query(Input).results(Input):
            field.value = ""
        self._guide("")
        self.refresh_language()

    def back_inside(self) -> bool:
        # Out of the code or card fields, back to the methods (a code sent stays
        # valid at the bank until it expires, as a real SMS does).
        if not (self.query_one("#code-row").display or self.query_one("#card-row").display):
            return False
        if easy_mode() and self.query_one("#card-row").display and self.card_question:
            self.clear_message()
            self._card_ask(0)  # 쉬운 모드: the card's first number again
            return True
        self._afresh()
        self.clear_message()
        return True

    def finish(self, result: Authenticated) -> None:
        # Done with: whoever comes back here (이전 from a later step) starts afresh,
        # not on a call, code or card pair that is spent.
        self._afresh()
        super().finish(result)

    @on(Input.Submitted, "#code")
    def submit(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        bank, visit, challenge = self.bank, self.visit, self.challenge
        check: Callable[[], AuthResult]
        if self.method is AuthMethod.SMS and challenge is not None:
            check = functools.partial(bank.verify_sms, visit, challenge.id, code)
        elif self.method is AuthMethod.OTP:
            check = functools.partial(bank.verify_otp, visit, code)
        else:
            return
        self.call_bank(check, lambda result: self._checked(result, event.input))

    def _checked(self, result: AuthResult, field: Input) -> None:
        if not result.ok:
            field.value = ""
            self.show_error(result.phrase, RefusalCode.of_status("auth", result.status))
            return
        assert self.method is not None
        self.finish(Authenticated(self.method))


class SecurityMediumScreen(AuthScreen):
    """보안매체: the second factor registration asks for (OTP or 보안카드)."""

    STEP = Step.SECURITY_MEDIUM
    TITLE_TEXT = "보안매체 — OTP 또는 보안카드로 인증해 주세요"


def _unusable(
    bank: BankService, visit: str, method: AuthMethod
) -> tuple[str | Phrase, RefusalCode] | None:
    """Why the customer cannot use `method` (no phone, no token, locked), asked of
    the bank in a thread; None when they can."""
    if method in (AuthMethod.SMS, AuthMethod.ARS) and bank.phone(visit) is None:
        # Named for the method pressed, with where to go when nothing else is left.
        return (
            Phrase(
                "등록된 휴대폰이 없어 {method} 인증을 할 수 없습니다. "
                "다른 방법을 고르시거나 창구를 이용해 주세요({key_for[call_staff]} 직원 호출).",
                method="SMS" if method is AuthMethod.SMS else "ARS",
            ),
            RefusalCode.NO_PHONE,
        )
    if method is AuthMethod.OTP:
        if not bank.has_otp(visit):
            return AuthStatus.NO_TOKEN.phrase, RefusalCode.NO_OTP
        if bank.otp_locked(visit):
            return AuthStatus.LOCKED.phrase, RefusalCode.OTP_LOCKED
    if method is AuthMethod.SECURITY_CARD:
        if not bank.has_security_card(visit):
            return CardStatus.NO_CARD.phrase, RefusalCode.NO_SECURITY_CARD
        if bank.security_card_locked(visit):
            return CardStatus.LOCKED.phrase, RefusalCode.SECURITY_CARD_LOCKED
    return None
