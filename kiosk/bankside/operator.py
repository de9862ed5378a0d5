"""Staff access at the kiosk: the operator PIN, and what only staff may do."""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING

from kiosk.core import kdf
from kiosk.people import demo_customers
from kiosk.storage.store import Store

if TYPE_CHECKING:
    from kiosk.bankside.bank import Bank

# The PIN a new data directory starts with (README); `kiosk operator-pin` changes it.
DEFAULT_OPERATOR_PIN = "924613"
OPERATOR_MAX_FAILURES = 5


def _hash(pin: str, salt: bytes) -> str:
    return kdf.stretch(pin, salt).hex()


class OperatorAccess:
    """The operator PIN is kept only as a salted scrypt hash; five wrong PINs in a
    row shut the operator screen until the PIN is set again from the command line."""

    def __init__(self, store: Store) -> None:
        self.store = store
        if store.meta("operator_pin") is None:
            self.set_pin(DEFAULT_OPERATOR_PIN)

    def set_pin(self, pin: str) -> None:
        if not (pin.isascii() and pin.isdigit() and 6 <= len(pin) <= 12):
            raise ValueError("운영자 PIN은 숫자 6~12자리입니다.")
        salt = secrets.token_bytes(16)
        stored = f"{salt.hex()}:{_hash(pin, salt)}"
        with self.store.transaction():
            for key, value in (("operator_pin", stored), ("operator_failures", "0")):
                self.store.set_meta(key, value)

    def is_default(self) -> bool:
        """Whether the PIN is still the README's (not counted as a try)."""
        salt_hex, digest = (self.store.meta("operator_pin") or ":").split(":", 1)
        return hmac.compare_digest(_hash(DEFAULT_OPERATOR_PIN, bytes.fromhex(salt_hex)), digest)

    @property
    def failures(self) -> int:
        return int(self.store.meta("operator_failures") or "0")

    @property
    def locked(self) -> bool:
        return self.failures >= OPERATOR_MAX_FAILURES

    def check(self, pin: str) -> bool:
        """Whether `pin` is the operator PIN. Each try is counted as a failure before
        the PIN is compared, in one transaction: however many kiosk processes try
        at once, no more than five tries are ever compared."""
        with self.store.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'operator_failures'").fetchone()
            failures = int(row["value"]) if row else 0
            if failures >= OPERATOR_MAX_FAILURES:
                return False
            self.store.set_meta("operator_failures", str(failures + 1))
            stored = self.store.meta("operator_pin") or ":"
        salt_hex, digest = stored.split(":", 1)
        right = hmac.compare_digest(_hash(pin, bytes.fromhex(salt_hex)), digest)
        if right:
            with self.store.transaction() as db:
                db.execute("UPDATE meta SET value = '0' WHERE key = 'operator_failures'")
        return right


# Everything the demo customers did, child tables first (foreign keys).
_VISIT_TABLES = (
    "operator_sessions",
    "supersessions",
    "signings",
    "visit_proofs",
    "visit_card_challenges",
    "visit_cloud_challenges",
    "reissue_checks",
    "visits",
    "phone_calls",
    "registered_certificates",
    "cloud_registrations",
    "cloud_origins",
    "cloud_certificates",
    "certificates",
    "security_cards",
    "otp_used_steps",
    "otp_tokens",
    "ars_calls",
    "sms_codes",
    "sms_inbox",
    "account_history",
    "one_won_checks",
    "accounts",
    "phones",
    "documents",
    "customers",
)


def reset_demo_data(bank: Bank) -> None:
    """Back to a fresh training room, the bank's side: demo customers as seeded, no
    certificates, empty CRLs. The audit log stays (it is append-only)."""
    from kiosk.npki import crl

    store = bank.store
    with store.transaction() as db:
        for table in _VISIT_TABLES:
            db.execute(f"DELETE FROM {table}")  # noqa: S608 - table names are constants
        db.execute("DELETE FROM meta WHERE key = 'demo_seeded'")
    demo_customers.seed(store)
    crl.publish(store, bank.cas, bank.data_dir, bank.clock.now())
