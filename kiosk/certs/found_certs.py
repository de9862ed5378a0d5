"""Certificates found on the kiosk's media, and opening one with its password.

Renewal, registration and 인증서 관리 all start from a certificate directory on
a medium; this is what they share: the scan, the list label, and the password
check with the per-visit lock of DESIGN §6."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography.x509.oid import NameOID

from kiosk.certs.records import PASSWORD_ATTEMPTS_PER_VISIT, PasswordAttempts
from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.npki import layout, reader
from kiosk.npki.keyfile import KeyFileError, NpkiPrivateKey, WrongPassword
from kiosk.npki.reader import CertInfo
from kiosk.terminal.media import MediaBay, Medium

LOCKED_MESSAGE = Phrase(
    "비밀번호를 {limit}회 잘못 입력하여 이번 이용 중에는 이 인증서를 사용할 수 없습니다. "
    "비밀번호를 잊으셨다면 재발급을 받아 주세요.",
    limit=PASSWORD_ATTEMPTS_PER_VISIT,
)


@dataclass(frozen=True)
class FoundCertificate:
    """A certificate directory found on one of the kiosk's media."""

    medium: Medium
    info: CertInfo

    @property
    def ca_label(self) -> str:
        info = self.info
        if info.ca_name:
            return info.ca_name
        organisation = info.certificate.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        value = organisation[0].value if organisation else ""
        return value if isinstance(value, str) else tr("알 수 없는 기관")

    @property
    def label(self) -> str:
        product = self.info.product_name or "알 수 없는 용도"
        return tr(
            "{owner} · {product} ({ca}) · {expires} 만료 · {medium}",
            owner=self.info.owner_name,
            product=product,
            ca=self.ca_label,
            expires=f"{self.info.not_after:%Y-%m-%d}",
            medium=self.medium.label,
        )

    def list_label(self, now: dt.datetime, *, revoked: bool = False) -> str:
        """The label banks show in a certificate list, revoked and expired ones marked
        (폐기 first: a revoked certificate can never be renewed, an expired one is reissued)."""
        if revoked:
            return tr("[폐기] ") + self.label
        return (tr("[만료] ") if self.info.is_expired(now) else "") + self.label


def scan(media: MediaBay) -> list[FoundCertificate]:
    """Every readable NPKI certificate on the media that are present."""
    found = []
    for medium in Medium:
        if not media.is_present(medium):
            continue
        root = media.root(medium)
        layout.sweep_staging(root)  # what a stick pulled mid-write left behind
        for directory in layout.find_cert_dirs(root):
            try:
                found.append(FoundCertificate(medium, reader.load(directory)))
            except reader.NotNpki:
                continue  # a damaged directory is not offered
    return found


def unlock(found: FoundCertificate, password: str, attempts: PasswordAttempts) -> NpkiPrivateKey:
    """The certificate's private key, if `password` opens it and it belongs to the certificate.

    Wrong passwords are counted per visit; the fifth locks the certificate."""
    serial = found.info.serial
    if attempts.is_locked(serial):
        raise Refused(RefusalCode.CERT_PASSWORD_LOCKED, LOCKED_MESSAGE)
    try:
        key = found.info.open_key(password)
    except WrongPassword:
        count = attempts.record_failure(serial)
        if attempts.is_locked(serial):
            raise Refused(RefusalCode.CERT_PASSWORD_LOCKED, LOCKED_MESSAGE) from None
        raise Refused(
            RefusalCode.CERT_PASSWORD_WRONG,
            "인증서 비밀번호가 틀렸습니다(오류 {count}/{limit}회).",
            count=count,
            limit=PASSWORD_ATTEMPTS_PER_VISIT,
        ) from None
    except (KeyFileError, reader.NotNpki) as error:
        raise Refused(
            RefusalCode.CERT_FILE_DAMAGED, "인증서 파일이 손상되었습니다: {error}", error=str(error)
        ) from None
    if not found.info.key_matches(key.key):
        raise Refused(RefusalCode.KEY_MISMATCH, "개인키가 인증서와 맞지 않습니다.")
    return key
