"""인증서 선택 (re-issue, revoke): the customer's certificates on the bank's record."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.certs.records import StoredCertificate
from kiosk.core.i18n import tr
from kiosk.core.refusal import RefusalCode
from kiosk.visit.flows import Service, Step
from kiosk.visit.results import CertificateChosen
from kiosk.visit.session import Session
from screens.base import StepScreen

if TYPE_CHECKING:
    from kiosk.bankside.service import BankService


class ChooseCertScreen(StepScreen[CertificateChosen]):
    STEP = Step.CHOOSE_CERT
    TITLE_TEXT = "인증서 선택 — 대상 인증서를 선택해 주세요"
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)]

    certs: list[StoredCertificate]

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> list[StoredCertificate]:
        assert session.visit is not None
        return bank.usable_certificates(session.visit)

    def compose_body(self) -> ComposeResult:
        self.certs = cast("list[StoredCertificate]", self.known)
        yield OptionList(
            *[
                Option(f"{n}. {cert.label}", id=str(cert.serial))
                for n, cert in enumerate(self.certs, 1)
            ],
            id="certs",
        )
        hint = (
            "재발급하면 선택한 인증서는 폐기되고, 새 인증서는 기존 만료일까지 유효합니다(수수료 없음)."
            if self.session.service is Service.REISSUE
            else "폐기한 인증서는 다시 사용할 수 없습니다."
        )
        yield Static(tr(hint), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        if not self.certs:
            self.show_error(
                "이 은행에서 발급한 사용 중인 인증서가 없습니다. 신규 발급을 이용해 주세요.",
                RefusalCode.NO_CERTIFICATES,
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if index >= len(self.certs):
            return
        chosen = self.certs[index]
        if self.session.service is not Service.REISSUE:
            self.finish(CertificateChosen(chosen, None))
            return
        # The bank announces the 재발급 to the phone and may hold it (fraud rule).
        bank, visit = self.bank, self.visit
        self.call_bank(
            lambda: bank.begin_reissue(visit, chosen.serial),
            lambda warning: self.finish(CertificateChosen(chosen, warning)),
        )
