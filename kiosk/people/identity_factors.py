"""Identity factors besides an ID document (DESIGN §5): bank account with its
password, a 1-won transfer whose memo carries a code, and the customer's phone."""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import Enum

from kiosk.core.clock import Clock
from kiosk.core.i18n import Phrase, tr, with_failures
from kiosk.factors.auth import Authenticator, AuthResult, SmsChallenge
from kiosk.people.customers import Customer, Registry
from kiosk.people.demo_customers import account_pin_hash
from kiosk.storage.store import Store

ACCOUNT_PIN_MAX_FAILURES = 5  # banks lock the account password after five wrong entries
ONE_WON_VALID_SECONDS = 600
ONE_WON_MAX_FAILURES = 5
# Memo words banks use for the 1-won deposit; the code follows the word.
_MEMO_WORDS = ("한빛", "인증", "확인", "은행")


class FactorStatus(Enum):
    OK = "확인되었습니다."
    BAD_ACCOUNT_NUMBER = "계좌번호는 숫자와 '-'로 10~14자리를 입력해 주세요."
    BAD_PIN = "계좌 비밀번호는 숫자 4자리입니다."
    NO_SUCH_ACCOUNT = "입력하신 계좌를 찾을 수 없습니다."
    NOT_OWN_ACCOUNT = "본인 명의의 계좌가 아닙니다."
    WRONG_PIN = "계좌 비밀번호가 일치하지 않습니다."
    PIN_LOCKED = "계좌 비밀번호 오류 {limit}회로 거래가 제한되었습니다. 영업점에서 해제해 주세요."
    BAD_CODE = "입금자명(적요)에 표시된 숫자 4자리를 입력해 주세요."
    WRONG_CODE = "1원 입금 내역의 숫자와 일치하지 않습니다."
    EXPIRED = "1원 이체 인증 시간({minutes}분)이 지났습니다. 다시 요청해 주세요."
    VOIDED = "{limit}회 잘못 입력하여 무효가 되었습니다. 다시 요청해 주세요."
    PHONE_MISMATCH = "입력하신 통신사·휴대폰 번호가 등록된 정보와 다릅니다."
    NO_PHONE = "등록된 휴대폰이 없습니다."
    BAD_PHONE = "휴대폰 번호는 01로 시작하는 숫자 10~11자리를 입력해 주세요('-'는 있어도 됩니다)."

    @property
    def phrase(self) -> Phrase:
        """The message, its limits filled from the rules they state."""
        limits: dict[FactorStatus, dict[str, int]] = {
            FactorStatus.PIN_LOCKED: {"limit": ACCOUNT_PIN_MAX_FAILURES},
            FactorStatus.EXPIRED: {"minutes": ONE_WON_VALID_SECONDS // 60},
            FactorStatus.VOIDED: {"limit": ONE_WON_MAX_FAILURES},
        }
        return Phrase(self.value, **limits.get(self, {}))


@dataclass(frozen=True)
class FactorResult:
    status: FactorStatus
    customer: Customer | None = None
    failures: int = 0
    limit: int = 0

    @property
    def ok(self) -> bool:
        return self.status is FactorStatus.OK

    @property
    def phrase(self) -> Phrase:
        if self.limit and self.status in (FactorStatus.WRONG_PIN, FactorStatus.WRONG_CODE):
            return with_failures(self.status.phrase, self.failures, self.limit)
        return self.status.phrase

    @property
    def message(self) -> str:
        return self.phrase.render()


def normalise_account(text: str) -> str | None:
    value = text.strip()
    digits = value.replace("-", "")
    if not re.fullmatch(r"[0-9-]+", value) or not 10 <= len(digits) <= 14 or not value.isascii():
        return None
    return value if "-" in value else digits


class IdentityFactors:
    def __init__(self, store: Store, registry: Registry, auth: Authenticator, clock: Clock) -> None:
        self.store = store
        self.registry = registry
        self.auth = auth
        self.clock = clock

    def _account_row(self, typed: str) -> dict[str, object] | None:
        """The account typed with or without hyphens."""
        row = self.store.db.execute(
            "SELECT * FROM accounts WHERE REPLACE(number, '-', '') = ?", (typed.replace("-", ""),)
        ).fetchone()
        return None if row is None else dict(row)

    # --- 계좌 인증 -----------------------------------------------------------

    def check_account(
        self, account_text: str, pin: str, owner: Customer | None = None
    ) -> FactorResult:
        """Account number and its 4-digit password; wrong ones counted, five lock it.

        With `owner`, the account must also be that customer's (paying a fee)."""
        number = normalise_account(account_text)
        if number is None:
            return FactorResult(FactorStatus.BAD_ACCOUNT_NUMBER)
        if not (len(pin) == 4 and pin.isascii() and pin.isdigit()):
            return FactorResult(FactorStatus.BAD_PIN)
        # One transaction: concurrent kiosks must not lose a wrong-password count.
        with self.store.transaction() as db:
            row = self._account_row(number)
            if row is None:
                return FactorResult(FactorStatus.NO_SUCH_ACCOUNT)
            account = str(row["number"])
            if owner is not None and row["customer_id"] != owner.id:
                return FactorResult(FactorStatus.NOT_OWN_ACCOUNT)
            if row["pin_locked"]:
                return FactorResult(FactorStatus.PIN_LOCKED)
            right = hmac.compare_digest(
                str(row["pin_hash"]), account_pin_hash(self.store, account, pin)
            )
            failures = 0 if right else int(str(row["pin_failures"])) + 1
            locked = failures >= ACCOUNT_PIN_MAX_FAILURES
            db.execute(
                "UPDATE accounts SET pin_failures = ?, pin_locked = ? WHERE number = ?",
                (failures, int(locked), account),
            )
        if not right:
            status = FactorStatus.PIN_LOCKED if locked else FactorStatus.WRONG_PIN
            return FactorResult(status, None, failures, ACCOUNT_PIN_MAX_FAILURES)
        holder = self.store.db.execute(
            "SELECT id, name, rrn_masked FROM customers WHERE id = ?", (row["customer_id"],)
        ).fetchone()
        return FactorResult(
            FactorStatus.OK, Customer(holder["id"], holder["name"], holder["rrn_masked"])
        )

    def holder_of(self, account_text: str, rrn_digits: str) -> FactorResult:
        """Whether the account exists and belongs to the person with this resident number.

        Identity by account (registration) asks this before the account password
        or the 1-won transfer, so a wrong number is named before anything is counted."""
        number = normalise_account(account_text)
        if number is None:
            return FactorResult(FactorStatus.BAD_ACCOUNT_NUMBER)
        row = self._account_row(number)
        if row is None:
            return FactorResult(FactorStatus.NO_SUCH_ACCOUNT)
        customer = self.registry.find_by_rrn(rrn_digits)
        if customer is None or customer.id != row["customer_id"]:
            return FactorResult(FactorStatus.NOT_OWN_ACCOUNT)
        return FactorResult(FactorStatus.OK, customer)

    # --- 1원 이체 인증 ---------------------------------------------------------

    def send_one_won(self, account_text: str) -> int | None:
        """Deposit 1 won whose memo carries a 4-digit code; the check's id, or None."""
        number = normalise_account(account_text)
        row = None if number is None else self._account_row(number)
        if row is None:
            return None
        account = str(row["number"])
        code = f"{secrets.randbelow(10_000):04d}"
        # The memo is written in the visit's language: the customer reads it on their phone.
        memo = tr(secrets.choice(_MEMO_WORDS)) + code
        now = self.clock.now().isoformat()
        with self.store.transaction() as db:
            db.execute("UPDATE accounts SET balance = balance + 1 WHERE number = ?", (account,))
            db.execute(
                "INSERT INTO account_history (account, amount, memo, at) VALUES (?, 1, ?, ?)",
                (account, memo, now),
            )
            check_id = db.execute(
                "INSERT INTO one_won_checks (account, code_hash, sent_at) VALUES (?, ?, ?)"
                " RETURNING id",
                (account, self.store.keyed_hash("1won:" + code), now),
            ).fetchone()[0]
        return int(check_id)

    def check_one_won(
        self, check_id: int, code: str, owner: Customer | None = None
    ) -> FactorResult:
        """The memo code read back; with `owner`, the deposit must be to that customer's account."""
        if not (len(code) == 4 and code.isascii() and code.isdigit()):
            return FactorResult(FactorStatus.BAD_CODE)
        with self.store.transaction() as db:
            row = db.execute("SELECT * FROM one_won_checks WHERE id = ?", (check_id,)).fetchone()
            if row is None or row["used"]:
                return FactorResult(FactorStatus.EXPIRED)
            if row["failures"] >= ONE_WON_MAX_FAILURES:
                return FactorResult(FactorStatus.VOIDED)
            age = self.clock.now() - dt.datetime.fromisoformat(row["sent_at"])
            if age.total_seconds() > ONE_WON_VALID_SECONDS:
                return FactorResult(FactorStatus.EXPIRED)
            if not hmac.compare_digest(row["code_hash"], self.store.keyed_hash("1won:" + code)):
                failures = row["failures"] + 1
                db.execute(
                    "UPDATE one_won_checks SET failures = ? WHERE id = ?", (failures, check_id)
                )
                status = (
                    FactorStatus.VOIDED
                    if failures >= ONE_WON_MAX_FAILURES
                    else FactorStatus.WRONG_CODE
                )
                return FactorResult(status, None, failures, ONE_WON_MAX_FAILURES)
            holder = db.execute(
                "SELECT c.id, c.name, c.rrn_masked FROM customers c JOIN accounts a"
                " ON a.customer_id = c.id WHERE a.number = ?",
                (row["account"],),
            ).fetchone()
            if owner is not None and holder["id"] != owner.id:
                return FactorResult(FactorStatus.NOT_OWN_ACCOUNT)
            db.execute("UPDATE one_won_checks SET used = 1 WHERE id = ?", (check_id,))
        return FactorResult(
            FactorStatus.OK, Customer(holder["id"], holder["name"], holder["rrn_masked"])
        )

    def account_history(
        self, customer_id: int, limit: int = 5
    ) -> list[tuple[dt.datetime, int, str]]:
        """The newest lines of the customer's accounts (what the phone's bank app shows)."""
        rows = self.store.db.execute(
            "SELECT h.at, h.amount, h.memo FROM account_history h JOIN accounts a"
            " ON a.number = h.account WHERE a.customer_id = ? ORDER BY h.id DESC LIMIT ?",
            (customer_id, limit),
        ).fetchall()
        return [
            (dt.datetime.fromisoformat(r["at"]), int(r["amount"]), str(r["memo"])) for r in rows
        ]

    # --- 휴대폰 본인인증 ---------------------------------------------------------

    def start_phone_check(
        self, customer: Customer, carrier: str, number: str
    ) -> SmsChallenge | FactorResult:
        """Carrier and number must be the registered ones; then an SMS code is sent.

        Raises SendRefused when the phone has had too many codes lately."""
        typed = number.strip().replace("-", "")
        shaped = typed.isascii() and typed.isdigit() and 10 <= len(typed) <= 11
        if not shaped or not typed.startswith("01"):
            return FactorResult(FactorStatus.BAD_PHONE)
        phone = self.registry.phone(customer.id)
        if phone is None:
            return FactorResult(FactorStatus.NO_PHONE)
        if carrier.strip().upper() != phone.carrier.upper() or typed != re.sub(
            r"\D", "", phone.number
        ):
            return FactorResult(FactorStatus.PHONE_MISMATCH)
        return self.auth.send_sms(phone.number)

    def finish_phone_check(self, challenge: SmsChallenge, code: str) -> AuthResult:
        return self.auth.verify_sms(challenge.id, code)
