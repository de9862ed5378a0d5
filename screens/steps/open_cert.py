"""인증서 선택 (renewal): a certificate on a medium, opened with its password."""

from __future__ import annotations

from textual.binding import Binding

from kiosk.certs.found_certs import FoundCertificate, unlock
from kiosk.certs.renewal import OpenedCertificate
from kiosk.core.i18n import Phrase
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.visit.flows import Service, Step
from kiosk.visit.results import CertificateOpened
from kiosk.visit.session import Session
from screens.key_names import key_name
from screens.questions import Questions
from screens.steps.media_certs import MediaCertScreen


class OpenCertScreen(MediaCertScreen[CertificateOpened]):
    STEP = Step.OPEN_CERT
    TITLE_TEXT = "인증서 선택 — 갱신할 인증서를 선택해 주세요"
    HINT = "하드디스크와 USB에서 찾은 인증서입니다. 만료 30일 전부터 만료일까지 갱신할 수 있습니다."
    BINDINGS = [Binding("f6", "new_issue", "신규 발급", show=False, id="other_way")]
    QUESTIONS = Questions("open_cert", {"found": "cert", "password-row": "password"})

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.offer_new_issue = False

    def check_on_sight(self, found: FoundCertificate) -> None:
        self.offer_new_issue = False
        self.bank.renewable(self.visit, found.info.der)

    def refused_on_sight(self, refused: Refused) -> None:
        if refused.code is RefusalCode.RENEW_EXPIRED:
            self.offer_new_issue = True
            hint = Phrase(
                "{message} ({hint})",
                message=refused.phrase,
                hint=Phrase("{key}: 신규 발급으로 이동", key=key_name(self, "other_way")),
            )
            self.show_error(hint, refused.code)
        else:
            self.show_refusal(refused)

    def picked(self, found: FoundCertificate, password: str | None) -> CertificateOpened:
        assert password is not None
        record = self.bank.renewable(self.visit, found.info.der)
        key = unlock(found, password, self.session.password_attempts)
        return CertificateOpened(OpenedCertificate(found, key, record), password)

    def action_new_issue(self) -> None:
        if self.offer_new_issue:
            self.kiosk.start_service(Service.ISSUE)
