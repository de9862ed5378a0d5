"""인증서 선택 (등록): a certificate another institution issued, opened with its password
and checked against the customer who proved who they are."""

from __future__ import annotations

from kiosk.certs.found_certs import FoundCertificate, unlock
from kiosk.visit.flows import Step
from kiosk.visit.results import CertificateFound
from screens.questions import Questions
from screens.steps.media_certs import MediaCertScreen


class FindCertScreen(MediaCertScreen[CertificateFound]):
    STEP = Step.FIND_CERT
    TITLE_TEXT = "인증서 선택 — 등록할 인증서를 선택해 주세요"
    HINT = (
        "하드디스크와 USB에서 찾은 인증서입니다. 다른 기관·은행에서 발급받은 "
        "본인의 유효한 인증서를 등록할 수 있습니다."
    )

    QUESTIONS = Questions("find_cert", {"found": "cert", "password-row": "password"})

    def check_on_sight(self, found: FoundCertificate) -> None:
        self.bank.check_registrable(self.visit, found.info.der)

    def picked(self, found: FoundCertificate, password: str | None) -> CertificateFound:
        assert password is not None
        session = self.session
        assert session.customer is not None and session.rrn is not None
        key = unlock(found, password, session.password_attempts)
        self.bank.check_foreign_certificate(
            self.visit, found.info.der, key.random_num or b"", session.rrn.digits
        )
        return CertificateFound(found)
