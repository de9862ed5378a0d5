"""The bank's relay for 인증서 복사 between a PC or kiosk and a smartphone
(인증서 내보내기/가져오기, as every bank's app offers it).

The receiving side asks the bank for a one-time 인증번호 of 16 digits, shown as
8+8: the first eight name the relay, the last eight are a secret the bank keeps
only as a keyed hash. The sending side keys the number, seals the certificate's
files under a key stretched from the secret (kiosk/certs/copy_envelope.py) and
hands the bank the sealed bytes; the receiver collects them once. The bank never
has the secret, so it relays files it cannot open. A number is good for three
minutes and one copy; five wrong secrets void it."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

from kiosk.core.clock import Clock
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.storage.store import Store

VALID_SECONDS = 180
MAX_FAILURES = 5
# A certificate and its key are a few kilobytes; anything much bigger is not one.
MAX_PAYLOAD_BYTES = 64 * 1024
ID_DIGITS = SECRET_DIGITS = 8


@dataclass(frozen=True)
class CopyTicket:
    """What the receiving side shows: the 인증번호 and until when it is good."""

    relay_id: str
    secret: str
    expires_at: dt.datetime

    @property
    def code(self) -> str:
        return self.relay_id + self.secret

    @property
    def shown(self) -> str:
        """As the phone shows it: 1234 5678 - 9012 3456."""
        code = self.code
        return f"{code[0:4]} {code[4:8]} - {code[8:12]} {code[12:16]}"


def split_code(typed: str) -> tuple[str, str]:
    """The relay id and the secret from what the sender keyed (spaces and dashes
    allowed); Refused if it is not 16 digits."""
    digits = "".join(ch for ch in typed if ch not in " -")
    if len(digits) != ID_DIGITS + SECRET_DIGITS or not digits.isdigit():
        raise Refused(RefusalCode.COPY_CODE_SHAPE, "인증번호는 숫자 16자리입니다(8자리 + 8자리).")
    return digits[:ID_DIGITS], digits[ID_DIGITS:]


class CopyRelay:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def open(self, receiver: str) -> CopyTicket:
        """A new 인증번호 for `receiver` (who will collect: a phone or a kiosk)."""
        now = self._clock.now()
        expires = now + dt.timedelta(seconds=VALID_SECONDS)
        secret = f"{secrets.randbelow(10**SECRET_DIGITS):0{SECRET_DIGITS}d}"
        with self._store.transaction() as db:
            while True:
                relay_id = f"{secrets.randbelow(10**ID_DIGITS):0{ID_DIGITS}d}"
                inserted = db.execute(
                    "INSERT INTO copy_relays (relay_id, receiver, secret_hash, created_at,"
                    " expires_at, failures, state) VALUES (?, ?, ?, ?, ?, 0, 'waiting')"
                    " ON CONFLICT DO NOTHING",
                    (
                        relay_id,
                        receiver,
                        self._hash(relay_id, secret),
                        now.isoformat(),
                        expires.isoformat(),
                    ),
                ).rowcount
                if inserted == 1:
                    return CopyTicket(relay_id, secret, expires)

    def deposit(self, code: str, sealed: bytes) -> None:
        """The sender's sealed files, for the relay the code names. Refused for a
        code of the wrong shape, unknown, expired, already used, voided or wrong
        (counted: the fifth wrong secret voids it)."""
        relay_id, secret = split_code(code)
        if len(sealed) > MAX_PAYLOAD_BYTES:
            raise Refused(RefusalCode.COPY_TOO_LARGE, "복사할 파일이 인증서라기에는 너무 큽니다.")
        now = self._clock.now()
        with self._store.transaction() as db:
            row = db.execute(
                "SELECT secret_hash, expires_at, failures, state FROM copy_relays"
                " WHERE relay_id = ?",
                (relay_id,),
            ).fetchone()
            if row is None:
                raise Refused(
                    RefusalCode.COPY_CODE_UNKNOWN,
                    "그런 인증번호가 없습니다. 받는 쪽 화면의 번호를 다시 확인해 주세요.",
                )
            _still_open(row["state"], dt.datetime.fromisoformat(row["expires_at"]), now)
            if not hmac.compare_digest(row["secret_hash"], self._hash(relay_id, secret)):
                failures = int(row["failures"]) + 1
                voided = failures >= MAX_FAILURES
                db.execute(
                    "UPDATE copy_relays SET failures = ?, state = ? WHERE relay_id = ?",
                    (failures, "voided" if voided else "waiting", relay_id),
                )
                wrong = Refused(
                    RefusalCode.COPY_CODE_WRONG,
                    "인증번호가 틀렸습니다(오류 {failures}/{limit}회, 남은 입력 {left}회).",
                    failures=failures,
                    limit=MAX_FAILURES,
                    left=MAX_FAILURES - failures,
                )
            else:
                db.execute(
                    "UPDATE copy_relays SET payload = ?, state = 'deposited' WHERE relay_id = ?",
                    (sealed, relay_id),
                )
                return
        # Outside the transaction, so the count is committed with the refusal.
        raise wrong

    def collect(self, relay_id: str, receiver: str) -> bytes | None:
        """The sealed files once the sender has deposited them (then never again);
        None while the receiver still waits. Refused when the number expired."""
        now = self._clock.now()
        with self._store.transaction() as db:
            row = db.execute(
                "SELECT receiver, expires_at, state, payload FROM copy_relays WHERE relay_id = ?",
                (relay_id,),
            ).fetchone()
            if row is None or row["receiver"] != receiver:
                raise Refused(RefusalCode.COPY_CODE_UNKNOWN, "그런 인증번호가 없습니다.")
            if row["state"] == "deposited":
                db.execute(
                    "UPDATE copy_relays SET payload = NULL, state = 'collected' WHERE relay_id = ?",
                    (relay_id,),
                )
                return bytes(row["payload"])
            _still_open(row["state"], dt.datetime.fromisoformat(row["expires_at"]), now)
            return None

    def _hash(self, relay_id: str, secret: str) -> str:
        return self._store.keyed_hash(f"copy:{relay_id}:{secret}")


def _still_open(state: str, expires_at: dt.datetime, now: dt.datetime) -> None:
    if state == "voided":
        raise Refused(
            RefusalCode.COPY_CODE_VOIDED,
            "인증번호를 {limit}회 틀려 더 쓸 수 없습니다. 받는 쪽에서 새 인증번호를 받으세요.",
            limit=MAX_FAILURES,
        )
    if state in ("deposited", "collected"):
        raise Refused(RefusalCode.COPY_CODE_USED, "이미 사용한 인증번호입니다.")
    if now > expires_at:
        raise Refused(
            RefusalCode.COPY_CODE_EXPIRED,
            "인증번호의 유효시간(3분)이 지났습니다. 받는 쪽에서 새 인증번호를 받으세요.",
        )
