"""The embedded SQLite store in the data directory.

Personal identifiers that only need comparing (resident numbers, document
numbers) are kept as keyed hashes, never in clear."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    rrn_hash TEXT NOT NULL UNIQUE,
    rrn_masked TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL,
    number_hash TEXT,
    issue_date TEXT,
    expiry_date TEXT
);
CREATE TABLE IF NOT EXISTS phones (
    customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
    carrier TEXT NOT NULL,
    number TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS accounts (
    number TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    product TEXT NOT NULL,
    balance INTEGER NOT NULL,
    pin_hash TEXT NOT NULL,
    pin_failures INTEGER NOT NULL DEFAULT 0,
    pin_locked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS one_won_checks (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts(number),
    code_hash TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS account_history (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts(number),
    amount INTEGER NOT NULL,
    memo TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS otp_tokens (
    customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
    serial TEXT NOT NULL,
    secret TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0,
    last_step INTEGER NOT NULL DEFAULT -1
);
CREATE TABLE IF NOT EXISTS sms_inbox (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sms_codes (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ars_calls (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    digits_hash TEXT NOT NULL,
    started_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ringing'
);
CREATE TABLE IF NOT EXISTS security_cards (
    customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
    serial TEXT NOT NULL,
    codes TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS certificates (
    serial INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    product TEXT NOT NULL,
    ca TEXT NOT NULL,
    subject_dn TEXT NOT NULL,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    medium TEXT NOT NULL,
    directory TEXT NOT NULL,
    status TEXT NOT NULL,
    fee INTEGER NOT NULL,
    issued_at TEXT NOT NULL,
    key_encoding TEXT NOT NULL DEFAULT 'seedCBCWithSHA1',
    revoked_at TEXT,
    revoke_reason TEXT
);
-- Certificates other institutions issued that a customer registered here (타기관 등록).
CREATE TABLE IF NOT EXISTS registered_certificates (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    fingerprint TEXT NOT NULL,
    serial TEXT NOT NULL,
    issuer_dn TEXT NOT NULL,
    subject_dn TEXT NOT NULL,
    ca_name TEXT NOT NULL,
    product_name TEXT NOT NULL,
    not_after TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    unregistered_at TEXT
);
-- 금융인증서 in the bank's cloud: the key sealed under a data key that is wrapped
-- by the PIN and, for PIN 재설정, by the proven resident number (kiosk/cloud_certs.py).
CREATE TABLE IF NOT EXISTS cloud_certificates (
    serial INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    certificate BLOB NOT NULL,
    sealed_key BLOB NOT NULL,
    pin_salt BLOB NOT NULL,
    pin_wrap BLOB NOT NULL,
    escrow_salt BLOB NOT NULL,
    escrow_wrap BLOB NOT NULL,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    pin_failures INTEGER NOT NULL DEFAULT 0,
    pin_locked INTEGER NOT NULL DEFAULT 0,
    revoked_at TEXT,
    revoke_reason TEXT
);
-- Every revocation counted, in its own transaction: a start that finds more
-- revocations than the CRLs were last published with publishes them again.
CREATE TRIGGER IF NOT EXISTS count_revocations AFTER UPDATE OF revoked_at ON certificates
WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
BEGIN
    INSERT INTO meta (key, value) VALUES ('revocations_made', '1')
    ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1;
END;
CREATE TRIGGER IF NOT EXISTS count_cloud_revocations
AFTER UPDATE OF revoked_at ON cloud_certificates
WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
BEGIN
    INSERT INTO meta (key, value) VALUES ('revocations_made', '1')
    ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1;
END;
-- Re-issue and renewal: the certificate a new one replaces once it is delivered.
CREATE TABLE IF NOT EXISTS supersessions (
    serial INTEGER NOT NULL REFERENCES certificates(serial),
    supersedes INTEGER NOT NULL REFERENCES certificates(serial),
    PRIMARY KEY (serial, supersedes)
);
-- Kiosks allowed to reach the bank over HTTP: the token is kept only as a hash.
CREATE TABLE IF NOT EXISTS kiosk_tokens (
    name TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    added_at TEXT NOT NULL,
    removed_at TEXT
);
-- Visits as the bank sees them: which checks passed, for whom (kiosk/bankside/visits.py).
CREATE TABLE IF NOT EXISTS visits (
    id TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id),
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    ars_calls INTEGER NOT NULL DEFAULT 0,
    issue_code_hash TEXT
);
CREATE TABLE IF NOT EXISTS visit_proofs (
    visit_id TEXT NOT NULL REFERENCES visits(id),
    proof TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (visit_id, proof, detail)
);
CREATE UNIQUE INDEX IF NOT EXISTS registered_once
    ON registered_certificates (customer_id, fingerprint) WHERE unregistered_at IS NULL;
"""


class Store:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self._secret = load_secret(data_dir / "store.secret")
        self.path = data_dir / "kiosk.sqlite3"
        # Autocommit mode; writes that belong together go through transaction().
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 5000")
        # One transaction: in autocommit each CREATE would be its own fsync'd commit.
        self.db.executescript(f"BEGIN IMMEDIATE;\n{SCHEMA}\nCOMMIT;")
        os.chmod(self.path, 0o600)

    def keyed_hash(self, value: str) -> str:
        return hmac.new(self._secret, value.encode("utf-8"), hashlib.sha256).hexdigest()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        self.db.close()


def load_secret(path: Path) -> bytes:
    """A 32-byte secret kept in `path` (owner-only), made on first use."""
    if path.exists():
        return path.read_bytes()
    secret = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    return secret
