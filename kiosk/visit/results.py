"""What a step of a service hands back when the customer has done it: one frozen
value per kind of step, read by the visit machine (kiosk/visit/machine.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # The records a step produces; the results only carry them.
    from kiosk.bankside.fraud import FraudWarning
    from kiosk.bankside.service import CloudChallenge, CloudView
    from kiosk.certs.cert_files import FileOutcome
    from kiosk.certs.found_certs import FoundCertificate
    from kiosk.certs.issuance import IssuedCertificate
    from kiosk.certs.products import Product
    from kiosk.certs.records import StoredCertificate
    from kiosk.certs.registration import RegisteredCertificate
    from kiosk.certs.renewal import OpenedCertificate
    from kiosk.fincert.cloud_certs import CloudCertificate
    from kiosk.people.customers import Customer
    from kiosk.people.rrn import Rrn
    from kiosk.terminal.media import Medium
    from kiosk.visit.flows import AuthMethod


@dataclass(frozen=True)
class IdentityVerified:
    """본인확인 passed (ID document, account, or the VID of an opened certificate)."""

    customer: Customer
    rrn: Rrn


@dataclass(frozen=True)
class Agreed:
    """약관·개인정보 수집·이용 동의: the customer agreed, and the bank recorded it."""


@dataclass(frozen=True)
class ProductChosen:
    product: Product


@dataclass(frozen=True)
class CertificateChosen:
    """재발급 or 폐기: one of the customer's certificates in the bank's records
    (재발급: with the bank's warning, when its fraud rule held it)."""

    chosen: StoredCertificate
    warning: FraudWarning | None = None


@dataclass(frozen=True)
class WarningAnswered:
    """사기 예방 확인: the customer stopped the 재발급, or said it is their own wish."""

    stopped: bool


@dataclass(frozen=True)
class CertificateOpened:
    """갱신: the certificate on a medium, opened with its password."""

    opened: OpenedCertificate
    password: str = field(repr=False)


@dataclass(frozen=True)
class Authenticated:
    """One more factor passed: SMS, OTP, ARS, 보안카드, or the customer's phone."""

    method: AuthMethod


@dataclass(frozen=True)
class MediumChosen:
    medium: Medium


@dataclass(frozen=True)
class PasswordSet:
    password: str = field(repr=False)


@dataclass(frozen=True)
class Issued:
    issued: IssuedCertificate


@dataclass(frozen=True)
class Revoked:
    revoked: StoredCertificate


@dataclass(frozen=True)
class CertificateFound:
    """등록 or 인증서 관리: a certificate on a medium, its password checked."""

    found: FoundCertificate


@dataclass(frozen=True)
class Registered:
    registered: RegisteredCertificate


@dataclass(frozen=True)
class RegistrationChosen:
    registration: RegisteredCertificate


@dataclass(frozen=True)
class Unregistered:
    unregistered: RegisteredCertificate


@dataclass(frozen=True)
class FilesChanged:
    """인증서 관리: what was done to the files (password, copy, delete)."""

    outcome: FileOutcome


@dataclass(frozen=True)
class CloudOpened:
    """금융인증서 opened with its PIN; 갱신 keeps the PIN until the bank has renewed."""

    view: CloudView
    pin: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class CloudChanged:
    """금융인증서 issued, re-issued, renewed or its PIN reset."""

    result: CloudCertificate
    previous: CloudCertificate | None
    pin_changed: bool


@dataclass(frozen=True)
class CloudDeleted:
    result: CloudCertificate


@dataclass(frozen=True)
class CloudChosen:
    """타행 이용 등록: the other bank's 금융인증서 chosen, and what the bank asked it to sign."""

    challenge: CloudChallenge


@dataclass(frozen=True)
class Back:
    """이전: the customer leaves the step for the one before (home from the first)."""


@dataclass(frozen=True)
class Home:
    """처음으로 on the screen a service ends on: the visit is over."""


StepResult = (
    IdentityVerified
    | Agreed
    | ProductChosen
    | CertificateChosen
    | CertificateOpened
    | Authenticated
    | MediumChosen
    | PasswordSet
    | Issued
    | Revoked
    | CertificateFound
    | Registered
    | RegistrationChosen
    | Unregistered
    | FilesChanged
    | CloudOpened
    | CloudChanged
    | CloudDeleted
    | CloudChosen
    | WarningAnswered
)
"""What the visit machine takes: a step done."""

# What a step screen can end with: done, or the customer going back or home
# (the App's service runner takes these; the machine only sees `StepResult`).
StepEnd = StepResult | Back | Home
