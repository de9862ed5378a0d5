"""Why a certificate was revoked: RFC 5280 reason codes with the words customers see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum, StrEnum

from kiosk.core.i18n import Phrase, tr


class RevocationReason(Enum):
    KEY_COMPROMISE = "keyCompromise"
    SUPERSEDED = "superseded"
    CESSATION = "cessationOfOperation"
    UNSPECIFIED = "unspecified"

    @property
    def label(self) -> str:
        return tr(_LABELS[self])


_LABELS = {
    RevocationReason.KEY_COMPROMISE: "분실·유출",
    RevocationReason.SUPERSEDED: "재발급·갱신으로 대체",
    RevocationReason.CESSATION: "사용 중지",
    RevocationReason.UNSPECIFIED: "기타",
}


@dataclass(frozen=True)
class RevocationStatus:
    revoked: bool
    reason: RevocationReason | None = None
    revoked_at: dt.datetime | None = None


class Unknown(StrEnum):
    """Why the revocation status cannot be told: the words after "unknown: "."""

    NO_CRL = "no CRL of the issuer"
    CRL_ISSUER_UNKNOWN = "CRL issuer not trusted"
    CRL_SIGNATURE = "CRL signature invalid"
    CRL_EXPIRED = "CRL past its nextUpdate"
    CRL_NOT_YET_VALID = "CRL not yet valid"

    @property
    def phrase(self) -> Phrase:
        return Phrase(_UNKNOWN[self])


_UNKNOWN = {
    Unknown.NO_CRL: "발급기관의 폐지목록(CRL)이 없습니다",
    Unknown.CRL_ISSUER_UNKNOWN: "폐지목록(CRL)의 발급기관을 신뢰할 수 없습니다",
    Unknown.CRL_SIGNATURE: "폐지목록(CRL)의 서명이 맞지 않습니다",
    Unknown.CRL_EXPIRED: "폐지목록(CRL)의 다음 갱신 시각이 지났습니다",
    Unknown.CRL_NOT_YET_VALID: "폐지목록(CRL)의 발행 시각이 아직 오지 않았습니다",
}


@dataclass(frozen=True)
class Revocation:
    """What a relying party can say about revocation: the status, or why none."""

    status: RevocationStatus | None
    unknown: Unknown | None = None

    @property
    def known(self) -> bool:
        return self.status is not None

    @property
    def revoked(self) -> bool:
        return self.status is not None and self.status.revoked

    @property
    def report(self) -> str:
        """`kiosk cert show`'s "revocation" field."""
        if self.status is None:
            return f"unknown: {(self.unknown or Unknown.NO_CRL).value}"
        return "revoked" if self.status.revoked else "good"
