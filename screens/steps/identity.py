"""본인확인: name, resident number and an ID document."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, RadioSet, Static

from kiosk.core.i18n import tr
from kiosk.core.refusal import Refused
from kiosk.people.customers import DocumentKind
from kiosk.people.identity import DocumentClaim
from kiosk.visit.flows import CLOUD_IDENTITY, Step
from kiosk.visit.results import IdentityVerified
from kiosk.visit.session import Session
from screens.base import StepScreen
from screens.widgets.choice import Choice, ChoiceSet
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


class IdentityScreen(StepScreen):
    STEP = Step.IDENTITY
    TITLE_TEXT = "본인확인 — 신분증을 보고 입력해 주세요"
    BINDINGS = [Binding("f6", "by_cloud", "금융인증서로")]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.chosen_kind = DocumentKind.RESIDENT_CARD

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(tr("이름"), classes="field-label")
            yield Input(placeholder=tr("홍길동"), id="name", max_length=20)
        yield RrnField()
        with Horizontal(classes="row doc-row"):
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
        yield Static(tr(SUBMIT_HINT), classes="hint", id="identity-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "by_cloud":
            return self.session.service in CLOUD_IDENTITY
        return True

    def action_by_cloud(self) -> None:
        """The same step, proven by a 금융인증서 instead of an ID document."""
        if self.session.service in CLOUD_IDENTITY:
            from screens.steps.fincert import CloudIdentityScreen

            self.app.switch_screen(CloudIdentityScreen(self.session))

    def on_mount(self) -> None:
        self._show_fields(self.chosen_kind)
        self.query_one("#name", Input).focus()

    def refresh_language(self) -> None:
        self._show_fields(self.chosen_kind)

    @property
    def kind(self) -> DocumentKind:
        radio = self.query_one("#doc-kind", RadioSet)
        index = radio.pressed_index
        return _KINDS[index if index >= 0 else 0]

    def _show_fields(self, kind: DocumentKind) -> None:
        for rows in _FIELDS.values():
            for row in rows:
                self.query_one(f"#{row}").display = row in _FIELDS[kind]

    @on(RadioSet.Changed)
    def _kind_changed(self) -> None:
        self.chosen_kind = self.kind
        self._show_fields(self.kind)

    @on(ChoiceSet.Chosen)
    def _kind_chosen(self, event: ChoiceSet.Chosen) -> None:
        # Enter on the document kind: on to the first field that document asks for.
        kind = _KINDS[event.index]
        self.chosen_kind = kind
        self._show_fields(kind)
        self.query_one(f"#{_FIELDS[kind][0]} Input", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        visible = [i for i in self.query(Input) if i.parent is not None and i.parent.display]
        if event.input is visible[-1]:
            self.submit()
        else:
            self.focus_next()

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
        rrn_text = self.query_one(RrnField).value
        try:
            verified = self.bank.verify_identity(self.visit, self._value("#name"), rrn_text, claim)
        except Refused as error:
            self.show_refusal(error)
            return
        self.finish(IdentityVerified(verified.customer, verified.rrn))
