"""인증서 선택 (등록): a certificate another institution issued, opened with its password
and checked against the customer who proved who they are."""

from __future__ import annotations

from kiosk.flows import Step
from kiosk.found_certs import FoundCertificate
from kiosk.registration import Registrations, check_registrable
from screens.media_certs import MediaCertScreen


class FindCertScreen(MediaCertScreen):
    STEP = Step.FIND_CERT
    TITLE_TEXT = "인증서 선택 — 등록할 인증서를 선택해 주세요"
    HINT = (
        "하드디스크와 USB에서 찾은 인증서입니다. 다른 기관·은행에서 발급받은 "
        "본인의 유효한 인증서를 등록할 수 있습니다."
    )

    @property
    def registrations(self) -> Registrations:
        return self.bank.registrations

    def check_on_sight(self, found: FoundCertificate) -> None:
        check_registrable(found, self.bank.clock.now(), self.bank.data_dir)

    def picked(self, found: FoundCertificate, password: str | None) -> None:
        assert password is not None
        session = self.session
        assert session.customer is not None and session.rrn is not None
        self.registrations.open_for(
            found, password, session.password_attempts, session.customer, session.rrn
        )
        session.found = found
        self.step_done()
