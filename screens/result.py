"""완료: what was issued and where it was saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from kiosk.flows import Step
from screens.base import StepScreen


class ResultScreen(StepScreen):
    STEP = Step.RESULT
    TITLE_TEXT = "완료 — 인증서가 발급되었습니다"
    BINDINGS = [Binding("enter", "finish", "처음으로", show=False)]

    def compose_body(self) -> ComposeResult:
        issued = self.session.issued
        assert issued is not None
        fee = f"{issued.fee_paid:,}원 출금" if issued.fee_paid else "없음"
        folder = issued.directory.parent.relative_to(self.bank.media.root(issued.medium))
        yield Static(
            f"인증서    {issued.product.name} ({issued.product.ca.display_name})\n"
            f"소유자(DN)\n  {issued.subject_dn}\n"
            f"일련번호  {issued.serial}\n"
            f"발급기관  {issued.issuer_dn}\n"
            f"유효기간  {issued.not_before:%Y-%m-%d} ~ {issued.not_after:%Y-%m-%d}\n"
            f"수수료    {fee}\n"
            f"저장위치  {issued.medium.label} › {folder}",
            id="result",
        )
        yield Static("Enter를 누르면 처음 화면으로 돌아갑니다.", classes="hint")

    def action_finish(self) -> None:
        self.kiosk.go_home()
