"""One visit: who the customer is, which service, and the choices so far."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.certs.attempts import PasswordAttempts
from kiosk.visit.flows import FLOWS, AuthMethod, Service, Step

if TYPE_CHECKING:
    # Issuing needs cryptography, which the kiosk loads only once a service runs;
    # the rest are annotations only, so the idle visit of the home screen loads
    # none of the bank's domain (its records, its customers).
    from kiosk.bankside.fraud import FraudWarning
    from kiosk.bankside.service import CloudChallenge, CloudView
    from kiosk.certs.cert_files import FileOutcome
    from kiosk.certs.found_certs import FoundCertificate
    from kiosk.certs.issuance import IssuedCertificate, IssueRequest
    from kiosk.certs.products import Product
    from kiosk.certs.records import StoredCertificate
    from kiosk.certs.registration import RegisteredCertificate
    from kiosk.certs.renewal import OpenedCertificate
    from kiosk.core.i18n import Phrase
    from kiosk.core.refusal import RefusalCode
    from kiosk.fincert.cloud_certs import CloudCertificate
    from kiosk.people.customers import Customer
    from kiosk.people.rrn import Rrn
    from kiosk.terminal.config import KioskConfig
    from kiosk.terminal.media import Medium


@dataclass(frozen=True)
class Refusal:
    step: Step | None
    code: RefusalCode
    phrase: Phrase

    @property
    def message(self) -> str:
        return self.phrase.render()


@dataclass
class Session:
    service: Service | None = None
    visit: str | None = None  # the bank's id of this visit: every request carries it
    step_index: int = 0
    customer: Customer | None = None
    # Who the customer says they are, before it is proven (an account's holder
    # while the 1-won transfer is checked): their own phone is already in hand.
    claimed: Customer | None = None
    rrn: Rrn | None = None
    agreed: bool = False  # 약관·개인정보 수집 동의
    product: Product | None = None
    factors: tuple[AuthMethod, ...] = ()  # the extra factors proven, in order
    medium: Medium | None = None
    # Held in memory only until the key file is written, then dropped.
    password: str | None = field(default=None, repr=False)
    chosen: StoredCertificate | None = None  # re-issue or revoke: the certificate picked
    opened: OpenedCertificate | None = None  # renewal: the certificate opened from a medium
    password_attempts: PasswordAttempts = field(default_factory=PasswordAttempts)
    found: FoundCertificate | None = None  # 등록 and 인증서 관리: the certificate on a medium
    registration: RegisteredCertificate | None = None  # 해제: the registration picked
    registered: RegisteredCertificate | None = None
    unregistered: RegisteredCertificate | None = None
    file_outcome: FileOutcome | None = None  # 인증서 관리: what was done to the files
    issued: IssuedCertificate | None = None
    # 금융인증서: opened with its PIN (renewal, viewing), and what the service made or changed.
    cloud_opened: CloudView | None = None
    # 갱신: the PIN that opened it, until the bank has renewed it (the key stays in the bank).
    cloud_pin: str | None = field(default=None, repr=False)
    cloud_result: CloudCertificate | None = None
    cloud_previous: CloudCertificate | None = None
    # 타행 이용 등록: the 금융인증서 chosen in the cloud and the challenge its PIN signs.
    cloud_chosen: CloudChallenge | None = None
    pin_changed: bool = False
    revoked: StoredCertificate | None = None
    # 재발급 held by the bank's fraud rule: the warning, and the customer's answer
    # (None: not yet; "stopped": the visit ends on 완료 saying so; "continued").
    fraud_warning: FraudWarning | None = None
    warning_answer: str | None = None
    last_refusal: Refusal | None = None
    receipt: Path | None = None  # the 처리결과 확인서 the kiosk's printer wrote
    receipt_problem: Phrase | None = None  # why the printer did not print it

    @property
    def authenticated(self) -> bool:
        """An extra factor (SMS, OTP, ARS, 보안카드, phone) has been passed."""
        return bool(self.factors)

    @property
    def scam_stopped(self) -> bool:
        """The customer stopped the 재발급 at the bank's fraud warning."""
        return self.warning_answer == "stopped"

    @property
    def steps(self) -> tuple[Step, ...]:
        if self.service is None:
            return ()
        steps = FLOWS[self.service]
        if self.fraud_warning is None or Step.CHOOSE_CERT not in steps:
            return steps
        # The warning comes right after the certificate it holds; stopped, 완료 follows.
        at = steps.index(Step.CHOOSE_CERT) + 1
        rest = (Step.RESULT,) if self.scam_stopped else steps[at:]
        return (*steps[:at], Step.FRAUD_WARNING, *rest)

    @property
    def step(self) -> Step | None:
        steps = self.steps
        return steps[self.step_index] if 0 <= self.step_index < len(steps) else None

    @property
    def fee(self) -> int:
        """What this visit will charge: re-issue is free, renewal charges 범용 again."""
        if self.service is Service.REISSUE or self.product is None:
            return 0
        return self.product.fee_won

    def issue_request(self, config: KioskConfig, pay_account: str | None) -> IssueRequest:
        """The request the confirmed choices add up to, for the service in progress."""
        from cryptography import x509

        from kiosk.certs import renewal
        from kiosk.certs.issuance import IssueRequest

        assert self.customer is not None and self.rrn is not None
        assert self.product is not None and self.medium is not None
        assert self.password is not None
        base = IssueRequest(
            customer=self.customer,
            rrn=self.rrn,
            product=self.product,
            medium=self.medium,
            password=self.password,
            pay_account=pay_account,
            fee_won=self.fee,
            key_encoding=config.new_issue_encoding,
        )
        if self.service is Service.REISSUE:
            assert self.chosen is not None
            return replace(
                base,
                key_encoding=config.renewal_encoding,
                not_after=self.chosen.not_after,
                subject=x509.Name.from_rfc4514_string(self.chosen.subject_dn),
                supersedes=self.chosen.serial,
            )
        if self.service is Service.RENEW:
            assert self.opened is not None
            return replace(
                base,
                key_encoding=config.renewal_encoding,
                not_after=renewal.renewed_not_after(self.opened.record.not_after),
                subject=self.opened.info.certificate.subject,
                supersedes=self.opened.record.serial,
            )
        return base
