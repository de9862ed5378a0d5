"""처리결과 확인서: what a finished service did, as the kiosk's printer puts it on paper.

Saved as a text file in the data directory's `receipts/` (the printer's output
tray). Personal data is masked; no password, PIN or code is ever on it."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kiosk.bankside.audit import masked_customer
from kiosk.certs.cert_files import FileAction
from kiosk.certs.products import FINANCIAL, fee_label, product_and_issuer
from kiosk.core.i18n import Phrase, tr
from kiosk.visit.session import (
    CloudState,
    FilesState,
    IssuanceState,
    RegisterState,
    RevokeState,
    Session,
    UnregisterState,
)

RECEIPTS_DIR = "receipts"
_WIDTH = 40


def display_width(text: str) -> int:
    """Columns `text` takes on the printer and the screen: Hangul and other wide
    characters take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` columns (str.ljust counts characters,
    so a Korean label would end up to twice as wide as the English one)."""
    return text + " " * max(0, width - display_width(text))


@dataclass(frozen=True)
class Receipt:
    service: str
    at: dt.datetime
    kiosk_id: str
    fields: tuple[tuple[str, str | Phrase], ...]

    @property
    def text(self) -> str:
        rule = "=" * _WIDTH
        rows = [
            (tr("업무"), self.service),
            (tr("처리일시"), f"{self.at:%Y-%m-%d %H:%M:%S}"),
            (tr("키오스크"), self.kiosk_id),
        ]
        rows += [(tr(label), Phrase.of(value).render()) for label, value in self.fields]
        # Every value starts in the same column, whatever language the labels are in.
        column = max(display_width(label) for label, _ in rows) + 2
        lines = [rule, tr("한빛은행 인증센터  처리결과 확인서"), rule]
        lines += [pad(label, column) + value for label, value in rows]
        lines += [
            "-" * _WIDTH,
            tr("본 확인서는 처리 결과를 알려드리는 것으로"),
            tr("증명서로 쓸 수 없습니다."),
            rule,
        ]
        return "\n".join(lines) + "\n"


def _validity(start: dt.datetime, end: dt.datetime) -> str:
    return f"{start:%Y-%m-%d} ~ {end:%Y-%m-%d}"


def for_session(session: Session, at: dt.datetime, kiosk_id: str) -> Receipt | None:
    """The receipt of the service the session has just finished, if it finished one."""
    service = session.service
    if service is None:
        return None
    fields: list[tuple[str, str | Phrase]] = [("고객", masked_customer(session.customer) or "-")]
    match session.state:
        case IssuanceState(issued=issued) if issued is not None:
            fields += [
                ("인증서", product_and_issuer(issued.product.name, issued.product.ca.display_name)),
                ("수수료", fee_label(issued.fee_paid)),
                ("일련번호", str(issued.serial)),
                ("유효기간", _validity(issued.not_before, issued.not_after)),
                ("저장매체", issued.medium.label),
            ]
            if issued.superseded is not None:
                fields.append(
                    ("폐기", Phrase("기존 인증서 {serial}", serial=str(issued.superseded)))
                )
        case RevokeState(revoked=revoked) if revoked is not None:
            reason = revoked.revoke_reason.label if revoked.revoke_reason else "기타"
            fields += [
                (
                    "인증서",
                    product_and_issuer(revoked.product.name, revoked.product.ca.display_name),
                ),
                ("수수료", fee_label(0)),
                ("일련번호", str(revoked.serial)),
                ("폐기사유", reason),
            ]
        case CloudState(result=record) if record is not None:
            fields += [
                ("인증서", product_and_issuer(FINANCIAL.name, FINANCIAL.ca.display_name)),
                ("수수료", fee_label(0)),
                ("일련번호", str(record.serial)),
                ("유효기간", _validity(record.not_before, record.not_after)),
            ]
        case RegisterState(registered=done) | UnregisterState(unregistered=done) if (
            done is not None
        ):
            fields += [
                ("인증서", product_and_issuer(done.product_name, done.ca_name)),
                ("수수료", fee_label(0)),
                ("일련번호", done.serial),
            ]
        case FilesState(outcome=outcome) if outcome is not None:
            fields += [("수수료", fee_label(0)), ("일련번호", str(outcome.serial))]
            # A copy with the phone names both ends: which medium the kiosk's copy is on,
            # and that the other end was the customer's phone.
            if outcome.action is FileAction.EXPORTED:
                fields += [("원본 저장매체", outcome.medium.label), ("보낸 곳", Phrase("휴대폰"))]
            elif outcome.action is FileAction.IMPORTED:
                fields += [("가져온 곳", Phrase("휴대폰")), ("저장매체", outcome.medium.label)]
            else:
                fields.append(("저장매체", outcome.medium.label))
        case _:
            return None
    return Receipt(service.label, at, kiosk_id, tuple(fields))


def save(data_dir: Path, receipt: Receipt, service_code: str) -> Path:
    """Write the receipt (owner-only) and return its path; never overwrites another."""
    directory = data_dir / RECEIPTS_DIR
    directory.mkdir(mode=0o700, exist_ok=True)
    stem = f"{receipt.at:%Y%m%d-%H%M%S}-{service_code}"
    for n in range(1000):
        path = directory / (f"{stem}.txt" if n == 0 else f"{stem}-{n}.txt")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(receipt.text)
        return path
    raise FileExistsError(stem)


def latest(data_dir: Path) -> Path | None:
    """The newest receipt kept in `receipts/` (names sort by time), for a reprint."""
    directory = data_dir / RECEIPTS_DIR
    try:
        kept = sorted(directory.glob("*.txt"), key=lambda path: (path.stat().st_mtime, path.name))
    except OSError:
        return None
    return kept[-1] if kept else None
