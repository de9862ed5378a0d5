"""Why a certificate was revoked: RFC 5280 reason codes with the words customers see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from kiosk.core.i18n import tr


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
