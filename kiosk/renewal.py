"""갱신 rules: only from 30 days before expiry until expiry; one more year from the old expiry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from kiosk.certificates import (
    PASSWORD_ATTEMPTS_PER_VISIT,
    CertificateRecords,
    PasswordAttempts,
    StoredCertificate,
)
from kiosk.customers import Customer, Registry
from kiosk.media import MediaBay, Medium
from kiosk.npki import layout, reader
from kiosk.npki.keyfile import KeyFileError, NpkiPrivateKey, WrongPassword
from kiosk.npki.reader import CertInfo
from kiosk.rrn import InvalidRrn, Rrn
from kiosk.rrn import parse as parse_rrn

RENEWAL_WINDOW_DAYS = 30


class RenewalState(Enum):
    OPEN = "open"
    TOO_EARLY = "too_early"
    EXPIRED = "expired"


@dataclass(frozen=True)
class RenewalWindow:
    state: RenewalState
    opens_on: dt.date
    expires_on: dt.date

    @property
    def message(self) -> str:
        if self.state is RenewalState.TOO_EARLY:
            return (
                f"갱신은 만료 30일 전부터 할 수 있습니다. "
                f"{self.opens_on:%Y-%m-%d}부터 갱신해 주세요(만료일 {self.expires_on:%Y-%m-%d})."
            )
        if self.state is RenewalState.EXPIRED:
            return (
                f"{self.expires_on:%Y-%m-%d}에 만료된 인증서는 갱신할 수 없습니다. "
                "신규 발급을 받아 주세요."
            )
        return f"갱신할 수 있습니다(만료일 {self.expires_on:%Y-%m-%d})."


def window(not_after: dt.datetime, now: dt.datetime) -> RenewalWindow:
    local_expiry = not_after.astimezone(now.tzinfo)
    opens = local_expiry - dt.timedelta(days=RENEWAL_WINDOW_DAYS)
    if now > local_expiry:
        state = RenewalState.EXPIRED
    elif now < opens.replace(hour=0, minute=0, second=0, microsecond=0):
        state = RenewalState.TOO_EARLY
    else:
        state = RenewalState.OPEN
    return RenewalWindow(state, opens.date(), local_expiry.date())


def renewed_not_after(old_not_after: dt.datetime, years: int = 1) -> dt.datetime:
    try:
        return old_not_after.replace(year=old_not_after.year + years)
    except ValueError:  # 29 February
        return old_not_after.replace(year=old_not_after.year + years, day=28)


class RenewalRefused(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class FoundCertificate:
    """A certificate directory found on one of the kiosk's media."""

    medium: Medium
    info: CertInfo

    @property
    def label(self) -> str:
        info = self.info
        product = info.product_name or "알 수 없는 용도"
        ca = info.ca_name or info.certificate.issuer.rfc4514_string()
        return f"{info.owner_name} · {product} ({ca}) · {info.not_after:%Y-%m-%d} 만료 · {self.medium.label}"


@dataclass(frozen=True)
class OpenedCertificate:
    """A certificate opened with its password, with the bank's record of it."""

    found: FoundCertificate
    key: NpkiPrivateKey = field(repr=False)
    record: StoredCertificate

    @property
    def info(self) -> CertInfo:
        return self.found.info


def scan(media: MediaBay) -> list[FoundCertificate]:
    """Every readable NPKI certificate on the media that are present."""
    found = []
    for medium in Medium:
        if not media.is_present(medium):
            continue
        for directory in layout.find_cert_dirs(media.root(medium)):
            try:
                found.append(FoundCertificate(medium, reader.load(directory)))
            except reader.NotNpki:
                continue  # a damaged directory is not offered
    return found


def check_renewable(found: FoundCertificate, records: CertificateRecords) -> StoredCertificate:
    """The bank's record if `found` may be renewed today, else RenewalRefused saying why."""
    record = records.get(found.info.serial)
    if record is None or found.info.certificate.issuer not in records.cas.issuer_names():
        raise RenewalRefused(
            "다른 기관에서 발급한 인증서입니다. 발급한 기관에서 갱신해 주세요.", "other_institution"
        )
    if record.revoked:
        reason = record.revoke_reason.label if record.revoke_reason else "기타"
        raise RenewalRefused(f"폐기된 인증서입니다(사유: {reason}). 갱신할 수 없습니다.", "revoked")
    state = window(record.not_after, records.clock.now())
    if state.state is not RenewalState.OPEN:
        raise RenewalRefused(state.message, f"renew_{state.state.value}")
    return record


def open_certificate(
    found: FoundCertificate, password: str, attempts: PasswordAttempts, records: CertificateRecords
) -> OpenedCertificate:
    record = check_renewable(found, records)
    serial = found.info.serial
    if attempts.is_locked(serial):
        raise RenewalRefused(LOCKED_MESSAGE, "cert_password_locked")
    try:
        key = found.info.open_key(password)
    except WrongPassword:
        count = attempts.record_failure(serial)
        if attempts.is_locked(serial):
            raise RenewalRefused(LOCKED_MESSAGE, "cert_password_locked") from None
        raise RenewalRefused(
            f"인증서 비밀번호가 틀렸습니다(오류 {count}/{PASSWORD_ATTEMPTS_PER_VISIT}회).",
            "cert_password_wrong",
        ) from None
    except (KeyFileError, reader.NotNpki) as error:
        raise RenewalRefused(
            f"인증서 파일이 손상되었습니다: {error}", "cert_file_damaged"
        ) from None
    if not found.info.key_matches(key.key):
        raise RenewalRefused("개인키가 인증서와 맞지 않습니다.", "key_mismatch")
    return OpenedCertificate(found, key, record)


LOCKED_MESSAGE = (
    "비밀번호를 5회 잘못 입력하여 이번 이용 중에는 이 인증서를 사용할 수 없습니다. "
    "비밀번호를 잊으셨다면 재발급을 받아 주세요."
)


def verify_owner(
    opened: OpenedCertificate, rrn_text: str, registry: Registry, today: dt.date
) -> tuple[Customer, Rrn]:
    """Prove the person at the kiosk owns the opened certificate: recompute its VID."""
    try:
        rrn = parse_rrn(rrn_text, today)
    except InvalidRrn as error:
        raise RenewalRefused(error.error.message, "rrn_" + error.error.name.lower()) from None
    customer = registry.find_by_rrn(rrn.digits)
    if (
        not opened.info.vid_matches(rrn.digits, opened.key.random_num)
        or customer is None
        or customer.id != opened.record.customer_id
    ):
        raise RenewalRefused(
            "주민등록번호가 인증서 소유자 정보와 일치하지 않습니다.", "vid_mismatch"
        )
    return customer, rrn
