"""완료: what was issued or revoked, and where the files are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Never, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from kiosk.certs.cert_files import FileAction, FileOutcome
from kiosk.certs.registration import RegisteredCertificate
from kiosk.core.i18n import tr
from kiosk.npki.reader import readable_dn
from kiosk.visit.flows import Service, Step
from kiosk.visit.results import Home
from kiosk.visit.session import (
    CloudState,
    FilesState,
    IssuanceState,
    OutOfOrder,
    RegisterState,
    RevokeState,
    Session,
    UnregisterState,
)
from screens.base import StepScreen

if TYPE_CHECKING:
    from kiosk.bankside.service import BankService
    from kiosk.certs.issuance import IssuedCertificate
    from kiosk.certs.records import StoredCertificate
    from kiosk.fincert.cloud_certs import CloudCertificate
from screens.widgets.frame import MessageLine
from screens.widgets.summary_lines import certificate_line, validity_line

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
    Service.CERT_EXPORT: "인증서를 휴대폰으로 보냈습니다",
    Service.CERT_IMPORT: "휴대폰의 인증서를 가져왔습니다",
    Service.FIN_ISSUE: "금융인증서가 발급되었습니다",
    Service.FIN_REISSUE: "금융인증서가 재발급되었습니다",
    Service.FIN_RENEW: "금융인증서가 갱신되었습니다",
    Service.FIN_PIN_RESET: "금융인증서 PIN이 재설정되었습니다",
    Service.FIN_DELETE: "금융인증서가 삭제되었습니다",
    Service.FIN_REGISTER: "금융인증서가 한빛은행에 등록되었습니다",
}


class ResultScreen(StepScreen[Never]):
    STEP = Step.RESULT
    BINDINGS = [Binding("enter", "finish", "처음으로", show=False)]

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> list[RegisteredCertificate]:
        # After 등록 or 해제: the customer's registrations as they are now.
        if _registration_done(session) is None or session.visit is None:
            return []
        return bank.registrations(session.visit)

    def title_service(self) -> str:
        return ""  # "완료 — what was done" says it

    def title_text(self) -> str:
        if self.session.scam_stopped:
            return tr("완료 — 재발급을 멈췄습니다")
        service = self.session.service
        return tr("완료 — {done}", done=_DONE[service]) if service is not None else tr("완료")

    def compose_body(self) -> ComposeResult:
        yield Static(self._details(), id="result")
        receipt = self.session.receipt
        printed = (
            tr(
                "처리결과 확인서를 출력했습니다({file})."
                if self.session.receipt_problem is None
                else "처리결과 확인서는 키오스크에 보관되었습니다({file}).",
                file=f"{receipt.parent.name}/{receipt.name}",
            )
            + "\n"
            if receipt is not None
            else ""
        )
        yield Static(printed + tr("Enter를 누르면 처음 화면으로 돌아갑니다."), classes="hint")

    def on_mount(self) -> None:
        problem = self.session.receipt_problem
        if problem is not None:
            # Shown, not recorded again: the App audited it when the printer failed.
            self.query_one(MessageLine).error(problem)

    def _details(self) -> str:
        session = self.session
        match session.state:
            case IssuanceState(chosen=chosen) if session.scam_stopped and chosen is not None:
                return self._stopped(chosen)
            case IssuanceState(issued=issued) if issued is not None:
                return self._issued(issued)
            case CloudState(result=record) as cloud if record is not None:
                return self._cloud(cloud, record)
            case RegisterState(registered=done) | UnregisterState(unregistered=done) if (
                done is not None
            ):
                return self._registrations(done)
            case FilesState(outcome=outcome) if outcome is not None:
                return self._files(outcome)
            case RevokeState(revoked=revoked) if revoked is not None:
                return self._revoked(revoked)
        raise OutOfOrder(f"the end of a visit for {session.service} that did nothing")

    def _revoked(self, revoked: StoredCertificate) -> str:
        reason = revoked.revoke_reason.label if revoked.revoke_reason else ""
        when = f"{revoked.revoked_at:%Y-%m-%d %H:%M}" if revoked.revoked_at else ""
        return "\n".join(
            [
                certificate_line(revoked.product),
                tr("일련번호  {serial}", serial=revoked.serial),
                tr("폐기사유  {reason}", reason=reason),
                tr("폐기일시  {when}", when=when),
                tr("폐기 목록(CRL)에 등록되어 더 이상 사용할 수 없습니다."),
            ]
        )

    def _issued(self, issued: IssuedCertificate) -> str:
        fee = (
            tr("{amount}원 출금", amount=f"{issued.fee_paid:,}") if issued.fee_paid else tr("없음")
        )
        folder = issued.directory.parent.relative_to(self.terminal.media.root(issued.medium))
        lines = [
            certificate_line(issued.product),
            tr("소유자(DN)"),
            f"  {readable_dn(issued.subject_dn)}",
            tr("일련번호  {serial}", serial=issued.serial),
            tr("발급기관  {issuer}", issuer=readable_dn(issued.issuer_dn)),
            validity_line(issued.not_before, issued.not_after),
            tr("수수료    {fee}", fee=fee),
            tr("저장위치  {medium} › {folder}", medium=issued.medium.label, folder=str(folder)),
        ]
        if issued.superseded is not None:
            lines.append(
                tr("기존 인증서(일련번호 {serial})는 폐기되었습니다.", serial=issued.superseded)
            )
        return "\n".join(lines)

    def _stopped(self, chosen: StoredCertificate) -> str:
        from kiosk.bankside.fraud import REPORT_NUMBER

        return "\n".join(
            [
                tr("잘 멈추셨습니다. 인증서는 재발급되지 않았고 그대로 있습니다."),
                certificate_line(chosen.product),
                tr("일련번호  {serial}", serial=chosen.serial),
                tr("전화한 사람에게 인증번호나 비밀번호를 알려 주지 마세요."),
                tr(
                    "이미 알려 주었다면 {number}(은행)이나 112에 바로 신고하세요.",
                    number=REPORT_NUMBER,
                ),
            ]
        )

    def _registrations(self, done: RegisteredCertificate) -> str:
        customer = self.session.customer
        assert customer is not None
        lines = [
            tr("처리한 인증서  {certificate}", certificate=done.label),
            "",
            tr("{name} 님의 등록된 타기관 인증서:", name=customer.name),
        ]
        active = cast("list[RegisteredCertificate]", self.known)
        lines.extend(f"  {n}. {reg.label}" for n, reg in enumerate(active, 1))
        if not active:
            lines.append("  " + tr("(없음)"))
        return "\n".join(lines)

    def _files(self, outcome: FileOutcome) -> str:
        root = self.terminal.media.root(outcome.medium)
        try:
            folder = str(outcome.directory.relative_to(root))
        except ValueError:
            folder = outcome.directory.name
        lines = [
            tr("일련번호  {serial}", serial=outcome.serial),
            tr("저장매체  {medium}", medium=outcome.medium.label),
            tr("위치      {folder}", folder=folder),
        ]
        if outcome.action is FileAction.PASSWORD_CHANGED:
            lines.append(
                tr("새 비밀번호로만 열립니다. 인증서 자체(유효기간·일련번호)는 그대로입니다.")
            )
        elif outcome.action is FileAction.COPIED and outcome.overwritten:
            lines.append(tr("같은 인증서가 있던 자리에 덮어썼습니다."))
        elif outcome.action is FileAction.DELETED:
            lines.append(tr("파일만 지웠습니다. 인증서는 폐기되지 않았습니다."))
        elif outcome.action is FileAction.EXPORTED:
            lines.append(
                tr("휴대폰 화면에서 받았는지 확인하세요. 키오스크의 인증서는 그대로 있습니다.")
            )
        elif outcome.action is FileAction.IMPORTED:
            lines.append(tr("이제 이 키오스크에서 같은 비밀번호로 쓸 수 있습니다."))
        return "\n".join(lines)

    def _cloud(self, cloud: CloudState, record: CloudCertificate) -> str:
        from screens.steps.fincert import CLOUD_PLACE, cloud_summary

        session = self.session
        lines = [cloud_summary(record)]
        if session.service is Service.FIN_DELETE:
            lines.append(tr("폐기 목록(CRL)에 등록되었고 클라우드에서 지워졌습니다."))
            return "\n".join(lines)
        lines += [
            tr("발급기관  {issuer}", issuer=readable_dn(record.issuer_dn)),
            tr("보관 위치 {place}", place=CLOUD_PLACE),
            tr("수수료    {fee}", fee="없음"),
        ]
        if session.service is Service.FIN_PIN_RESET:
            lines.append(tr("인증서는 그대로이고, 새 PIN으로만 열립니다."))
        elif session.service is Service.FIN_REGISTER:
            lines.append(
                tr("이제 한빛은행에서도 이 금융인증서로 본인확인과 전자서명을 할 수 있습니다.")
            )
        elif session.service is Service.FIN_RENEW:
            lines.append(
                tr(
                    "PIN       새 PIN으로 바꾸었습니다."
                    if cloud.pin_changed
                    else "PIN       기존 PIN을 그대로 씁니다."
                )
            )
        previous = cloud.previous
        if previous is not None:
            lines.append(
                tr("기존 금융인증서(일련번호 {serial})는 폐기되었습니다.", serial=previous.serial)
            )
        return "\n".join(lines)

    def action_finish(self) -> None:
        self.end(Home())


def _registration_done(session: Session) -> RegisteredCertificate | None:
    """등록 or 해제: the registration the visit made or ended, once done."""
    match session.state:
        case RegisterState(registered=done) | UnregisterState(unregistered=done):
            return done
    return None
