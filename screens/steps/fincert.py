"""금융인증서 screens: 휴대폰 본인인증, PIN on the secure keypad, details, delete."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Never, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList, RadioSet, Static
from textual.widgets.option_list import Option

from kiosk.bankside.service import BankService, CloudView
from kiosk.certs import renewal
from kiosk.certs.products import FINANCIAL
from kiosk.core.i18n import Phrase, easy_mode, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.auth import AuthResult, SendRefused, SmsChallenge
from kiosk.factors.pin_rules import PinRule, broken_pin_rules
from kiosk.fincert.cloud_certs import PIN_MAX_FAILURES, CloudCertificate
from kiosk.npki.reader import readable_dn, signature_valid
from kiosk.people.identity_factors import FactorResult
from kiosk.visit.flows import AuthMethod, Service, Step
from kiosk.visit.results import (
    Authenticated,
    CloudChanged,
    CloudChosen,
    CloudDeleted,
    CloudOpened,
    Home,
)
from kiosk.visit.session import Session
from screens.base import StandIn, StepScreen
from screens.guard import contained
from screens.key_names import key_name
from screens.questions import BackAQuestion, Questions, easy_hint
from screens.widgets.choice import Choice, ChoiceSet
from screens.widgets.frame import TrainerPanel, sms_guide
from screens.widgets.keypad import SecureKeypad
from screens.widgets.summary_lines import certificate_line, validity_line

CARRIERS = ("SKT", "KT", "LG U+", "알뜰폰")
CLOUD_PLACE = "금융결제원 클라우드 (키오스크와 저장매체에는 저장하지 않습니다)"


def cloud_summary(record: CloudCertificate) -> str:
    lines = [
        certificate_line(FINANCIAL),
        tr("일련번호  {serial}", serial=record.serial),
        validity_line(record.not_before, record.not_after),
    ]
    if not record.issued_here:
        lines.append(tr("발급은행  {bank}", bank=record.bank_name))
    return "\n".join(lines)


# What the bank signs with the 금융인증서's key when it is opened for viewing: the
# proof that the PIN opened the right key, without the key leaving the bank.
SIGN_CHECK = b"kiosk fincert check"


class PhoneCheckScreen(BackAQuestion, StepScreen[Authenticated]):
    """휴대폰 본인인증: carrier and number must be the registered ones, then an SMS code.
    쉬운 모드 asks the three one at a time (carrier, number, code)."""

    STEP = Step.PHONE_CHECK
    TITLE_TEXT = "휴대폰 본인인증 — 본인 명의 휴대폰으로 인증해 주세요"
    BINDINGS = [Binding("f5", "resend", "재발송", id="again")]
    QUESTIONS = Questions(
        "phone_check", {"carrier-row": "carrier", "phone-row": "number", "code-row": "code"}
    )

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.challenge: SmsChallenge | None = None
        self.carrier_index = 0
        # 쉬운 모드: which question is on show, and where the code went (going back
        # to the number and on again with it unchanged sends no second code).
        self.question = 0
        self.sent_to: tuple[str, str] | None = None

    def compose_body(self) -> ComposeResult:
        customer, rrn = self.session.customer, self.session.rrn
        assert customer is not None and rrn is not None
        yield Static(
            tr("이름  {name}    주민등록번호  {rrn}", name=customer.name, rrn=rrn.masked), id="who"
        )
        if easy_mode():
            yield Questions.line()
        with Horizontal(classes="row carrier-row", id="carrier-row"):
            yield Label(tr("통신사"), classes="field-label")
            with ChoiceSet(id="carrier"):
                for index, carrier in enumerate(CARRIERS):
                    yield Choice(tr(carrier), value=index == self.carrier_index)
        with Horizontal(classes="row", id="phone-row"):
            yield Label(tr("휴대폰 번호"), classes="field-label")
            yield Input(placeholder="010-XXXX-XXXX", id="phone", max_length=13)
        yield Static("", id="phone-guide", classes="hint")
        with Horizontal(classes="row", id="code-row"):
            yield Label(tr("인증번호"), classes="field-label")
            yield Input(placeholder=tr("숫자 6자리"), id="code", max_length=6)

    def on_mount(self) -> None:
        self.query_one("#carrier", RadioSet).focus()
        self.refresh_language()
        self.set_interval(0.5, self.tick)

    def refresh_language(self) -> None:
        self.query_one("#code-row").display = self.challenge is not None
        if easy_mode():
            self._ask(self.question, say=False)
        else:
            self._hint()
        self.tick()

    def _ask(self, question: int, *, say: bool = True) -> None:
        self.question = question
        self.QUESTIONS.show(self, ("carrier-row", "phone-row", "code-row"), question, say=say)
        self._hint()

    def _hint(self) -> None:
        """How to answer what is asked; the code's time left once it is asked."""
        if self.query_one("#code-row").display and self.challenge is not None:
            self.tick()
            return
        text = (
            easy_hint()
            if easy_mode()
            else "통신사를 고르고(← →) 번호를 입력한 뒤 Enter를 누르면 인증번호를 보냅니다."
        )
        for guide in self.query("#phone-guide").results(Static):
            guide.update(tr(text))

    @property
    def carrier(self) -> str:
        return CARRIERS[self.carrier_index]

    @on(RadioSet.Changed)
    def _carrier_changed(self) -> None:
        self.carrier_index = max(self.query_one("#carrier", RadioSet).pressed_index, 0)
        if not easy_mode():
            self.query_one("#phone", Input).focus()

    @on(ChoiceSet.Chosen)
    def _carrier_chosen(self, event: ChoiceSet.Chosen) -> None:
        # Enter on the carrier, the one shown first included: on to the number.
        self.carrier_index = event.index
        if easy_mode():
            self.clear_message()
            self._ask(1)
        else:
            self.query_one("#phone", Input).focus()

    @on(Input.Submitted, "#phone")
    def _number_done(self) -> None:
        number = self.query_one("#phone", Input).value
        if easy_mode() and self.challenge is not None and self.sent_to == (self.carrier, number):
            # Back to the number and on again, unchanged: the code sent is still good.
            self.clear_message()
            self._ask(2)
            return
        self.send()

    def send(self) -> None:
        number, carrier = self.query_one("#phone", Input).value, self.carrier
        bank, visit = self.bank, self.visit

        def send() -> SmsChallenge | FactorResult | SendRefused:
            try:
                return bank.start_phone_check(visit, carrier, number)
            except SendRefused as refused:
                return refused

        self.call_bank(send, lambda sent: self._sent(sent, carrier, number))

    def _sent(
        self, sent: SmsChallenge | FactorResult | SendRefused, carrier: str, number: str
    ) -> None:
        if isinstance(sent, SendRefused):
            self.show_error(sent.status.phrase, RefusalCode.SMS_SEND_LIMIT)
            return
        if isinstance(sent, FactorResult):
            self.show_error(sent.phrase, RefusalCode.of_status("phone", sent.status))
            return
        self.challenge = sent
        self.sent_to = (carrier, number)
        for panel in self.query(TrainerPanel):
            panel.refresh_content()  # the message is on the phone at once
        self.query_one("#code-row").display = True
        code = self.query_one("#code", Input)
        code.value = ""
        if easy_mode():
            self._ask(2)
        else:
            code.focus()
        self.show_info("입력하신 휴대폰으로 인증번호를 보냈습니다.")
        self.tick()

    def action_resend(self) -> None:
        if self.challenge is not None:
            self.send()

    @contained
    def tick(self) -> None:
        if self.challenge is None:
            return
        if not self._on_code_question():
            return  # 쉬운 모드, back on an earlier question: its own hint stays
        self.call_bank(self.bank.now, self._show_left, look="clock")

    def _on_code_question(self) -> bool:
        return all(row.display for row in self.query("#code-row"))

    def _show_left(self, now: dt.datetime) -> None:
        if self.challenge is None or not self._on_code_question():
            return
        left = int((self.challenge.expires_at - now).total_seconds())
        text = sms_guide(left, again=key_name(self, "again"))
        # The clock ticks on while F4 recomposes the screen: no guide for a moment.
        for guide in self.query("#phone-guide").results(Static):
            guide.update(text)

    @on(Input.Submitted, "#code")
    def check_code(self, event: Input.Submitted) -> None:
        if self.challenge is None:
            return
        bank, visit, challenge, code = self.bank, self.visit, self.challenge, event.value.strip()
        self.call_bank(
            lambda: bank.finish_phone_check(visit, challenge.id, code),
            lambda result: self._checked(result, event.input),
        )

    def _checked(self, result: AuthResult, field: Input) -> None:
        if not result.ok:
            field.value = ""
            self.show_error(result.phrase, RefusalCode.of_status("auth", result.status))
            return
        self.finish(Authenticated(AuthMethod.SMS))


_WHAT_HAPPENS = {
    Service.FIN_ISSUE: "금융인증서를 발급합니다 · 유효기간 3년 · 수수료 없음",
    Service.FIN_REISSUE: "새 키로 다시 발급합니다(3년). 클라우드에 남은 금융인증서는 폐기됩니다.",
    Service.FIN_PIN_RESET: "인증서는 그대로 두고 PIN만 새로 정합니다. 잠긴 PIN도 풀립니다.",
}


class NewPinScreen(StepScreen[CloudChanged]):
    """PIN 설정: six digits twice on a freshly shuffled keypad, then the service is done."""

    STEP = Step.FIN_NEW_PIN
    TITLE_TEXT = "PIN 설정 — 보안 키패드로 입력해 주세요"
    BINDINGS = [
        Binding("1", "keep_pin", show=False),
        Binding("2", "new_pin", show=False),
        Binding("enter", "confirm_reset", "재설정"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.first: str | None = None
        # PIN 재설정: the new PIN keyed twice, held here until the customer confirms
        # that the old one stops working (it cannot be undone).
        self.confirming: str | None = None
        self.busy = False
        self.new_pin_chosen = False

    @property
    def renewing(self) -> bool:
        return self.session.service is Service.FIN_RENEW

    def compose_body(self) -> ComposeResult:
        yield Static(self._what_happens(), id="pin-what")
        if self.renewing:
            yield OptionList(
                Option(tr("1. 지금 쓰는 PIN 그대로 갱신"), id="keep"),
                Option(tr("2. 새 PIN으로 바꾸고 갱신"), id="new"),
                id="renew-choice",
            )
        yield Static(self._prompt(), id="pin-prompt", classes="hint")
        yield SecureKeypad(id="keypad")
        yield Static(
            tr(
                "숫자 키는 화면 배열의 같은 자리 버튼을 누릅니다(1 2 3 / 4 5 6 / 7 8 9 / 0). "
                "화살표와 Enter도 됩니다."
            ),
            classes="hint",
        )

    def _what_happens(self) -> str:
        service = self.session.service
        if service is Service.FIN_RENEW:
            opened = self.session.cloud.opened
            assert opened is not None
            old = opened.record.not_after
            new = renewal.renewed_not_after(old, FINANCIAL.validity_years)
            return tr(
                "갱신: 만료일 {old} → {new} · 새 키로 발급 · 수수료 없음",
                old=f"{old:%Y-%m-%d}",
                new=f"{new:%Y-%m-%d}",
            )
        assert service is not None
        return tr(_WHAT_HAPPENS[service])

    def _prompt(self) -> str:
        if self.confirming is not None:
            return tr("Enter를 누르면 PIN을 재설정합니다. Esc를 누르면 돌아갑니다.")
        if self.renewing and not self._keypad_shown():
            return tr("PIN을 바꾸시겠습니까? 1 또는 2를 누르세요.")
        if self.first is None:
            return tr("새 PIN 6자리(같은 숫자 반복·연속 숫자 불가)를 입력하세요.")
        return tr("확인을 위해 같은 PIN을 한 번 더 입력하세요(배열이 바뀌었습니다).")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With the keypad up, number keys are PIN positions, not the renewal choice.
        if action in ("keep_pin", "new_pin"):
            return self.renewing and not self._keypad_shown()
        if action == "confirm_reset":
            return self.confirming is not None
        return True

    def _keypad_shown(self) -> bool:
        return bool(self.query("#keypad")) and self.query_one("#keypad").display

    def on_mount(self) -> None:
        self.refresh_language()

    def refresh_language(self) -> None:
        keypad = self.query_one("#keypad", SecureKeypad)
        if self.renewing and not self.new_pin_chosen:
            keypad.display = False
            self.query_one("#renew-choice", OptionList).focus()
        else:
            if self.renewing:
                self.query_one("#renew-choice").display = False
            keypad.display = True
            keypad.focus()
        self.first = self.confirming = None  # a redrawn keypad starts the PIN again
        self._show_prompt()

    def _show_prompt(self) -> None:
        self.query_one("#pin-prompt", Static).update(self._prompt())

    @on(OptionList.OptionSelected, "#renew-choice")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option_index == 0:
            self.action_keep_pin()
        else:
            self.action_new_pin()

    def action_keep_pin(self) -> None:
        if self.renewing and not self._keypad_shown():
            self._finish(None)

    def action_new_pin(self) -> None:
        if not self.renewing or self._keypad_shown():
            return
        self.new_pin_chosen = True
        self.query_one("#renew-choice").display = False
        keypad = self.query_one("#keypad", SecureKeypad)
        keypad.display = True
        keypad.focus()
        self._show_prompt()

    @on(SecureKeypad.Completed)
    def _entered(self, event: SecureKeypad.Completed) -> None:
        event.keypad.reshuffle()
        pin = event.pin
        if self.first is None:
            broken = broken_pin_rules(pin)
            if broken:
                self.show_error(
                    Phrase.joined(" ", (rule.phrase for rule in broken)), RefusalCode.PIN_RULE
                )
                return
            self.first = pin
            self.clear_message()
            self._show_prompt()
            return
        first, self.first = self.first, None
        if pin != first:
            self.show_error(
                Phrase.joined(" ", (PinRule.MISMATCH.phrase, "처음부터 다시 입력해 주세요.")),
                RefusalCode.PIN_RULE,
            )
            self._show_prompt()
            return
        if self.session.service is Service.FIN_PIN_RESET:
            self._ask_to_confirm(pin)
            return
        self._finish(pin)

    def _ask_to_confirm(self, pin: str) -> None:
        """PIN 재설정 cannot be undone: the consequence is said, and Enter does it."""
        self.confirming = pin
        self.query_one("#keypad", SecureKeypad).display = False
        self.show_info(
            "PIN을 재설정하면 지금까지 쓰던 PIN으로는 금융인증서를 쓸 수 없고, 되돌릴 수 없습니다."
        )
        self._show_prompt()
        self.refresh_bindings()

    def action_confirm_reset(self) -> None:
        pin, self.confirming = self.confirming, None
        if pin is not None:
            self._finish(pin)

    def _finish(self, pin: str | None) -> None:
        if self.busy:
            return
        session, bank, visit = self.session, self.bank, self.visit
        rrn, service = session.rrn, session.service
        assert rrn is not None
        # Each returns the certificate made and the one it replaces (for 완료).
        if service is Service.FIN_RENEW:
            opened, old_pin = session.cloud.opened, session.cloud.pin
            assert opened is not None and old_pin is not None

            def work() -> tuple[CloudCertificate, CloudCertificate | None]:
                return bank.cloud_renew(visit, rrn.digits, old_pin, pin), opened.record

        elif service is Service.FIN_PIN_RESET:
            assert pin is not None
            new_pin = pin

            def work() -> tuple[CloudCertificate, CloudCertificate | None]:
                return bank.cloud_reset_pin(visit, rrn.digits, new_pin), None

        else:
            assert pin is not None
            new_pin = pin

            def work() -> tuple[CloudCertificate, CloudCertificate | None]:
                previous = bank.cloud_current(visit) if service is Service.FIN_REISSUE else None
                return bank.cloud_issue(visit, rrn.digits, new_pin), previous

        # The bank makes an RSA key and wraps it with scrypt: seconds, off the UI thread.
        self.busy = True
        self.call_bank(
            work,
            functools.partial(self._finished, pin is not None),
            self._refused,
            waiting="금융인증서를 처리하고 있습니다. 잠시만 기다려 주세요…",
        )

    def _refused(self, refused: Refused) -> None:
        self.busy = False
        self.show_refusal(refused)
        if not self.renewing or self.new_pin_chosen:
            keypad = self.query_one("#keypad", SecureKeypad)
            keypad.display = True  # hidden while a PIN reset was being confirmed
            keypad.focus()
        self._show_prompt()

    def _finished(
        self, pin_changed: bool, made: tuple[CloudCertificate, CloudCertificate | None]
    ) -> None:
        self.busy = False
        result, previous = made
        self.finish(CloudChanged(result, previous, pin_changed))


class PinScreen(StepScreen[CloudOpened | CloudChanged]):
    """PIN 입력: the certificate opened from the cloud; five wrong PINs lock it."""

    STEP = Step.FIN_PIN
    TITLE_TEXT = "PIN 입력 — 금융인증서 PIN을 입력해 주세요"
    BINDINGS = [Binding("f6", "by_phone", "휴대폰 인증", id="other_way")]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.locked = False

    @property
    def phone_instead(self) -> bool:
        """삭제 takes the customer's own phone in place of a forgotten or locked PIN."""
        return self.session.service is Service.FIN_DELETE

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "by_phone":
            return self.phone_instead
        return True

    def action_by_phone(self) -> None:
        if self.phone_instead and not self.busy:
            # Same step, the phone instead of the PIN (the bank takes either).
            self.end(StandIn(PhoneCheckScreen(self.session)))

    def _locked_hint(self) -> str:
        if self.phone_instead:
            return tr(
                "PIN이 잠겼습니다. {key_for[other_way]:을/를} 누르면 휴대폰 본인인증으로 삭제할 수 있습니다."
            )
        return tr(
            "{home} 처음으로 → 금융인증서 → PIN 재설정에서 새 PIN을 정할 수 있습니다.",
            home=key_name(self, "home"),
        )

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> CloudCertificate | None:
        assert session.visit is not None
        return bank.cloud_current(session.visit)

    def compose_body(self) -> ComposeResult:
        record = cast("CloudCertificate | None", self.known)
        assert record is not None
        self.locked = self.locked or (self.phone_instead and record.pin_locked)
        yield Static(cloud_summary(record), id="summary")
        if self.locked:
            prompt = self._locked_hint()
        else:
            prompt = tr(
                "PIN 6자리를 입력하세요. {limit}회 틀리면 사용이 제한됩니다.",
                limit=PIN_MAX_FAILURES,
            )
            if self.phone_instead:
                prompt += "\n" + tr(
                    "PIN을 잊으셨으면 {key_for[other_way]:을/를} 눌러 휴대폰으로 인증해 주세요."
                )
        yield Static(prompt, id="pin-prompt", classes="hint")
        keypad = SecureKeypad(id="keypad")
        keypad.locked = self.locked
        yield keypad
        yield Static(
            tr("숫자 키는 화면 배열의 같은 자리 버튼을 누릅니다(1 2 3 / 4 5 6 / 7 8 9 / 0)."),
            classes="hint",
        )

    def on_mount(self) -> None:
        self.query_one("#keypad", SecureKeypad).focus()

    def refresh_language(self) -> None:
        self.query_one("#keypad", SecureKeypad).focus()

    @on(SecureKeypad.Completed)
    def _entered(self, event: SecureKeypad.Completed) -> None:
        event.keypad.reshuffle()
        if self.busy:
            return
        bank, visit, pin = self.bank, self.visit, event.pin
        # Opening runs scrypt on the PIN at the bank: off the UI thread.
        self.busy = True
        waiting = "PIN을 확인하고 있습니다. 잠시만 기다려 주세요…"
        if self.session.service is Service.FIN_REGISTER:

            def register() -> CloudCertificate:
                # The cloud signs the bank's challenge; the bank checks it and registers.
                signed = bank.cloud_sign(visit, pin)
                return bank.cloud_register(visit, signed.signature)

            self.call_bank(register, self._registered, self._refused, waiting=waiting)
            return
        self.call_bank(
            lambda: bank.cloud_open(visit, pin, SIGN_CHECK),
            functools.partial(self._opened, pin),
            self._refused,
            waiting=waiting,
        )

    def _registered(self, record: CloudCertificate) -> None:
        self.busy = False
        self.finish(CloudChanged(record, None, pin_changed=False))

    def _refused(self, refused: Refused) -> None:
        self.busy = False
        self.show_refusal(refused)
        if refused.code is RefusalCode.PIN_LOCKED:
            keypad = self.query_one("#keypad", SecureKeypad)
            self.locked = keypad.locked = True
            keypad.refresh()
            self.query_one("#pin-prompt", Static).update(self._locked_hint())

    def _opened(self, pin: str, opened: CloudView) -> None:
        self.busy = False
        # 갱신 keeps the PIN until the bank has renewed (the key stays in the bank).
        renewing = self.session.service is Service.FIN_RENEW
        self.finish(CloudOpened(opened, pin if renewing else None))


class CloudDetailsScreen(StepScreen[Never]):
    """인증서 정보: the opened 금융인증서, and proof that its key signs."""

    STEP = Step.FIN_DETAILS
    TITLE_TEXT = "금융인증서 정보"
    BINDINGS = [Binding("enter", "finish", "처음으로")]

    def compose_body(self) -> ComposeResult:
        opened = self.session.cloud.opened
        assert opened is not None
        record = opened.record
        works = opened.message == SIGN_CHECK and signature_valid(
            record.certificate, opened.signature, opened.message
        )
        lines = [
            cloud_summary(record),
            tr("소유자    {owner}", owner=readable_dn(record.subject_dn)),
            tr("발급기관  {issuer}", issuer=readable_dn(record.issuer_dn)),
            tr("정책 OID  {oid}", oid=FINANCIAL.policy_oid),
            tr("보관 위치 {place}", place=CLOUD_PLACE),
            tr("전자서명  ")
            + tr("PIN으로 연 개인키로 서명하고 인증서로 검증했습니다." if works else "실패"),
        ]
        yield Static("\n".join(lines), id="result")
        yield Static(tr("Enter를 누르면 처음 화면으로 돌아갑니다."), classes="hint")

    def action_finish(self) -> None:
        self.end(Home())


class CloudDeleteConfirmScreen(StepScreen[CloudDeleted]):
    STEP = Step.FIN_DELETE_CONFIRM
    TITLE_TEXT = "확인 — 금융인증서를 삭제합니다"
    BINDINGS = [Binding("enter", "delete", "삭제")]

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> CloudCertificate | None:
        assert session.visit is not None
        return bank.cloud_current(session.visit)

    def compose_body(self) -> ComposeResult:
        record = cast("CloudCertificate | None", self.known)
        assert record is not None
        yield Static(cloud_summary(record), id="summary")
        yield Static(
            tr(
                "삭제하면 인증서가 폐기되고 클라우드에서 지워집니다. "
                "다시 쓰려면 재발급을 받아야 합니다."
            )
            + "\n"
            + tr("Enter를 누르면 삭제합니다. Esc를 누르면 돌아갑니다."),
            classes="hint",
        )

    def action_delete(self) -> None:
        bank, visit = self.bank, self.visit
        self.call_bank(
            lambda: bank.cloud_delete(visit), lambda deleted: self.finish(CloudDeleted(deleted))
        )


class ChooseCloudScreen(StepScreen[CloudChosen]):
    """타행 이용 등록: the customer's 금융인증서 in 금융결제원's cloud, to register here."""

    STEP = Step.FIN_CHOOSE
    TITLE_TEXT = "인증서 선택 — 등록할 금융인증서를 고르세요"
    BINDINGS = [Binding("1", "choose", show=False)]

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> CloudCertificate | None:
        assert session.visit is not None
        return bank.cloud_current(session.visit)

    def compose_body(self) -> ComposeResult:
        record = cast("CloudCertificate | None", self.known)
        if record is None:
            yield Static(tr("클라우드에 보관된 금융인증서가 없습니다."), id="cloud-list")
        else:
            state = (
                tr("한빛은행 발급")
                if record.issued_here
                else tr("등록됨")
                if record.registered_at is not None
                else tr("미등록")
            )
            yield OptionList(
                Option(
                    tr(
                        "1. {bank} 금융인증서 · {expires} 만료 · {state}",
                        bank=record.bank_name,
                        expires=f"{record.not_after:%Y-%m-%d}",
                        state=state,
                    )
                ),
                id="cloud-list",
            )
        yield Static(
            tr("금융결제원 클라우드에 보관된 고객님의 금융인증서입니다.")
            + "\n"
            + tr("1 또는 Enter를 누르면 고른 인증서의 PIN을 입력합니다."),
            classes="hint",
        )

    def on_mount(self) -> None:
        for listing in self.query("#cloud-list").results(OptionList):
            listing.highlighted = 0
            listing.focus()

    @on(OptionList.OptionSelected, "#cloud-list")
    def _selected(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        bank, visit = self.bank, self.visit
        self.call_bank(
            lambda: bank.cloud_register_challenge(visit),
            lambda challenge: self.finish(CloudChosen(challenge)),
        )
