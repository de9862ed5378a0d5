"""완료: what was issued or revoked, and where the files are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from kiosk.cert_files import FileAction, FileOutcome
from kiosk.flows import Service, Step
from screens.base import StepScreen

_DONE = {
    Service.ISSUE: "인증서가 발급되었습니다",
    Service.REISSUE: "인증서가 재발급되었습니다",
    Service.RENEW: "인증서가 갱신되었습니다",
    Service.REVOKE: "인증서가 폐기되었습니다",
    Service.REGISTER: "인증서가 등록되었습니다",
    Service.UNREGISTER: "인증서 등록이 해제되었습니다",
    Service.CERT_PASSWORD: "인증서 비밀번호가 변경되었습니다",
    Service.CERT_COPY: "인증서가 복사되었습니다",
    Service.CERT_DELETE: "인증서가 삭제되었습니다",
    Service.FIN_ISSUE: "금융인증서가 발급되었습니다",
    Service.FIN_REISSUE: "금융인증서가 재발급되었습니다",
    Service.FIN_RENEW: "금융인증서가 갱신되었습니다",
    Service.FIN_PIN_RESET: "금융인증서 PIN이 재설정되었습니다",
    Service.FIN_DELETE: "금융인증서가 삭제되었습니다",
}


class ResultScreen(StepScreen):
    STEP = Step.RESULT
    BINDINGS = [Binding("enter", "finish", "처음으로", show=False)]

    def title_text(self) -> str:
        service = self.session.service
        return f"완료 — {_DONE[service]}" if service is not None else "완료"

    def compose_body(self) -> ComposeResult:
        yield Static(self._details(), id="result")
        receipt = self.session.receipt
        printed = (
            f"처리결과 확인서를 출력했습니다({receipt.parent.name}/{receipt.name}).\n"
            if receipt is not None
            else ""
        )
        yield Static(printed + "Enter를 누르면 처음 화면으로 돌아갑니다.", classes="hint")

    def _details(self) -> str:
        session = self.session
        if session.cloud_result is not None:
            return self._cloud()
        if session.registered is not None or session.unregistered is not None:
            return self._registrations()
        if session.file_outcome is not None:
            return self._files(session.file_outcome)
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

    def _registrations(self) -> str:
        session = self.session
        customer = session.customer
        assert customer is not None
        done = session.registered or session.unregistered
        assert done is not None
        lines = [f"처리한 인증서  {done.label}", "", f"{customer.name} 님의 등록된 타기관 인증서:"]
        active = self.bank.registrations.active(customer.id)
        lines.extend(f"  {n}. {reg.label}" for n, reg in enumerate(active, 1))
        if not active:
            lines.append("  (없음)")
        return "\n".join(lines)

    def _files(self, outcome: FileOutcome) -> str:
        root = self.bank.media.root(outcome.medium)
        try:
            folder = str(outcome.directory.relative_to(root))
        except ValueError:
            folder = outcome.directory.name
        lines = [
            f"일련번호  {outcome.serial}",
            f"저장매체  {outcome.medium.label}",
            f"위치      {folder}",
        ]
        if outcome.action is FileAction.PASSWORD_CHANGED:
            lines.append("새 비밀번호로만 열립니다. 인증서 자체(유효기간·일련번호)는 그대로입니다.")
        elif outcome.action is FileAction.COPIED and outcome.overwritten:
            lines.append("같은 인증서가 있던 자리에 덮어썼습니다.")
        elif outcome.action is FileAction.DELETED:
            lines.append("파일만 지웠습니다. 인증서는 폐기되지 않았습니다.")
        return "\n".join(lines)

    def _cloud(self) -> str:
        from screens.fincert import CLOUD_PLACE, cloud_summary

        session = self.session
        record = session.cloud_result
        assert record is not None
        lines = [cloud_summary(record)]
        if session.service is Service.FIN_DELETE:
            lines.append("폐기 목록(CRL)에 등록되었고 클라우드에서 지워졌습니다.")
            return "\n".join(lines)
        lines += [f"발급기관  {record.issuer_dn}", f"보관 위치 {CLOUD_PLACE}", "수수료    없음"]
        if session.service is Service.FIN_PIN_RESET:
            lines.append("인증서는 그대로이고, 새 PIN으로만 열립니다.")
        elif session.service is Service.FIN_RENEW:
            lines.append(
                "PIN  " + ("새 PIN으로 바꾸었습니다." if session.pin_changed else "그대로입니다.")
            )
        previous = session.cloud_previous
        if previous is not None:
            lines.append(f"기존 금융인증서(일련번호 {previous.serial})는 폐기되었습니다.")
        return "\n".join(lines)

    def action_finish(self) -> None:
        self.kiosk.end_visit()
