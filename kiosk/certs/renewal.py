"""갱신 rules: only from 30 days before expiry until expiry; one more year from the old expiry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from kiosk.certs.found_certs import FoundCertificate, unlock
from kiosk.certs.records import CertificateRecords, PasswordAttempts, StoredCertificate
from kiosk.core.clock import local_time
from kiosk.core.i18n import Phrase
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.npki.keyfile import NpkiPrivateKey
from kiosk.npki.reader import CertInfo
from kiosk.people.customers import Customer, Registry
from kiosk.people.rrn import InvalidRrn, Rrn
from kiosk.people.rrn import parse as parse_rrn

if TYPE_CHECKING:
    from cryptography import x509

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
    def phrase(self) -> Phrase:
        if self.state is RenewalState.TOO_EARLY:
            return Phrase(
                "갱신은 만료 {days}일 전부터 할 수 있습니다. "
                "{opens}부터 갱신해 주세요(만료일 {expires}).",
                days=RENEWAL_WINDOW_DAYS,
                opens=f"{self.opens_on:%Y-%m-%d}",
                expires=f"{self.expires_on:%Y-%m-%d}",
            )
        if self.state is RenewalState.EXPIRED:
            return Phrase(
                "{expires}에 만료된 인증서는 갱신할 수 없습니다. 신규 발급을 받아 주세요.",
                expires=f"{self.expires_on:%Y-%m-%d}",
            )
        return Phrase(
            "갱신할 수 있습니다(만료일 {expires}).", expires=f"{self.expires_on:%Y-%m-%d}"
        )

    @property
    def message(self) -> str:
        return self.phrase.render()


def window(not_after: dt.datetime, now: dt.datetime) -> RenewalWindow:
    local_expiry = local_time(not_after, now.tzinfo)
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


@dataclass(frozen=True)
class OpenedCertificate:
    """A certificate opened with its password, with the bank's record of it."""

    found: FoundCertificate
    key: NpkiPrivateKey = field(repr=False)
    record: StoredCertificate

    @property
    def info(self) -> CertInfo:
        return self.found.info


def check_renewable(found: FoundCertificate, records: CertificateRecords) -> StoredCertificate:
    """The bank's record if `found` may be renewed today, else Refused saying why."""
    return check_renewable_record(found.info.certificate, records)


def check_trusted(certificate: x509.Certificate, records: CertificateRecords) -> None:
    """The certificate chains to a trust anchor (kiosk.npki.trust): a copy made to
    look like this bank's, signed by another key, is refused."""
    from kiosk.npki.relying import assess

    distrust = assess(records.data_dir, certificate, records.clock.now()).trust.distrust
    if distrust is not None:
        raise Refused(
            RefusalCode.CERT_UNTRUSTED,
            "신뢰할 수 없는 인증서입니다({why}). 발급한 기관에 문의해 주세요.",
            why=distrust.phrase,
        )


def check_renewable_record(
    certificate: x509.Certificate, records: CertificateRecords
) -> StoredCertificate:
    record = records.get(certificate.serial_number)
    if record is None or certificate.issuer not in records.cas.issuer_names():
        raise Refused(
            RefusalCode.OTHER_INSTITUTION,
            "다른 기관에서 발급한 인증서입니다. 발급한 기관에서 갱신해 주세요.",
        )
    check_trusted(certificate, records)
    if record.revoked:
        reason = record.revoke_reason.label if record.revoke_reason else "기타"
        raise Refused(
            RefusalCode.REVOKED,
            "폐기된 인증서입니다(사유: {reason}). 갱신할 수 없습니다.",
            reason=reason,
        )
    state = window(record.not_after, records.clock.now())
    if state.state is not RenewalState.OPEN:
        raise Refused(RefusalCode.of_status("renew", state.state), state.phrase)
    return record


def open_certificate(
    found: FoundCertificate, password: str, attempts: PasswordAttempts, records: CertificateRecords
) -> OpenedCertificate:
    record = check_renewable(found, records)
    return OpenedCertificate(found, unlock(found, password, attempts), record)


def verify_owner(
    opened: OpenedCertificate, rrn_text: str, registry: Registry, today: dt.date
) -> tuple[Customer, Rrn]:
    """Prove the person at the kiosk owns the opened certificate: recompute its VID."""
    return owner_of(opened.info, opened.key.random_num, opened.record, rrn_text, registry, today)


def owner_of(
    info: CertInfo,
    random_num: bytes | None,
    record: StoredCertificate | None,
    rrn_text: str,
    registry: Registry,
    today: dt.date,
) -> tuple[Customer, Rrn]:
    """The customer whose resident number, with the key file's R, gives the
    certificate's VID, if the bank's `record` of it is theirs (Refused)."""
    try:
        rrn = parse_rrn(rrn_text, today)
    except InvalidRrn as error:
        raise Refused(RefusalCode.of_status("rrn", error.error), error.error.phrase) from None
    customer = registry.find_by_rrn(rrn.digits)
    if (
        record is None
        or not info.vid_matches(rrn.digits, random_num)
        or customer is None
        or customer.id != record.customer_id
    ):
        raise Refused(
            RefusalCode.VID_MISMATCH, "주민등록번호가 인증서 소유자 정보와 일치하지 않습니다."
        )
    return customer, rrn
