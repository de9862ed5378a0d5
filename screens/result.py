"""완료: what was issued or revoked, and where the files are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from kiosk.flows import Service, Step
from screens.base import StepScreen

_DONE = {
    Service.ISSUE: "인증서가 발급되었습니다",
    Service.REISSUE: "인증서가 재발급되었습니다",
    Service.RENEW: "인증서가 갱신되었습니다",
    Service.REVOKE: "인증서가 폐기되었습니다",
}


class ResultScreen(StepScreen):
    STEP = Step.RESULT
    BINDINGS = [Binding("enter", "finish", "처음으로", show=False)]

    def title_text(self) -> str:
        service = self.session.service
        return f"완료 — {_DONE[service]}" if service is not None else "완료"

    def compose_body(self) -> ComposeResult:
        yield Static(self._details(), id="result")
        yield Static("Enter를 누르면 처음 화면으로 돌아갑니다.", classes="hint")

    def _details(self) -> str:
        revoked = self.session.revoked
        if revoked is not None:
            reason = revoked.revoke_reason.label if revoked.revoke_reason else ""
            when = f"{revoked.revoked_at:%Y-%m-%d %H:%M}" if revoked.revoked_at else ""
            return (
                f"인증서    {revoked.product.name} ({revoked.product.ca.display_name})\n"
                f"일련번호  {revoked.serial}\n"
                f"폐기사유  {reason}\n"
                f"폐기일시  {when}\n"
                "폐기 목록(CRL)에 등록되어 더 이상 사용할 수 없습니다."
            )
        issued = self.session.issued
        assert issued is not None
        fee = f"{issued.fee_paid:,}원 출금" if issued.fee_paid else "없음"
        folder = issued.directory.parent.relative_to(self.bank.media.root(issued.medium))
        lines = [
            f"인증서    {issued.product.name} ({issued.product.ca.display_name})",
            f"소유자(DN)\n  {issued.subject_dn}",
            f"일련번호  {issued.serial}",
            f"발급기관  {issued.issuer_dn}",
            f"유효기간  {issued.not_before:%Y-%m-%d} ~ {issued.not_after:%Y-%m-%d}",
            f"수수료    {fee}",
            f"저장위치  {issued.medium.label} › {folder}",
        ]
        if issued.superseded is not None:
            lines.append(f"기존 인증서(일련번호 {issued.superseded})는 폐기되었습니다.")
        return "\n".join(lines)

    def action_finish(self) -> None:
        self.kiosk.go_home()
