"""폐기 확인: the reason, then the certificate is revoked and the CRL republished."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.i18n import Phrase, tr
from kiosk.npki.revocation import RevocationReason
from kiosk.visit.flows import Step
from kiosk.visit.results import Revoked
from kiosk.visit.session import Session
from screens.base import StepScreen
from screens.widgets.summary_lines import certificate_line, validity_line

REASONS = (
    RevocationReason.KEY_COMPROMISE,
    RevocationReason.CESSATION,
    RevocationReason.UNSPECIFIED,
)


class RevokeConfirmScreen(StepScreen[Revoked]):
    STEP = Step.REVOKE_CONFIRM
    TITLE_TEXT = "확인 — 폐기 사유를 선택해 주세요"
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(REASONS) + 1)]

    def compose_body(self) -> ComposeResult:
        chosen = self.session.revoking.chosen
        assert chosen is not None
        lines = [
            certificate_line(chosen.product),
            tr("일련번호  {serial}", serial=chosen.serial),
            validity_line(chosen.not_before, chosen.not_after),
        ]
        yield Static("\n".join(lines), id="summary")
        yield OptionList(
            *[
                Option(f"{n}. {reason.label}", id=reason.value)
                for n, reason in enumerate(REASONS, 1)
            ],
            id="reasons",
        )
        yield Static(tr("폐기한 인증서는 되살릴 수 없습니다."), classes="hint")

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.pending: int | None = None  # the reason chosen, awaiting its confirmation

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        chosen = self.session.revoking.chosen
        assert chosen is not None
        if self.pending != index:
            # A revocation cannot be undone: the reason first, then once more to do it.
            self.pending = index
            self.query_one(OptionList).highlighted = index
            self.show_info(
                Phrase(
                    "{reason} 사유로 폐기합니다. 한 번 더 {key}(또는 Enter)를 누르면 폐기하고, "
                    "다른 번호로 사유를 바꿀 수 있습니다.",
                    reason=REASONS[index].label,
                    key=index + 1,
                )
            )
            return
        bank, visit, reason = self.bank, self.visit, REASONS[index]
        self.call_bank(
            lambda: bank.revoke(visit, chosen.serial, reason),
            lambda revoked: self.finish(Revoked(revoked)),
        )
