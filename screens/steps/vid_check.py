"""본인확인 (renewal): the resident number must recompute the certificate's VID."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from kiosk.core.i18n import tr
from kiosk.visit.flows import Step
from kiosk.visit.results import IdentityVerified
from screens.base import StepScreen
from screens.widgets.rrn_field import RrnField


class VidCheckScreen(StepScreen[IdentityVerified]):
    STEP = Step.VID_CHECK
    TITLE_TEXT = "본인확인 — 주민등록번호를 입력해 주세요"

    def compose_body(self) -> ComposeResult:
        opened = self.session.issuance.opened
        assert opened is not None
        yield Static(tr("인증서 소유자: {owner}", owner=opened.info.owner_name), classes="hint")
        yield RrnField()

    def on_mount(self) -> None:
        self.query_one("#rrn-front", Input).focus()

    @on(Input.Submitted, "#rrn-front")
    def _front_done(self) -> None:
        self.query_one("#rrn-back", Input).focus()

    @on(Input.Submitted, "#rrn-back")
    def submit(self) -> None:
        opened = self.session.issuance.opened
        assert opened is not None
        text, bank, visit = self.query_one(RrnField).value, self.bank, self.visit
        self.call_bank(
            lambda: bank.prove_certificate_owner(
                visit, opened.info.der, opened.key.random_num or b"", text
            ),
            lambda proven: self.finish(IdentityVerified(*proven)),
        )
