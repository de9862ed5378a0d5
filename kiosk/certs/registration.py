"""타기관·타행 인증서 등록/해제: certificates issued elsewhere, registered for use here.

The kiosk checks what a bank checks before accepting someone else's
certificate: it is valid today, chains to a trust anchor, is not this bank's
own, has a revocation status the CRLs can tell and is not revoked, opens with
its password, and its VID is the customer's resident number. The files stay on the customer's
medium; the bank keeps only the registration."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.certs.found_certs import FoundCertificate
from kiosk.core.clock import Clock, local_time
from kiosk.core.i18n import tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.npki.revocation import Unknown
from kiosk.people.customers import Customer
from kiosk.people.rrn import Rrn
from kiosk.storage.store import Store

if TYPE_CHECKING:
    from cryptography import x509


@dataclass(frozen=True)
class RegisteredCertificate:
    id: int
    customer_id: int
    serial: str
    subject_dn: str
    issuer_dn: str
    ca_name: str
    product_name: str
    not_after: dt.datetime
    registered_at: dt.datetime
    unregistered_at: dt.datetime | None

    @property
    def label(self) -> str:
        return tr(
            "{product} ({ca}) {expires} 만료 · 일련번호 {serial}",
            product=self.product_name,
            ca=self.ca_name,
            expires=f"{self.not_after:%Y-%m-%d}",
            serial=self.serial,
        )


def fingerprint_of(certificate: bytes) -> str:
    """SHA-256 of the certificate's DER: how the bank tells registrations apart."""
    import hashlib

    return hashlib.sha256(certificate).hexdigest()


def check_on_sight(found: FoundCertificate, now: dt.datetime) -> None:
    """Refuse what the kiosk sees without the password or the bank: validity dates."""
    info = found.info
    if info.is_expired(now):
        raise Refused(
            RefusalCode.REGISTER_EXPIRED,
            "{expires}에 만료된 인증서는 등록할 수 없습니다. "
            "발급받은 기관에서 새로 발급받아 주세요.",
            expires=f"{local_time(info.not_after, now.tzinfo):%Y-%m-%d}",
        )
    if now < info.not_before:
        raise Refused(
            RefusalCode.REGISTER_NOT_YET_VALID,
            "아직 유효기간이 시작되지 않은 인증서입니다({starts}부터 유효).",
            starts=f"{local_time(info.not_before, now.tzinfo):%Y-%m-%d %H:%M}",
        )


def check_registrable(
    found: FoundCertificate,
    now: dt.datetime,
    data_dir: Path,
    issued_here: Callable[[x509.Certificate], bool] | None = None,
) -> None:
    """What can be refused without the password: validity dates, a path to a trust
    anchor, a revocation status the bank's CRLs (`data_dir`) can tell and that is
    not revoked, and a certificate of this bank's own (`issued_here`)."""
    from kiosk.npki.relying import assess

    check_on_sight(found, now)
    certificate = found.info.certificate
    assessment = assess(data_dir, certificate, now)
    if assessment.trust.distrust is not None:
        raise Refused(
            RefusalCode.REGISTER_UNTRUSTED,
            "신뢰할 수 없는 기관의 인증서입니다({why}). 등록할 수 없습니다.",
            why=assessment.trust.distrust.phrase,
        )
    revocation = assessment.revocation
    status = revocation.status
    if status is not None and status.revoked:
        reason = status.reason.label if status.reason else "기타"
        raise Refused(
            RefusalCode.REGISTER_REVOKED,
            "폐기된 인증서입니다(사유: {reason}). 등록할 수 없습니다.",
            reason=reason,
        )
    if issued_here is not None and issued_here(certificate):
        raise Refused(
            RefusalCode.REGISTER_OWN_BANK,
            "이 은행에서 발급한 인증서입니다. 등록하지 않아도 바로 사용할 수 있습니다.",
        )
    if status is None:
        why = revocation.unknown.phrase if revocation.unknown else Unknown.NO_CRL.phrase
        raise Refused(
            RefusalCode.REGISTER_REVOCATION_UNKNOWN,
            "폐기 여부를 확인할 수 없어 등록할 수 없습니다({why}). 잠시 후 다시 시도해 주세요.",
            why=why,
        )


def _already() -> Refused:
    return Refused(
        RefusalCode.REGISTER_ALREADY,
        "이미 등록된 인증서입니다. 등록된 인증서 목록에서 확인해 주세요.",
    )


def found_in(certificate: bytes) -> FoundCertificate:
    """The certificate as the bank received it (no files: those stay on the medium)."""
    from cryptography import x509

    from kiosk.npki.reader import CertInfo
    from kiosk.terminal.media import Medium

    try:
        parsed = x509.load_der_x509_certificate(certificate)
    except ValueError:
        raise Refused(
            RefusalCode.CERT_FILE_DAMAGED,
            "인증서 파일이 손상되었습니다: {error}",
            error="signCert.der",
        ) from None
    return FoundCertificate(Medium.HARD_DISK, CertInfo(Path(), parsed))


def _row(row: sqlite3.Row) -> RegisteredCertificate:
    gone = row["unregistered_at"]
    return RegisteredCertificate(
        id=int(row["id"]),
        customer_id=int(row["customer_id"]),
        serial=str(row["serial"]),
        subject_dn=str(row["subject_dn"]),
        issuer_dn=str(row["issuer_dn"]),
        ca_name=str(row["ca_name"]),
        product_name=str(row["product_name"]),
        not_after=dt.datetime.fromisoformat(row["not_after"]),
        registered_at=dt.datetime.fromisoformat(row["registered_at"]),
        unregistered_at=None if gone is None else dt.datetime.fromisoformat(gone),
    )


class Registrations:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        data_dir: Path,
        issued_here: Callable[[x509.Certificate], bool] | None = None,
        refresh_crls: Callable[[], object] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.data_dir = data_dir
        # Whether a certificate is one this bank issued (its books and its CAs):
        # those are used here as they are, never registered.
        self.issued_here = issued_here
        # The CAs publish their CRLs again if due, so the check reads current ones.
        self.refresh_crls = refresh_crls

    def active(self, customer_id: int) -> list[RegisteredCertificate]:
        """The customer's registered certificates, newest first."""
        rows = self.store.db.execute(
            "SELECT * FROM registered_certificates WHERE customer_id = ?"
            " AND unregistered_at IS NULL ORDER BY id DESC",
            (customer_id,),
        ).fetchall()
        return [_row(row) for row in rows]

    def is_registered(self, customer_id: int, certificate: bytes) -> bool:
        row = self.store.db.execute(
            "SELECT 1 FROM registered_certificates WHERE customer_id = ? AND fingerprint = ?"
            " AND unregistered_at IS NULL",
            (customer_id, fingerprint_of(certificate)),
        ).fetchone()
        return row is not None

    def check_foreign(
        self, customer: Customer, certificate: bytes, random_num: bytes, rrn: Rrn
    ) -> str:
        """Every check of 등록 the bank makes on a certificate the kiosk opened with its
        password: readable, valid, not revoked, the customer's (VID), not yet registered.
        Its fingerprint if all pass, else Refused."""
        found = found_in(certificate)
        if self.refresh_crls is not None:
            self.refresh_crls()
        check_registrable(found, self.clock.now(), self.data_dir, self.issued_here)
        if not found.info.vid_matches(rrn.digits, random_num):
            raise Refused(
                RefusalCode.REGISTER_NOT_MINE,
                "본인의 인증서가 아닙니다. 인증서의 소유자 정보(VID)가 주민등록번호와 일치하지 않습니다.",
            )
        if self.is_registered(customer.id, certificate):
            raise _already()
        return fingerprint_of(certificate)

    def register(self, customer: Customer, certificate: bytes) -> RegisteredCertificate:
        found = found_in(certificate)
        info = found.info
        try:
            row = self.store.db.execute(
                "INSERT INTO registered_certificates (customer_id, fingerprint, serial, issuer_dn,"
                " subject_dn, ca_name, product_name, not_after, registered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
                (
                    customer.id,
                    fingerprint_of(certificate),
                    str(info.serial),
                    info.certificate.issuer.rfc4514_string(),
                    info.certificate.subject.rfc4514_string(),
                    found.ca_label,
                    info.product_name or "알 수 없는 용도",
                    info.not_after.isoformat(),
                    self.clock.now().isoformat(),
                ),
            ).fetchone()
        except self.store.integrity_errors:
            # Another kiosk registered it between the check and now.
            raise _already() from None
        return _row(row)

    def unregister(self, customer_id: int, registration_id: int) -> RegisteredCertificate:
        """End a registration; the certificate's files stay the customer's."""
        self.store.db.execute(
            "UPDATE registered_certificates SET unregistered_at = ?"
            " WHERE id = ? AND customer_id = ? AND unregistered_at IS NULL",
            (self.clock.now().isoformat(), registration_id, customer_id),
        )
        row = self.store.db.execute(
            "SELECT * FROM registered_certificates WHERE id = ? AND customer_id = ?",
            (registration_id, customer_id),
        ).fetchone()
        if row is None:
            raise KeyError(registration_id)
        return _row(row)
