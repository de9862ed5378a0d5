"""본인확인: name, resident number and an ID document."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, RadioSet, Static

from kiosk.bankside.service import CloudChallenge
from kiosk.core.i18n import easy_mode, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.fincert.cloud_certs import PIN_MAX_FAILURES
from kiosk.people.customers import DocumentKind
from kiosk.people.identity import DocumentClaim
from kiosk.visit.flows import CLOUD_IDENTITY, Step
from kiosk.visit.results import IdentityVerified
from kiosk.visit.session import Session
from screens.base import StandIn, StepScreen
from screens.questions import BackAQuestion, Questions, easy_hint
from screens.steps.fincert import cloud_summary
from screens.widgets.choice import Choice, ChoiceSet
from screens.widgets.keypad import SecureKeypad
from screens.widgets.rrn_field import RrnField

_KINDS = (
    DocumentKind.RESIDENT_CARD,
    DocumentKind.DRIVER_LICENCE,
    DocumentKind.PASSPORT,
    DocumentKind.ALIEN_CARD,
)
# Which input rows each document needs.
_FIELDS = {
    DocumentKind.RESIDENT_CARD: ("row-issue-date",),
    DocumentKind.DRIVER_LICENCE: ("row-licence",),
    DocumentKind.PASSPORT: ("row-passport", "row-expiry"),
    DocumentKind.ALIEN_CARD: ("row-issue-date",),
}


SUBMIT_HINT = "Enter로 다음 칸으로 넘어가고, 마지막 칸에서 Enter를 누르면 확인합니다."


class IdentityScreen(BackAQuestion, StepScreen[IdentityVerified]):
    STEP = Step.IDENTITY
    TITLE_TEXT = "본인확인 — 신분증을 보고 입력해 주세요"
    BINDINGS = [Binding("f6", "by_cloud", "금융인증서로", id="other_way")]
    # 쉬운 모드 asks one question per screen (issue #21): what each row asks.
    QUESTIONS = Questions(
        "identity",
        {
            "row-name": "name",
            "row-rrn": "rrn",
            "row-doc": "document",
            "row-issue-date": "issue_date",
            "row-licence": "licence",
            "row-passport": "passport",
            "row-expiry": "expiry",
        },
    )

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.chosen_kind = DocumentKind.RESIDENT_CARD
        # 쉬운 모드: which of `questions` is on show (one at a time).
        self.question = 0

    @property
    def questions(self) -> tuple[str, ...]:
        """The rows 쉬운 모드 asks one by one: the document's own come last."""
        return ("row-name", "row-rrn", "row-doc", *_FIELDS[self.chosen_kind])

    def compose_body(self) -> ComposeResult:
        if easy_mode():
            yield Questions.line()
        with Horizontal(classes="row", id="row-name"):
            yield Label(tr("이름"), classes="field-label")
            yield Input(placeholder=tr("홍길동"), id="name", max_length=20)
        yield RrnField(id="row-rrn")
        with Horizontal(classes="row doc-row", id="row-doc"):
            yield Label(tr("신분증"), classes="field-label")
            with ChoiceSet(id="doc-kind"):
                for kind in _KINDS:
                    yield Choice(kind.label, value=kind is self.chosen_kind, id=f"kind-{kind.name}")
        with Horizontal(classes="row", id="row-issue-date"):
            yield Label(tr("발급일자"), classes="field-label")
            yield Input(placeholder="YYYYMMDD", id="issue-date", max_length=10)
        with Horizontal(classes="row", id="row-licence"):
            yield Label(tr("운전면허번호"), classes="field-label")
            yield Input(placeholder="11-23-456789-01", id="licence", max_length=15)
        with Horizontal(classes="row", id="row-passport"):
            yield Label(tr("여권번호"), classes="field-label")
            yield Input(placeholder="MXXXXXXXX", id="passport", max_length=9)
        with Horizontal(classes="row", id="row-expiry"):
            yield Label(tr("기간만료일"), classes="field-label")
            yield Input(placeholder="YYYYMMDD", id="expiry", max_length=10)
        yield Static(
            easy_hint() if easy_mode() else tr(SUBMIT_HINT), classes="hint", id="identity-hint"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "by_cloud":
            return self.session.service in CLOUD_IDENTITY
        return True

    def action_by_cloud(self) -> None:
        """The same step, proven by a 금융인증서 instead of an ID document."""
        if self.session.service in CLOUD_IDENTITY:
            self.end(StandIn(CloudIdentityScreen(self.session)))

    def on_mount(self) -> None:
        self._show_fields(self.chosen_kind)
        self.query_one("#name", Input).focus()

    def refresh_language(self) -> None:
        self._show_fields(self.chosen_kind)

    def _ask(self, question: int) -> None:
        """쉬운 모드: show question `question` alone, its field focused."""
        self.question = question
        self._show_fields(self.chosen_kind)
        # A new question is a new screen to the customer: said as one, before its field.
        self.QUESTIONS.show(self, self.questions, question)

    @property
    def kind(self) -> DocumentKind:
        radio = self.query_one("#doc-kind", RadioSet)
        index = radio.pressed_index
        return _KINDS[index if index >= 0 else 0]

    def _show_fields(self, kind: DocumentKind) -> None:
        for rows in _FIELDS.values():
            for row in rows:
                self.query_one(f"#{row}").display = row in _FIELDS[kind]
        if easy_mode():
            question = min(self.question, len(self.questions) - 1)
            self.QUESTIONS.show(self, self.questions, question, say=False)

    @on(RadioSet.Changed)
    def _kind_changed(self) -> None:
        self.chosen_kind = self.kind
        self._show_fields(self.kind)

    @on(ChoiceSet.Chosen)
    def _kind_chosen(self, event: ChoiceSet.Chosen) -> None:
        # Enter on the document kind: on to the first field that document asks for.
        kind = _KINDS[event.index]
        self.chosen_kind = kind
        if easy_mode():
            self._ask(self.questions.index(_FIELDS[kind][0]))
            return
        self._show_fields(kind)
        self.query_one(f"#{_FIELDS[kind][0]} Input", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if easy_mode():
            self._answered(event.input)
            return
        visible = [i for i in self.query(Input) if i.parent is not None and i.parent.display]
        if event.input is visible[-1]:
            self.submit()
        else:
            self.focus_next()

    def _answered(self, field: Input) -> None:
        """쉬운 모드: Enter on a question's field goes on to the next question; on
        the last, the answers go to the bank together, as the full screen sends them."""
        if field.id == "rrn-front":
            self.focus_next()  # the back half is the same question
            return
        if self.question + 1 < len(self.questions):
            self.clear_message()
            self._ask(self.question + 1)
            return
        self.submit()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def submit(self) -> None:
        kind = self.kind
        claim = DocumentClaim(
            kind=kind,
            issue_date=self._value("#issue-date"),
            licence_number=self._value("#licence"),
            passport_number=self._value("#passport"),
            expiry_date=self._value("#expiry"),
        )
        bank, visit, name = self.bank, self.visit, self._value("#name")
        rrn_text = self.query_one(RrnField).value
        self.call_bank(
            lambda: bank.verify_identity(visit, name, rrn_text, claim),
            lambda verified: self.finish(IdentityVerified(verified.customer, verified.rrn)),
        )


class CloudIdentityScreen(StepScreen[IdentityVerified]):
    """본인확인 by 금융인증서 (F6 on 본인확인, where the service takes it): name and
    resident number find it; its PIN signs the bank's challenge in the cloud."""

    STEP = Step.IDENTITY
    TITLE_TEXT = "본인확인 — 금융인증서로 확인합니다"
    BINDINGS = [Binding("f6", "by_document", "신분증으로", id="other_way")]
    # 쉬운 모드: the name, the resident number, then the PIN, one at a time.
    QUESTIONS = Questions(
        "cloud_identity", {"cloud-name-row": "name", "cloud-rrn-row": "rrn", "cloud-pin-row": "pin"}
    )
    ROWS = ("cloud-name-row", "cloud-rrn-row", "cloud-pin-row")

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.challenge: CloudChallenge | None = None
        self.question = 0

    def compose_body(self) -> ComposeResult:
        if easy_mode():
            yield Questions.line()
        with Horizontal(classes="row", id="cloud-name-row"):
            yield Label(tr("이름"), classes="field-label")
            yield Input(placeholder=tr("홍길동"), id="name", max_length=20)
        yield RrnField(id="cloud-rrn-row")
        with Vertical(id="cloud-pin-row", classes="pin-part"):
            yield Static("", id="summary")
            yield Static(
                tr("이름과 주민등록번호를 넣고 Enter를 누르면 금융인증서를 찾습니다."),
                id="pin-prompt",
                classes="hint",
            )
            keypad = SecureKeypad(id="keypad")
            keypad.display = False
            yield keypad

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        if easy_mode():
            self._ask(self.question, say=False)

    def refresh_language(self) -> None:
        if self.challenge is not None:
            self._ask_pin(self.challenge)
        elif easy_mode():
            self._ask(self.question, say=False)

    def _ask(self, question: int, *, say: bool = True) -> None:
        """쉬운 모드: question `question` alone (the PIN's is the keypad)."""
        self.question = question
        self.QUESTIONS.show(self, self.ROWS, question, say=say)
        if question == 2:
            self.query_one("#keypad", SecureKeypad).focus()

    def back_inside(self) -> bool:
        """쉬운 모드: Esc goes back a question (from the PIN, the certificate is found
        again with the next Enter), and from the first out of the step."""
        if not easy_mode() or self.question == 0 or self.busy:
            return False
        self.clear_message()
        if self.question == 2:
            self.challenge = None
            self.query_one("#keypad", SecureKeypad).display = False
        self._ask(self.question - 1)
        return True

    def action_by_document(self) -> None:
        if not self.busy:
            self.end(StandIn(IdentityScreen(self.session)))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if easy_mode() and event.input.id == "name":
            self.clear_message()
            self._ask(1)
            return
        if event.input.id != "rrn-back":
            self.focus_next()
            return
        bank, visit = self.bank, self.visit
        name, rrn_text = self.query_one("#name", Input).value, self.query_one(RrnField).value
        self.call_bank(lambda: bank.cloud_identity_challenge(visit, name, rrn_text), self._found)

    def _found(self, challenge: CloudChallenge) -> None:
        self.clear_message()
        self._ask_pin(challenge)

    def _ask_pin(self, challenge: CloudChallenge) -> None:
        self.challenge = challenge
        self.query_one("#summary", Static).update(cloud_summary(challenge.record))
        self.query_one("#pin-prompt", Static).update(
            tr(
                "금융인증서 PIN 6자리를 입력하세요. {limit}회 틀리면 사용이 제한됩니다.",
                limit=PIN_MAX_FAILURES,
            )
        )
        keypad = self.query_one("#keypad", SecureKeypad)
        keypad.display = True
        if easy_mode():
            self._ask(2, say=self.question != 2)
        else:
            keypad.focus()

    @on(SecureKeypad.Completed)
    def _entered(self, event: SecureKeypad.Completed) -> None:
        event.keypad.reshuffle()
        if self.busy or self.challenge is None:
            return
        bank, visit, pin = self.bank, self.visit, event.pin
        rrn_text = self.query_one(RrnField).value

        def prove() -> IdentityVerified:
            # The cloud signs the bank's challenge inside the bank; the bank verifies it.
            signed = bank.cloud_sign(visit, pin)
            customer, rrn = bank.cloud_prove_identity(visit, rrn_text, signed.signature)
            return IdentityVerified(customer, rrn)

        self.busy = True
        self.call_bank(
            prove,
            self._proven,
            self._refused,
            waiting="PIN을 확인하고 있습니다. 잠시만 기다려 주세요…",
        )

    def _proven(self, verified: IdentityVerified) -> None:
        self.busy = False
        self.finish(verified)

    def _refused(self, refused: Refused) -> None:
        self.busy = False
        self.show_refusal(refused)
        if refused.code is RefusalCode.PIN_LOCKED:
            self.query_one("#keypad", SecureKeypad).locked = True
            self.query_one("#keypad", SecureKeypad).refresh()
        elif refused.code is not RefusalCode.PIN_WRONG:
            # The challenge is used up: find the certificate again (Enter on the number).
            self.challenge = None
            self.query_one("#keypad", SecureKeypad).display = False
            if easy_mode():
                self._ask(1, say=False)
            self.query_one("#rrn-back", Input).focus()
