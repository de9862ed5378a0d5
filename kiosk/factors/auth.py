"""Extra authentication: SMS one-time codes and OTP tokens, with the limits of DESIGN §6.

Counters, used codes and locks live in the store, so they survive a restart
and are shared by every kiosk process on the same data directory."""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from kiosk.core.clock import Clock
from kiosk.core.i18n import Phrase, tr, with_failures
from kiosk.people.customers import Customer
from kiosk.storage.store import Store

if TYPE_CHECKING:
    import pyotp

SMS_VALID_SECONDS = 180
SMS_MAX_FAILURES = 5
SMS_SENDS_PER_WINDOW = 5
SMS_SEND_WINDOW_SECONDS = 600
OTP_MAX_FAILURES = 10
OTP_STEP_SECONDS = 30
CODE_DIGITS = 6


class AuthStatus(Enum):
    OK = "인증되었습니다."
    MALFORMED = "인증번호 6자리 숫자를 입력해 주세요."
    WRONG = "인증번호가 일치하지 않습니다."
    EXPIRED = "인증 시간이 초과되었습니다. 인증번호를 다시 받아 주세요."
    USED = "이미 사용된 인증번호입니다. 인증번호를 다시 받아 주세요."
    VOIDED = "인증번호를 {limit}회 잘못 입력하여 무효가 되었습니다. 인증번호를 다시 받아 주세요."
    REPLAYED = "이미 사용한 OTP 번호입니다. 다음 번호가 나오면 입력해 주세요."
    LOCKED = "OTP 오류 {limit}회로 사용이 정지되었습니다. 영업점 창구에서 해제해 주세요."
    NO_PHONE = "등록된 휴대폰이 없어 SMS 인증을 할 수 없습니다."
    NO_TOKEN = "등록된 OTP가 없습니다."
    SEND_LIMIT = "인증번호 발송 한도를 초과했습니다. {minutes}분 뒤에 다시 시도해 주세요."

    @property
    def phrase(self) -> Phrase:
        """The message, its limits filled from the rules they state."""
        return Phrase(self.value, **_AUTH_LIMITS.get(self, {}))


@dataclass(frozen=True)
class AuthResult:
    status: AuthStatus
    failures: int = 0
    limit: int = 0

    @property
    def ok(self) -> bool:
        return self.status is AuthStatus.OK

    @property
    def phrase(self) -> Phrase:
        if self.status in (AuthStatus.WRONG, AuthStatus.REPLAYED) and self.limit:
            return with_failures(self.status.phrase, self.failures, self.limit)
        return self.status.phrase

    @property
    def message(self) -> str:
        return self.phrase.render()


_AUTH_LIMITS: dict[AuthStatus, dict[str, int]] = {
    AuthStatus.VOIDED: {"limit": SMS_MAX_FAILURES},
    AuthStatus.LOCKED: {"limit": OTP_MAX_FAILURES},
    AuthStatus.SEND_LIMIT: {"minutes": SMS_SEND_WINDOW_SECONDS // 60},
}


@dataclass(frozen=True)
class SmsChallenge:
    id: int
    phone: str
    expires_at: dt.datetime


class SendRefused(Exception):
    def __init__(self, status: AuthStatus) -> None:
        super().__init__(status.phrase.render())
        self.status = status


def is_code_shaped(code: str) -> bool:
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


class Authenticator:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    # --- SMS -------------------------------------------------------------------

    def send_sms(self, phone: str) -> SmsChallenge:
        now = self.clock.now()
        since = (now - dt.timedelta(seconds=SMS_SEND_WINDOW_SECONDS)).isoformat()
        with self.store.transaction() as db:
            sent = db.execute(
                "SELECT COUNT(*) FROM sms_codes WHERE phone = ? AND sent_at > ?", (phone, since)
            ).fetchone()[0]
            if sent >= SMS_SENDS_PER_WINDOW:
                raise SendRefused(AuthStatus.SEND_LIMIT)
            code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
            challenge_id = int(
                db.execute(
                    "INSERT INTO sms_codes (phone, code_hash, sent_at) VALUES (?, ?, ?) RETURNING id",
                    (phone, self.store.keyed_hash("sms:" + code), now.isoformat()),
                ).fetchone()[0]
            )
            db.execute(
                "INSERT INTO sms_inbox (phone, body, sent_at) VALUES (?, ?, ?)",
                (
                    phone,
                    tr("[한빛은행] 인증번호 [{code}]를 입력해 주세요. 타인 노출 금지", code=code),
                    now.isoformat(),
                ),
            )
        return SmsChallenge(challenge_id, phone, now + dt.timedelta(seconds=SMS_VALID_SECONDS))

    def verify_sms(self, challenge_id: int, code: str) -> AuthResult:
        if not is_code_shaped(code):
            return AuthResult(AuthStatus.MALFORMED)
        now = self.clock.now()
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT code_hash, sent_at, failures, used FROM sms_codes WHERE id = ?",
                (challenge_id,),
            ).fetchone()
            if row is None:
                return AuthResult(AuthStatus.EXPIRED)
            if row["used"]:
                return AuthResult(AuthStatus.USED)
            if row["failures"] >= SMS_MAX_FAILURES:
                return AuthResult(AuthStatus.VOIDED)
            sent_at = dt.datetime.fromisoformat(row["sent_at"])
            if (now - sent_at).total_seconds() > SMS_VALID_SECONDS:
                return AuthResult(AuthStatus.EXPIRED)
            if hmac.compare_digest(row["code_hash"], self.store.keyed_hash("sms:" + code)):
                db.execute("UPDATE sms_codes SET used = 1 WHERE id = ?", (challenge_id,))
                return AuthResult(AuthStatus.OK)
            failures = row["failures"] + 1
            db.execute("UPDATE sms_codes SET failures = ? WHERE id = ?", (failures, challenge_id))
        if failures >= SMS_MAX_FAILURES:
            return AuthResult(AuthStatus.VOIDED, failures, SMS_MAX_FAILURES)
        return AuthResult(AuthStatus.WRONG, failures, SMS_MAX_FAILURES)

    def inbox(self, phone: str, limit: int = 5) -> list[tuple[dt.datetime, str]]:
        """The newest messages on the customer's (simulated) phone."""
        rows = self.store.db.execute(
            "SELECT sent_at, body FROM sms_inbox WHERE phone = ? ORDER BY id DESC LIMIT ?",
            (phone, limit),
        ).fetchall()
        return [(dt.datetime.fromisoformat(r["sent_at"]), r["body"]) for r in rows]

    # --- OTP -------------------------------------------------------------------

    def _token(self, customer_id: int) -> tuple[pyotp.TOTP, int, bool, int] | None:
        row = self.store.db.execute(
            "SELECT secret, failures, locked, last_step FROM otp_tokens WHERE customer_id = ?",
            (customer_id,),
        ).fetchone()
        if row is None:
            return None
        import pyotp  # here, not at start: the home screen asks no OTP

        totp = pyotp.TOTP(row["secret"], digits=CODE_DIGITS, interval=OTP_STEP_SECONDS)
        return totp, row["failures"], bool(row["locked"]), row["last_step"]

    def otp_locked(self, customer_id: int) -> bool:
        token = self._token(customer_id)
        return token is not None and token[2]

    def otp_failures(self, customer_id: int) -> int:
        token = self._token(customer_id)
        return 0 if token is None else token[1]

    def current_otp(self, customer_id: int) -> tuple[str, int] | None:
        """What the customer's token shows now, and the seconds until it changes."""
        token = self._token(customer_id)
        if token is None:
            return None
        now = self.clock.now()
        code = token[0].at(now)
        left = OTP_STEP_SECONDS - int(now.timestamp()) % OTP_STEP_SECONDS
        return code, left

    def verify_otp(self, customer_id: int, code: str) -> AuthResult:
        if not is_code_shaped(code):
            return AuthResult(AuthStatus.MALFORMED)
        # One transaction: two kiosk processes must not both accept the same code.
        with self.store.transaction() as db:
            token = self._token(customer_id)
            if token is None:
                return AuthResult(AuthStatus.NO_TOKEN)
            totp, failures, locked, last_step = token
            if locked:
                return AuthResult(AuthStatus.LOCKED, failures, OTP_MAX_FAILURES)
            now_step = int(self.clock.now().timestamp()) // OTP_STEP_SECONDS
            matched = None
            for step in (now_step - 1, now_step, now_step + 1):  # ±1 step for clock drift
                if hmac.compare_digest(totp.generate_otp(step), code):
                    matched = step
                    break
            if matched is not None and not self._used(customer_id, matched, now_step, last_step):
                db.execute(
                    "UPDATE otp_tokens SET failures = 0, last_step = ? WHERE customer_id = ?",
                    (matched, customer_id),
                )
                db.execute(
                    "INSERT INTO otp_used_steps (customer_id, step) VALUES (?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (customer_id, matched),
                )
                return AuthResult(AuthStatus.OK)
            # A replayed code counts as an error: someone may be reading over a shoulder.
            failures += 1
            now_locked = failures >= OTP_MAX_FAILURES
            db.execute(
                "UPDATE otp_tokens SET failures = ?, locked = ? WHERE customer_id = ?",
                (failures, int(now_locked), customer_id),
            )
        if now_locked:
            return AuthResult(AuthStatus.LOCKED, failures, OTP_MAX_FAILURES)
        status = AuthStatus.REPLAYED if matched is not None else AuthStatus.WRONG
        return AuthResult(status, failures, OTP_MAX_FAILURES)

    def _used(self, customer_id: int, matched: int, now_step: int, last_step: int) -> bool:
        """Whether a code of step `matched` would be a replay: a code was accepted
        for it or a later step that the clock has reached (within the ±1 window).
        Steps accepted while a trainer's clock stood further on do not count until
        the clock is there again: moved back, the token's codes still work, and
        moved on again, no code used there works twice."""
        reach = now_step + 1
        if matched <= last_step <= reach:
            return True
        row = self.store.db.execute(
            "SELECT 1 FROM otp_used_steps WHERE customer_id = ? AND step >= ? AND step <= ?",
            (customer_id, matched, reach),
        ).fetchone()
        return row is not None

    def locked_otp_customers(self) -> list[Customer]:
        """Customers whose token is locked: what the counter sees before unlocking one."""
        rows = self.store.db.execute(
            "SELECT c.id, c.name, c.rrn_masked FROM customers c"
            " JOIN otp_tokens t ON t.customer_id = c.id WHERE t.locked = 1 ORDER BY c.id"
        ).fetchall()
        return [Customer(row["id"], row["name"], row["rrn_masked"]) for row in rows]

    def unlock_otp(self, customer_id: int) -> None:
        """What the branch counter does for a locked token."""
        self.store.db.execute(
            "UPDATE otp_tokens SET failures = 0, locked = 0 WHERE customer_id = ?", (customer_id,)
        )


# --- ARS --------------------------------------------------------------------------

ARS_WINDOW_SECONDS = 120
ARS_CALLS_PER_VISIT = 3


class ArsStatus(Enum):
    RINGING = "ringing"
    PASSED = "passed"
    WRONG = "wrong"
    EXPIRED = "expired"

    @property
    def phrase(self) -> Phrase:
        return Phrase(_ARS_MESSAGES[self])

    @property
    def message(self) -> str:
        return self.phrase.render()

    def last_call_phrase(self, limit: int) -> Phrase:
        """What a failed call says when it was the visit's last: no new call to ask for."""
        return Phrase(_ARS_LAST_CALL_MESSAGES[self], limit=limit)


_ARS_LAST_CALL_MESSAGES = {
    ArsStatus.RINGING: "전화를 받으시면 화면의 번호를 누르세요.",
    ArsStatus.PASSED: "ARS 인증이 완료되었습니다.",
    ArsStatus.WRONG: "휴대폰에서 누른 번호가 화면의 번호와 다릅니다. "
    "ARS 전화는 한 번 이용에 {limit}회까지입니다. 다른 인증 방법을 선택해 주세요.",
    ArsStatus.EXPIRED: "인증 시간이 초과되었습니다. "
    "ARS 전화는 한 번 이용에 {limit}회까지입니다. 다른 인증 방법을 선택해 주세요.",
}

_ARS_MESSAGES = {
    ArsStatus.RINGING: "전화를 받으시면 화면의 번호를 누르세요.",
    ArsStatus.PASSED: "ARS 인증이 완료되었습니다.",
    ArsStatus.WRONG: "휴대폰에서 누른 번호가 화면의 번호와 다릅니다. 다시 전화를 요청해 주세요.",
    ArsStatus.EXPIRED: "인증 시간이 초과되었습니다. 다시 전화를 요청해 주세요.",
}


@dataclass(frozen=True)
class ArsCall:
    id: int
    phone: str
    digits: str  # shown on the kiosk screen, never sent to the phone
    expires_at: dt.datetime


class ArsCalls:
    """The bank's ARS line: it calls the customer's phone; the customer keys the number
    shown on the kiosk. The phone answers through the store, so it may be another process."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def call(self, phone: str) -> ArsCall:
        digits = f"{secrets.randbelow(100):02d}"
        now = self.clock.now()
        call_id = int(
            self.store.db.execute(
                "INSERT INTO ars_calls (phone, digits_hash, started_at) VALUES (?, ?, ?) RETURNING id",
                (phone, self.store.keyed_hash("ars:" + digits), now.isoformat()),
            ).fetchone()[0]
        )
        return ArsCall(call_id, phone, digits, now + dt.timedelta(seconds=ARS_WINDOW_SECONDS))

    def status(self, call_id: int) -> ArsStatus:
        row = self.store.db.execute(
            "SELECT status, started_at FROM ars_calls WHERE id = ?", (call_id,)
        ).fetchone()
        if row is None:
            return ArsStatus.EXPIRED
        status = ArsStatus(row["status"])
        if status is ArsStatus.RINGING and self._expired(row["started_at"]):
            return ArsStatus.EXPIRED
        return status

    def _expired(self, started_at: str) -> bool:
        age = self.clock.now() - dt.datetime.fromisoformat(started_at)
        return age.total_seconds() > ARS_WINDOW_SECONDS

    def ringing(self, phone: str) -> int | None:
        """The call ringing on `phone` now, if any (what the phone shows)."""
        row = self.store.db.execute(
            "SELECT id, started_at FROM ars_calls WHERE phone = ? AND status = 'ringing'"
            " ORDER BY id DESC LIMIT 1",
            (phone,),
        ).fetchone()
        if row is None or self._expired(row["started_at"]):
            return None
        return int(row["id"])

    def answer(self, call_id: int, keyed: str) -> ArsStatus:
        """The customer keys digits on the phone: one entry per call."""
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT digits_hash, started_at, status FROM ars_calls WHERE id = ?", (call_id,)
            ).fetchone()
            if row is None or row["status"] != ArsStatus.RINGING.value:
                return ArsStatus.EXPIRED if row is None else ArsStatus(row["status"])
            if self._expired(row["started_at"]):
                return ArsStatus.EXPIRED
            right = hmac.compare_digest(row["digits_hash"], self.store.keyed_hash("ars:" + keyed))
            status = ArsStatus.PASSED if right else ArsStatus.WRONG
            db.execute("UPDATE ars_calls SET status = ? WHERE id = ?", (status.value, call_id))
        return status


# --- 보안카드 ------------------------------------------------------------------

SECURITY_CARD_CODES = 35
SECURITY_CARD_MAX_FAILURES = 5


class CardStatus(Enum):
    OK = "인증되었습니다."
    MALFORMED = "보안카드 번호는 앞 2자리와 뒤 2자리, 숫자로 입력해 주세요."
    WRONG = "보안카드 번호가 일치하지 않습니다."
    LOCKED = "보안카드 오류 {limit}회로 사용이 정지되었습니다. 영업점 창구에서 해제해 주세요."
    NO_CARD = "등록된 보안카드가 없습니다."

    @property
    def phrase(self) -> Phrase:
        limits = {"limit": SECURITY_CARD_MAX_FAILURES} if self is CardStatus.LOCKED else {}
        return Phrase(self.value, **limits)


@dataclass(frozen=True)
class CardResult:
    status: CardStatus
    failures: int = 0

    @property
    def ok(self) -> bool:
        return self.status is CardStatus.OK

    @property
    def phrase(self) -> Phrase:
        if self.status is CardStatus.WRONG:
            return with_failures(self.status.phrase, self.failures, SECURITY_CARD_MAX_FAILURES)
        return self.status.phrase

    @property
    def message(self) -> str:
        return self.phrase.render()


@dataclass(frozen=True)
class CardChallenge:
    """Ask the first two digits of code #first and the last two of code #second."""

    first: int
    second: int


class SecurityCards:
    def __init__(self, store: Store) -> None:
        self.store = store

    def codes(self, customer_id: int) -> list[str] | None:
        """The printed card (what the customer holds), or None."""
        row = self.store.db.execute(
            "SELECT codes FROM security_cards WHERE customer_id = ?", (customer_id,)
        ).fetchone()
        return None if row is None else list(json.loads(row["codes"]))

    def challenge(self) -> CardChallenge:
        first = secrets.randbelow(SECURITY_CARD_CODES) + 1
        second = first
        while second == first:
            second = secrets.randbelow(SECURITY_CARD_CODES) + 1
        return CardChallenge(first, second)

    def locked(self, customer_id: int) -> bool:
        row = self.store.db.execute(
            "SELECT locked FROM security_cards WHERE customer_id = ?", (customer_id,)
        ).fetchone()
        return row is not None and bool(row["locked"])

    def verify(
        self, customer_id: int, challenge: CardChallenge, first2: str, last2: str
    ) -> CardResult:
        if not all(len(p) == 2 and p.isascii() and p.isdigit() for p in (first2, last2)):
            return CardResult(CardStatus.MALFORMED)
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT codes, failures, locked FROM security_cards WHERE customer_id = ?",
                (customer_id,),
            ).fetchone()
            if row is None:
                return CardResult(CardStatus.NO_CARD)
            if row["locked"]:
                return CardResult(CardStatus.LOCKED, row["failures"])
            codes = json.loads(row["codes"])
            right = hmac.compare_digest(
                codes[challenge.first - 1][:2], first2
            ) & hmac.compare_digest(codes[challenge.second - 1][2:], last2)
            failures = 0 if right else row["failures"] + 1
            locked = failures >= SECURITY_CARD_MAX_FAILURES
            db.execute(
                "UPDATE security_cards SET failures = ?, locked = ? WHERE customer_id = ?",
                (failures, int(locked), customer_id),
            )
        if right:
            return CardResult(CardStatus.OK)
        return CardResult(CardStatus.LOCKED if locked else CardStatus.WRONG, failures)


def new_security_card() -> list[str]:
    return [f"{secrets.randbelow(10_000):04d}" for _ in range(SECURITY_CARD_CODES)]
