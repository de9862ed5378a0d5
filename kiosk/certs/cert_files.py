"""인증서 관리: what a customer does with the certificate files on a medium.

Details, password change, copy between media and delete. Every write lands
whole or not at all: a new key file replaces the old one in one rename, a copy
appears at its destination in one rename, a deletion moves the directory out
of the NPKI tree before removing it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import shutil
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kiosk.certs.found_certs import FoundCertificate, unlock
from kiosk.certs.records import PasswordAttempts
from kiosk.core.clock import local_time
from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.password_rules import broken_rules
from kiosk.npki import keyfile, layout
from kiosk.npki.reader import readable_dn
from kiosk.npki.revocation import Unknown
from kiosk.terminal.media import MediaBay, Medium


class FileAction(Enum):
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an outcome name
    COPIED = "copied"
    DELETED = "deleted"
    EXPORTED = "exported"  # sent to the customer's phone (the kiosk's copy stays)
    IMPORTED = "imported"  # received from the customer's phone onto a medium


@dataclass(frozen=True)
class FileOutcome:
    """What 인증서 관리 did, for the result screen and the scenario report."""

    action: FileAction
    serial: int
    directory: Path
    medium: Medium
    overwritten: bool = False


@dataclass(frozen=True)
class Detail:
    label: str
    value: str


def details(found: FoundCertificate, now: dt.datetime, data_dir: Path) -> list[Detail]:
    """The fields `kiosk cert show` prints, as a bank's 인증서 보기 lists them."""
    from kiosk.npki.relying import assess

    info = found.info
    local = now.tzinfo
    if info.is_expired(now):
        state = "만료"
    elif now < info.not_before:
        state = "유효기간 시작 전"
    else:
        state = "정상"
    assessment = assess(data_dir, info.certificate, now)
    status = assessment.revocation.status
    if status is not None and status.revoked:
        state = tr("폐기") + (f"({status.reason.label})" if status.reason else "")
    distrust = assessment.trust.distrust
    trusted = (
        tr("신뢰함")
        if distrust is None
        else tr("신뢰할 수 없음({why})", why=distrust.phrase.render())
    )
    unknown = assessment.revocation.unknown
    if status is None:
        revocation = tr("확인할 수 없음({why})", why=(unknown or Unknown.NO_CRL).phrase.render())
    else:
        revocation = tr("폐기됨") if status.revoked else tr("폐기되지 않음")
    try:
        encoding = keyfile.key_encoding(info.key_path().read_bytes()).value
    except (OSError, keyfile.KeyFileError):
        encoding = "읽을 수 없음"
    rows = [
        Detail("소유자", info.owner_name),
        Detail("구분", info.product_name or "알 수 없는 용도"),
        Detail("발급기관", found.ca_label),
        Detail("상태", state),
        Detail("신뢰", trusted),
        Detail("폐기 여부", revocation),
        Detail(
            "유효기간",
            f"{local_time(info.not_before, local):%Y-%m-%d}"
            f" ~ {local_time(info.not_after, local):%Y-%m-%d}",
        ),
        Detail("일련번호", str(info.serial)),
        Detail("정책 OID", info.policy_oid or "없음"),
        Detail("주체(DN)", readable_dn(info.certificate.subject.rfc4514_string())),
        Detail("발급자(DN)", readable_dn(info.certificate.issuer.rfc4514_string())),
        Detail("개인키 암호화", encoding),
        Detail("저장위치", found.medium.label),
    ]
    return [Detail(tr(row.label), tr(row.value)) for row in rows]


def change_password(
    found: FoundCertificate,
    old_password: str,
    new_password: str,
    confirmation: str,
    attempts: PasswordAttempts,
) -> None:
    """Re-encrypt signPri.key under a new password; the certificate is unchanged.

    The key keeps its encoding and its VID random number R, so the certificate
    still proves the same person."""
    broken = broken_rules(new_password, confirmation)
    if broken:
        raise Refused(
            RefusalCode.PASSWORD_RULE, Phrase.joined(" / ", (rule.phrase for rule in broken))
        )
    opened = unlock(found, old_password, attempts)
    if new_password == old_password:
        raise Refused(
            RefusalCode.PASSWORD_UNCHANGED,
            "새 비밀번호가 지금 비밀번호와 같습니다. 다른 비밀번호를 정해 주세요.",
        )
    if opened.random_num is None:
        raise Refused(
            RefusalCode.KEY_WITHOUT_RANDOM,
            "개인키에 본인확인 난수(R)가 없어 비밀번호를 바꿀 수 없습니다. 재발급을 받아 주세요.",
        )
    new_der = keyfile.encrypt_key(opened.key, new_password, opened.random_num, opened.encoding)
    key_path = found.info.key_path()
    temporary = key_path.with_name(f".{key_path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(new_der)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, key_path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise Refused(
            RefusalCode.MEDIUM_WRITE_FAILED,
            "저장매체에 쓰지 못해 비밀번호를 바꾸지 못했습니다. 기존 비밀번호가 그대로 유지됩니다.",
        ) from None


class CopyExists(Exception):
    """The destination medium already holds this certificate; the customer decides."""


def copy_destination(found: FoundCertificate, media: MediaBay, target: Medium) -> Path:
    ca_folder = found.info.directory.parent.parent.name
    return layout.user_dir(media.root(target), ca_folder) / found.info.directory.name


def copy(
    found: FoundCertificate, media: MediaBay, target: Medium, *, overwrite: bool = False
) -> Path:
    """Copy the certificate directory to `target`; the new directory appears whole or not at all."""
    if target is found.medium:
        raise Refused(RefusalCode.COPY_SAME_MEDIUM, "같은 저장매체로는 복사할 수 없습니다.")
    refused = media.write_refusal(target, absent=RefusalCode.MEDIUM_ABSENT)
    if refused is not None:
        raise refused
    destination = copy_destination(found, media, target)
    if destination.exists() and not overwrite:
        raise CopyExists(str(destination))
    try:
        files = {
            path.name: path.read_bytes()
            for path in sorted(found.info.directory.iterdir())
            if path.is_file()
        }
    except OSError:
        raise Refused(
            RefusalCode.MEDIUM_READ_FAILED,
            "원본 인증서를 읽지 못했습니다. 저장매체를 확인해 주세요.",
        ) from None
    try:
        layout.write_atomically(destination, files, replace=overwrite)
    except layout.MediumError:
        raise Refused(
            RefusalCode.MEDIUM_WRITE_FAILED,
            "복사하지 못했습니다. 저장매체가 분리되었거나 쓸 수 없습니다. 다시 시도해 주세요.",
        ) from None
    return destination


def delete(found: FoundCertificate) -> None:
    """Remove the certificate directory from its medium (the certificate is not revoked)."""
    directory = found.info.directory
    doomed = directory.with_name(f".staging-deleted-{secrets.token_hex(6)}")
    try:
        os.rename(directory, doomed)  # gone from the NPKI tree in one step
    except OSError:
        raise Refused(
            RefusalCode.MEDIUM_WRITE_FAILED, "삭제하지 못했습니다. 저장매체를 확인해 주세요."
        ) from None
    shutil.rmtree(doomed, ignore_errors=True)
