"""전자금융사기 예방 on the bank's side: the calls the customer's phone took, and
the rule that holds a 재발급 a phone call may have talked the customer into.

The scam the classroom teaches (기관 사칭형 보이스피싱): a caller posing as the
bank, the police or a prosecutor says the customer's certificate was misused and
must be re-issued now, and asks for the code the bank then texts. With the code
and the customer's ID details the caller finishes a 재발급 elsewhere. Banks answer
with what this module models:

- every 재발급 asked is announced by SMS to the customer's own phone, whatever the
  channel (the customer who did not ask reports it at once);
- the bank's app on the customer's phone tells the bank's fraud detection (FDS)
  of calls from numbers the phone does not know (not the bank's own, none in the
  phone's contacts — a training phone has none): a 재발급 asked within
  RECENT_CALL of such a call is held, and the kiosk shows the customer a warning
  that must be answered. 중단 ends it; 계속 is the customer's word, recorded;
- the 2-channel rule (kiosk/bankside/visits.py): a phone channel and a security
  medium, so a caller with one code cannot finish alone.

The rule holds on the bank's side: a visit whose warning is not answered with 계속
gets no 인가코드, whatever the kiosk's screens did."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.core.clock import KST
from kiosk.core.i18n import tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.storage.store import Store

# How long after a call from an unknown number a 재발급 is held for the warning:
# scams push the victim to the kiosk or the website while still on the line.
RECENT_CALL = dt.timedelta(minutes=30)

# The bank's own numbers: its calls (ARS, 상담) are not strangers'.
BANK_NUMBERS = frozenset({"1588-0000", "1588-0001"})
REPORT_NUMBER = "1588-0000"

PENDING, STOPPED, CONTINUED = "pending", "stopped", "continued"


@dataclass(frozen=True)
class PhoneCall:
    """A call the customer's phone took: who called, when, what the caller said."""

    caller: str
    at: dt.datetime
    script: str  # the caller's words, in Korean (shown through the catalog)

    @property
    def unknown(self) -> bool:
        return self.caller not in BANK_NUMBERS


@dataclass(frozen=True)
class FraudWarning:
    """Why a 재발급 is held: the unknown number that called, and how long ago."""

    caller: str
    called_at: dt.datetime
    minutes_ago: int


def record_call(store: Store, phone: str, caller: str, script: str, now: dt.datetime) -> None:
    """A call reached `phone` (as the bank's app on it reports calls)."""
    store.db.execute(
        "INSERT INTO phone_calls (phone, caller, script, at) VALUES (?, ?, ?, ?)",
        (phone, caller, script, now.isoformat()),
    )


def calls(store: Store, phone: str, limit: int = 3) -> list[PhoneCall]:
    """The phone's latest calls, newest first."""
    rows = store.db.execute(
        "SELECT caller, script, at FROM phone_calls WHERE phone = ? ORDER BY id DESC LIMIT ?",
        (phone, limit),
    ).fetchall()
    return [
        PhoneCall(str(row["caller"]), dt.datetime.fromisoformat(row["at"]), str(row["script"]))
        for row in rows
    ]


def recent_unknown_call(store: Store, phone: str, now: dt.datetime) -> PhoneCall | None:
    """The latest call from an unknown number within RECENT_CALL before `now`."""
    since = (now - RECENT_CALL).isoformat()
    rows = store.db.execute(
        "SELECT caller, script, at FROM phone_calls WHERE phone = ? AND at > ? AND at <= ?"
        " ORDER BY id DESC",
        (phone, since, now.isoformat()),
    ).fetchall()
    for row in rows:
        call = PhoneCall(
            str(row["caller"]), dt.datetime.fromisoformat(row["at"]), str(row["script"])
        )
        if call.unknown:
            return call
    return None


def reissue_notice(product: str, now: dt.datetime) -> str:
    """The SMS announcing a 재발급 (sent by the bank, as a bank's SMS is: in the
    language of the moment it is sent)."""
    return tr(
        "[한빛은행] {at} 고객님의 {product} 재발급이 신청되었습니다."
        " 본인이 아닌 경우 즉시 신고({number})하세요."
        " 은행·경찰·검찰은 전화로 인증서 재발급이나 인증번호를 요구하지 않습니다.",
        at=now.astimezone(KST).strftime("%m/%d %H:%M"),
        product=product,
        number=REPORT_NUMBER,
    )


def check_reissue(
    store: Store, visit: str, phone: str | None, product: str, now: dt.datetime
) -> FraudWarning | None:
    """A 재발급 asked in `visit`: the notice to the customer's phone (once a visit),
    and the warning if an unknown number called within RECENT_CALL (held until
    answered). Asked again in the same visit, the warning stands as answered."""
    with store.transaction() as db:
        first = (
            db.execute(
                "INSERT INTO reissue_checks (visit_id, asked_at, answer) VALUES (?, ?, '')"
                " ON CONFLICT DO NOTHING",
                (visit, now.isoformat()),
            ).rowcount
            == 1
        )
        if first and phone is not None:
            db.execute(
                "INSERT INTO sms_inbox (phone, body, sent_at) VALUES (?, ?, ?)",
                (phone, reissue_notice(product, now), now.isoformat()),
            )
    call = None if phone is None else recent_unknown_call(store, phone, now)
    if call is None:
        return None
    store.db.execute(
        "UPDATE reissue_checks SET caller = ?, answer = ? WHERE visit_id = ? AND answer = ''",
        (call.caller, PENDING, visit),
    )
    minutes = max(0, int((now - call.at).total_seconds() // 60))
    return FraudWarning(call.caller, call.at, minutes)


def answer(store: Store, visit: str, go_on: bool) -> str:
    """The customer's answer to the visit's warning: STOPPED or CONTINUED. A visit
    that stopped stays stopped (a 재발급 stopped is asked again in a new visit)."""
    row = store.db.execute(
        "SELECT answer FROM reissue_checks WHERE visit_id = ?", (visit,)
    ).fetchone()
    if row is None or row["answer"] == "":
        raise Refused(
            RefusalCode.FRAUD_WARNING_OPEN,
            "사기 예방 확인이 필요한 재발급이 아닙니다. 처음부터 다시 해 주세요.",
        )
    if row["answer"] == STOPPED:
        return STOPPED
    given = CONTINUED if go_on else STOPPED
    store.db.execute("UPDATE reissue_checks SET answer = ? WHERE visit_id = ?", (given, visit))
    return given


def require_cleared(store: Store, visit: str) -> None:
    """Refused while the visit's 재발급 is held: warned and not answered with 계속."""
    row = store.db.execute(
        "SELECT answer FROM reissue_checks WHERE visit_id = ?", (visit,)
    ).fetchone()
    if row is not None and row["answer"] in (PENDING, STOPPED):
        raise Refused(
            RefusalCode.FRAUD_WARNING_OPEN,
            "사기 의심 전화 경고에 답하지 않았거나 재발급을 중단했습니다. 처음부터 다시 해 주세요.",
        )
