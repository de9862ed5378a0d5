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


@dataclass(frozen=True)
class MediaSurvey:
    """What the media hold: the readable certificates and what the customer must be
    told about the rest (a stick without NPKI/, files that cannot be read)."""

    found: list[FoundCertificate]
    unreadable: int = 0  # certificate directories whose files could not be read
    usb_without_npki: bool = False  # a stick is in, with no NPKI folder on it

    def on(self, medium: Medium) -> list[FoundCertificate]:
        return [found for found in self.found if found.medium is medium]

    def problem(self) -> Refused | None:
        """The message for what is wrong with the media, if anything is."""
        if self.unreadable:
            return Refused(
                RefusalCode.CERT_FILES_UNREADABLE,
                "인증서 {count}개는 파일이 손상되었거나 읽을 수 없어 목록에서 뺐습니다.",
                count=self.unreadable,
            )
        if self.usb_without_npki and not self.found:
            return Refused(
                RefusalCode.USB_NO_NPKI,
                "USB에 인증서 폴더(NPKI)가 없습니다. 인증서가 저장된 USB인지 확인해 주세요.",
            )
        return None


def survey(media: MediaBay) -> MediaSurvey:
    """Every readable NPKI certificate on the media that are present, and what is wrong."""
    found: list[FoundCertificate] = []
    unreadable = 0
    without_npki = False
    for medium in Medium:
        if not media.is_present(medium):
            continue
        root = media.root(medium)
        try:
            if medium is Medium.USB and not (root / "NPKI").is_dir():
                without_npki = True
                continue
            directories = layout.find_cert_dirs(root)
        except OSError:
            unreadable += 1  # a stick pulled without unmounting answers EIO
            continue
        for directory in directories:
            try:
                found.append(FoundCertificate(medium, reader.load(directory)))
            except reader.NotNpki:
                unreadable += 1  # a damaged directory is not offered, but is told
    return MediaSurvey(found, unreadable, without_npki)


def scan(media: MediaBay) -> list[FoundCertificate]:
    """Every readable NPKI certificate on the media that are present."""
    return survey(media).found


USB_PULLED_MESSAGE = Phrase(
    "USB가 분리되었습니다. USB를 다시 연결하고 인증서를 다시 선택해 주세요."
)


def ensure_still_there(found: FoundCertificate, media: MediaBay | None = None) -> None:
    """Refuse a certificate whose stick was pulled after it was listed: its files are
    not damaged, they are simply gone with the stick (#19 item 8)."""
    if found.medium is not Medium.USB:
        return
    if (
        media is not None and not media.is_present(Medium.USB)
    ) or not found.info.directory.is_dir():
        raise Refused(RefusalCode.USB_PULLED, USB_PULLED_MESSAGE)


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
        ensure_still_there(found)
        raise Refused(
            RefusalCode.CERT_FILE_DAMAGED, "인증서 파일이 손상되었습니다: {error}", error=str(error)
        ) from None
    if not found.info.key_matches(key.key):
        raise Refused(RefusalCode.KEY_MISMATCH, "개인키가 인증서와 맞지 않습니다.")
    return key
