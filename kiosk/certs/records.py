"""The bank's record of the certificates it issued, and revoking them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.certs import products
from kiosk.certs.attempts import PASSWORD_ATTEMPTS_PER_VISIT as PASSWORD_ATTEMPTS_PER_VISIT
from kiosk.certs.attempts import PasswordAttempts as PasswordAttempts
from kiosk.certs.products import Product
from kiosk.core.clock import Clock
from kiosk.core.i18n import tr
from kiosk.npki.revocation import RevocationReason
from kiosk.storage.store import Store
from kiosk.terminal.media import Medium

if TYPE_CHECKING:
    from kiosk.npki.ca import CaHierarchy


class Lifetime:
    """What any certificate record (공동 or 금융) says of its life: revoked, expired."""

    not_after: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: dt.datetime) -> bool:
        return now > self.not_after


@dataclass(frozen=True)
class StoredCertificate(Lifetime):
    serial: int
    customer_id: int
    product: Product
    subject_dn: str
    not_before: dt.datetime
    not_after: dt.datetime
    medium: Medium
    directory: Path
    revoked_at: dt.datetime | None
    revoke_reason: RevocationReason | None

    @property
    def label(self) -> str:
        return tr(
            "{product} ({ca}) {expires} 만료 · 일련번호 {serial}",
            product=self.product.name,
            ca=self.product.ca.display_name,
            expires=f"{self.not_after:%Y-%m-%d}",
            serial=self.serial,
        )


def revocation_of(row: Mapping[str, object]) -> tuple[dt.datetime | None, RevocationReason | None]:
    """When and why a certificate row (공동 or 금융) was revoked, if it was."""
    revoked_at, reason = row["revoked_at"], row["revoke_reason"]
    return (
        None if revoked_at is None else dt.datetime.fromisoformat(str(revoked_at)),
        None if reason is None else RevocationReason(str(reason)),
    )


def _row_to_cert(row: dict[str, object]) -> StoredCertificate:
    revoked_at, reason = revocation_of(row)
    return StoredCertificate(
        serial=int(str(row["serial"])),
        customer_id=int(str(row["customer_id"])),
        product=products.by_code(str(row["product"])),
        subject_dn=str(row["subject_dn"]),
        not_before=dt.datetime.fromisoformat(str(row["not_before"])),
        not_after=dt.datetime.fromisoformat(str(row["not_after"])),
        medium=Medium(str(row["medium"])),
        directory=Path(str(row["directory"])),
        revoked_at=revoked_at,
        revoke_reason=reason,
    )


class CertificateRecords:
    def __init__(
        self, store: Store, cas: Callable[[], CaHierarchy], data_dir: Path, clock: Clock
    ) -> None:
        self.store = store
        self._cas = cas
        self.data_dir = data_dir
        self.clock = clock

    @property
    def cas(self) -> CaHierarchy:
        return self._cas()

    def get(self, serial: int) -> StoredCertificate | None:
        row = self.store.db.execute(
            "SELECT * FROM certificates WHERE serial = ?", (serial,)
        ).fetchone()
        return None if row is None else _row_to_cert(dict(row))

    def usable(self, customer_id: int) -> list[StoredCertificate]:
        """The customer's certificates that are neither revoked nor expired, newest first."""
        now = self.clock.now()
        rows = self.store.db.execute(
            "SELECT * FROM certificates WHERE customer_id = ? AND revoked_at IS NULL"
            " ORDER BY issued_at DESC",
            (customer_id,),
        ).fetchall()
        found = [_row_to_cert(dict(row)) for row in rows]
        return [cert for cert in found if not cert.is_expired(now)]

    def in_use(self, customer_id: int, product: Product) -> StoredCertificate | None:
        """The customer's delivered, unrevoked, unexpired certificate of `product`, if any
        (one signed and still being written is not in use yet: its fee is owed)."""
        now = self.clock.now()
        rows = self.store.db.execute(
            "SELECT * FROM certificates WHERE customer_id = ? AND product = ?"
            " AND status = 'valid' AND revoked_at IS NULL ORDER BY issued_at DESC",
            (customer_id, product.code),
        ).fetchall()
        found = [_row_to_cert(dict(row)) for row in rows]
        return next((cert for cert in found if not cert.is_expired(now)), None)

    def revoke(self, serial: int, reason: RevocationReason) -> StoredCertificate:
        """Revoke and republish the CRLs. Revoking twice keeps the first reason."""
        from kiosk.npki import crl  # cryptography loads on first use, not at start-up

        now = self.clock.now()
        self.store.db.execute(
            "UPDATE certificates SET revoked_at = ?, revoke_reason = ?, status = 'revoked'"
            " WHERE serial = ? AND revoked_at IS NULL",
            (now.isoformat(), reason.value, serial),
        )
        crl.publish(self.store, self.cas, self.data_dir, now)
        revoked = self.get(serial)
        if revoked is None:
            raise KeyError(serial)
        return revoked
