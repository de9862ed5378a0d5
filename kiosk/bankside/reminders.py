"""Expiry reminders: the SMS a bank sends 30 and 7 days before a customer's
certificate or 금융인증서 expires, the prompt that brings people to 갱신.

A real bank runs this as a nightly job. The simulated bank has no scheduler, so it
sends what is due whenever it is asked about time: a visit opening, the trainer
moving the clock, a phone looking at its inbox. The books record each reminder
(one per certificate and lead time), so several kiosks and bank processes asking
at once send it once, and a clock moved past both lead times sends only the
nearer one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.certs.products import FINANCIAL, by_code
from kiosk.core.clock import KST
from kiosk.core.i18n import tr
from kiosk.storage.store import Store

LEAD_DAYS: tuple[int, ...] = (30, 7)


@dataclass(frozen=True)
class Reminder:
    serial: int
    phone: str
    days: int
    text: str


def send_due(store: Store, now: dt.datetime) -> list[Reminder]:
    """Send every reminder now due; the ones sent (none if all were sent before)."""
    sent: list[Reminder] = []
    for serial, phone, product_name, not_after in _expiring(store, now):
        left = not_after - now
        due = [days for days in LEAD_DAYS if left <= dt.timedelta(days=days)]
        if not due:
            continue
        nearest = min(due)
        text = _text(product_name, not_after, nearest)
        with store.transaction() as db:
            fresh = [
                days
                for days in due
                if db.execute(
                    "INSERT INTO expiry_reminders (serial, days, sent_at) VALUES (?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (serial, days, now.isoformat()),
                ).rowcount
                == 1
            ]
            if nearest not in fresh:
                continue  # sent before, by this process or another
            db.execute(
                "INSERT INTO sms_inbox (phone, body, sent_at) VALUES (?, ?, ?)",
                (phone, text, now.isoformat()),
            )
        sent.append(Reminder(serial, phone, nearest, text))
    return sent


def _expiring(store: Store, now: dt.datetime) -> list[tuple[int, str, str, dt.datetime]]:
    """Valid certificates of customers with a phone, not yet reminded 7 days before."""
    rows = store.db.execute(
        "SELECT c.serial, p.number, c.product, c.not_after FROM certificates c"
        " JOIN phones p ON p.customer_id = c.customer_id"
        " WHERE c.status = 'valid' AND c.revoked_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM expiry_reminders r"
        "   WHERE r.serial = c.serial AND r.days = ?)"
        " UNION ALL"
        " SELECT f.serial, p.number, ?, f.not_after FROM cloud_certificates f"
        " JOIN phones p ON p.customer_id = f.customer_id"
        " WHERE f.revoked_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM expiry_reminders r"
        "   WHERE r.serial = f.serial AND r.days = ?)",
        (min(LEAD_DAYS), FINANCIAL.code, min(LEAD_DAYS)),
    ).fetchall()
    found = []
    for row in rows:
        not_after = dt.datetime.fromisoformat(row[3])
        if not_after > now:
            found.append((int(row[0]), str(row[1]), _name(str(row[2])), not_after))
    return found


def _name(product_code: str) -> str:
    if product_code == FINANCIAL.code:
        return tr(FINANCIAL.name)
    try:
        product = by_code(product_code)
    except KeyError:
        return tr("공동인증서")
    return tr("공동인증서({name})", name=product.name)


def _text(product_name: str, not_after: dt.datetime, days: int) -> str:
    # Sent by the bank, not in a visit: in Korean, as a bank's SMS is.
    return tr(
        "[한빛은행] 고객님의 {product}가 {date}에 만료됩니다({days}일 전 안내)."
        " 인증센터(키오스크·영업점)나 인터넷뱅킹에서 갱신하세요."
        " 본인이 요청하지 않은 갱신·재발급 전화는 사기입니다.",
        product=product_name,
        date=not_after.astimezone(KST).strftime("%Y.%m.%d"),
        days=days,
    )
