"""The audit log: every service outcome and refusal, append-only in the store.

Entries hold a reason code and masked personal data only: never a password,
PIN, one-time code or full resident number (codes, not messages, because a
message can echo what the customer typed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.core.clock import Clock
from kiosk.people.customers import Customer, masked_name
from kiosk.storage.store import Store


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    kiosk_id: str
    service: str
    customer: str
    outcome: str
    reason: str

    @property
    def line(self) -> str:
        reason = f" ({self.reason})" if self.reason else ""
        return (
            f"{self.at:%Y-%m-%d %H:%M:%S} {self.kiosk_id} {self.service} "
            f"{self.customer or '-'} {self.outcome}{reason}"
        )


def masked_customer(customer: Customer | None) -> str:
    """김*준 850315-1******: enough for staff to recognise a visit, not to identify anyone."""
    if customer is None:
        return ""
    return f"{masked_name(customer.name)} {customer.rrn_masked}"


class AuditLog:
    def __init__(self, store: Store, clock: Clock, kiosk_id: str) -> None:
        self.store = store
        self.clock = clock
        self.kiosk_id = kiosk_id

    def record(
        self,
        service: str,
        outcome: str,
        customer: Customer | None = None,
        reason: str = "",
        kiosk_id: str | None = None,
    ) -> None:
        self.store.db.execute(
            "INSERT INTO audit_log (at, kiosk_id, service, customer, outcome, reason)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                self.clock.now().isoformat(timespec="seconds"),
                kiosk_id or self.kiosk_id,
                service,
                masked_customer(customer),
                outcome,
                reason,
            ),
        )

    def latest(self, limit: int = 50) -> list[AuditEntry]:
        return self.entries(limit=limit)

    def entries(
        self, kiosk: str | None = None, code: str | None = None, limit: int | None = None
    ) -> list[AuditEntry]:
        """Newest first; of one kiosk, and with one code as its service, outcome or
        reason (a reason's code is its first word: `training_disabled area/name`)."""
        where: list[str] = []
        values: list[object] = []
        if kiosk is not None:
            where.append("kiosk_id = ?")
            values.append(kiosk)
        if code is not None:
            prefix = code + " "
            where.append("(service = ? OR outcome = ? OR reason = ? OR substr(reason, 1, ?) = ?)")
            values += [code, code, code, len(prefix), prefix]
        sql = "SELECT * FROM audit_log"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            values.append(limit)
        rows = self.store.db.execute(sql, tuple(values)).fetchall()
        return [
            AuditEntry(
                at=dt.datetime.fromisoformat(row["at"]),
                kiosk_id=row["kiosk_id"],
                service=row["service"],
                customer=row["customer"],
                outcome=row["outcome"],
                reason=row["reason"],
            )
            for row in rows
        ]

    def kiosks(self) -> list[str]:
        rows = self.store.db.execute("SELECT DISTINCT kiosk_id FROM audit_log").fetchall()
        return sorted(row["kiosk_id"] for row in rows)

    def codes(self) -> list[str]:
        """The services, outcomes and reasons' codes the log holds (what staff filter by)."""
        found: set[str] = set()
        rows = self.store.db.execute(
            "SELECT service AS code FROM audit_log UNION SELECT outcome FROM audit_log"
            " UNION SELECT reason FROM audit_log"
        ).fetchall()
        found.update(str(row["code"]).partition(" ")[0] for row in rows)
        found.discard("")
        return sorted(found)
