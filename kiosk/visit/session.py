"""One visit: who the customer is, which service, and the choices so far.

What every service has (the customer, the step, the factors proven, the receipt)
is the `Session`; what one family of services keeps (a 발급's product and
password, a 폐기's certificate, a 금융인증서's PIN) is its own typed state, made
for the service when it starts (`new_state`). A screen reads it through the
accessor of its family (`session.issuance`, `session.cloud`, ...), which
raises `OutOfOrder` in any other service's visit: mypy knows a 폐기 visit has no
password, and the kiosk finds out at once if a screen thinks otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

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


class OutOfOrder(Exception):
    """A step handed back a result its place in the service does not allow, or a
    screen asked the visit for what its service does not keep."""


@dataclass(frozen=True)
class Refusal:
    step: Step | None
    code: RefusalCode
    phrase: Phrase

    @property
    def message(self) -> str:
        return self.phrase.render()


@dataclass
class IssuanceState:
    """발급, 재발급, 갱신: what the new certificate is made of, until it is issued."""

    service: Service
    product: Product | None = None
    medium: Medium | None = None
    # Held in memory only until the key file is written, then dropped.
    password: str | None = field(default=None, repr=False)
    chosen: StoredCertificate | None = None  # 재발급: the certificate it replaces
    opened: OpenedCertificate | None = None  # 갱신: the certificate opened from a medium
    # 재발급 held by the bank's fraud rule: the warning, and the customer's answer
    # (None: not yet; "stopped": the visit ends on 완료 saying so; "continued").
    fraud_warning: FraudWarning | None = None
    warning_answer: str | None = None
    issued: IssuedCertificate | None = None

    @property
    def scam_stopped(self) -> bool:
        """The customer stopped the 재발급 at the bank's fraud warning."""
        return self.warning_answer == "stopped"

    @property
    def fee(self) -> int:
        """What this visit will charge: re-issue is free, renewal charges 범용 again."""
        if self.service is Service.REISSUE or self.product is None:
            return 0
        return self.product.fee_won


@dataclass
class RevokeState:
    """폐기: the certificate picked, then the bank's record of it revoked."""

    chosen: StoredCertificate | None = None
    revoked: StoredCertificate | None = None


@dataclass
class RegisterState:
    """타기관·타행 인증서 등록: the certificate on a medium, then its registration."""

    found: FoundCertificate | None = None
    registered: RegisteredCertificate | None = None


@dataclass
class UnregisterState:
    """타기관·타행 인증서 해제: the registration picked, then the one ended."""

    registration: RegisteredCertificate | None = None
    unregistered: RegisteredCertificate | None = None


@dataclass
class FilesState:
    """인증서 관리 (보기, 비밀번호 변경, 복사, 삭제, 휴대폰과 복사): the files in front
    of the kiosk and what was done to them."""

    found: FoundCertificate | None = None
    outcome: FileOutcome | None = None


@dataclass
class CloudState:
    """금융인증서: opened with its PIN (renewal, viewing, deleting), and what the
    service made or changed in the cloud."""

    opened: CloudView | None = None
    # 갱신: the PIN that opened it, until the bank has renewed it (the key stays in the bank).
    pin: str | None = field(default=None, repr=False)
    result: CloudCertificate | None = None
    previous: CloudCertificate | None = None
    # 타행 이용 등록: the 금융인증서 chosen in the cloud and the challenge its PIN signs.
    chosen: CloudChallenge | None = None
    pin_changed: bool = False


ServiceState = (
    IssuanceState | RevokeState | RegisterState | UnregisterState | FilesState | CloudState
)
"""What one family of services keeps of its visit."""

_ISSUING = (Service.ISSUE, Service.REISSUE, Service.RENEW)
_FILES = (
    Service.CERT_VIEW,
    Service.CERT_PASSWORD,
    Service.CERT_COPY,
    Service.CERT_DELETE,
    Service.CERT_EXPORT,
    Service.CERT_IMPORT,
)


def new_state(service: Service) -> ServiceState:
    """The empty state of `service`'s family, at its first step."""
    if service in _ISSUING:
        return IssuanceState(service)
    if service in _FILES:
        return FilesState()
    if service.is_cloud:
        return CloudState()
    match service:
        case Service.REVOKE:
            return RevokeState()
        case Service.REGISTER:
            return RegisterState()
        case Service.UNREGISTER:
            return UnregisterState()
    raise ValueError(f"no visit state for {service}")


StateT = TypeVar("StateT", bound=ServiceState)


@dataclass
class Session:
    """What every service's visit has; its family's own part is `state`."""

    service: Service | None = None
    visit: str | None = None  # the bank's id of this visit: every request carries it
    step_index: int = 0
    customer: Customer | None = None
    # Who the customer says they are, before it is proven (an account's holder
    # while the 1-won transfer is checked): their own phone is already in hand.
    claimed: Customer | None = None
    rrn: Rrn | None = None
    agreed: bool = False  # 약관·개인정보 수집 동의
    factors: tuple[AuthMethod, ...] = ()  # the extra factors proven, in order
    # A certificate's password tried on a medium (갱신, 등록, 인증서 관리): its
    # wrong tries are counted for the whole visit.
    password_attempts: PasswordAttempts = field(default_factory=PasswordAttempts)
    # What the service's family keeps; None between visits (the home screen).
    state: ServiceState | None = None
    last_refusal: Refusal | None = None
    receipt: Path | None = None  # the 처리결과 확인서 the kiosk's printer wrote
    receipt_problem: Phrase | None = None  # why the printer did not print it

    def state_of(self, kind: type[StateT]) -> StateT:
        """This visit's state as `kind`; OutOfOrder when its service keeps another."""
        state = self.state
        if not isinstance(state, kind):
            service = "no service" if self.service is None else self.service.value
            raise OutOfOrder(f"{kind.__name__} asked of a visit for {service}")
        return state

    @property
    def issuance(self) -> IssuanceState:
        """발급, 재발급, 갱신."""
        return self.state_of(IssuanceState)

    @property
    def revoking(self) -> RevokeState:
        """폐기."""
        return self.state_of(RevokeState)

    @property
    def registering(self) -> RegisterState:
        """타기관·타행 인증서 등록."""
        return self.state_of(RegisterState)

    @property
    def unregistering(self) -> UnregisterState:
        """타기관·타행 인증서 해제."""
        return self.state_of(UnregisterState)

    @property
    def files(self) -> FilesState:
        """인증서 관리."""
        return self.state_of(FilesState)

    @property
    def cloud(self) -> CloudState:
        """금융인증서."""
        return self.state_of(CloudState)

    @property
    def authenticated(self) -> bool:
        """An extra factor (SMS, OTP, ARS, 보안카드, phone) has been passed."""
        return bool(self.factors)

    @property
    def scam_stopped(self) -> bool:
        """The customer stopped the 재발급 at the bank's fraud warning."""
        state = self.state
        return isinstance(state, IssuanceState) and state.scam_stopped

    @property
    def steps(self) -> tuple[Step, ...]:
        if self.service is None:
            return ()
        steps = FLOWS[self.service]
        state = self.state
        warned = isinstance(state, IssuanceState) and state.fraud_warning is not None
        if not warned or Step.CHOOSE_CERT not in steps:
            return steps
        # The warning comes right after the certificate it holds; stopped, 완료 follows.
        at = steps.index(Step.CHOOSE_CERT) + 1
        rest = (Step.RESULT,) if self.scam_stopped else steps[at:]
        return (*steps[:at], Step.FRAUD_WARNING, *rest)

    @property
    def step(self) -> Step | None:
        steps = self.steps
        return steps[self.step_index] if 0 <= self.step_index < len(steps) else None

    def issue_request(self, config: KioskConfig, pay_account: str | None) -> IssueRequest:
        """The request the confirmed choices add up to, for the service in progress."""
        from cryptography import x509

        from kiosk.certs import renewal
        from kiosk.certs.issuance import IssueRequest

        state = self.issuance
        assert self.customer is not None and self.rrn is not None
        assert state.product is not None and state.medium is not None
        assert state.password is not None
        base = IssueRequest(
            customer=self.customer,
            rrn=self.rrn,
            product=state.product,
            medium=state.medium,
            password=state.password,
            pay_account=pay_account,
            fee_won=state.fee,
            key_encoding=config.new_issue_encoding,
        )
        if state.service is Service.REISSUE:
            assert state.chosen is not None
            return replace(
                base,
                key_encoding=config.renewal_encoding,
                not_after=state.chosen.not_after,
                subject=x509.Name.from_rfc4514_string(state.chosen.subject_dn),
                supersedes=state.chosen.serial,
            )
        if state.service is Service.RENEW:
            assert state.opened is not None
            return replace(
                base,
                key_encoding=config.renewal_encoding,
                not_after=renewal.renewed_not_after(state.opened.record.not_after),
                subject=state.opened.info.certificate.subject,
                supersedes=state.opened.record.serial,
            )
        return base
