"""The bank's database schema, written once for SQLite and carried to PostgreSQL.

The tables are plain SQL both accept once a few SQLite spellings are translated
(`postgres_tables`); the triggers differ in syntax, so each dialect has its own.
Dates and times are ISO 8601 text in both, so comparisons read the same."""

from __future__ import annotations

import re

TABLES = """
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
-- Every OTP step a code was accepted for: with the clock a trainer moves, the
-- last step alone cannot tell a replay from a code of a timeline moved back.
CREATE TABLE IF NOT EXISTS otp_used_steps (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    step INTEGER NOT NULL,
    PRIMARY KEY (customer_id, step)
);
-- The class dashboard (kiosk/bankside/classroom.py): each kiosk (browser tab,
-- terminal) as it reports itself, and every step it entered, per class session.
CREATE TABLE IF NOT EXISTS class_stations (
    station TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    session TEXT NOT NULL,
    learner TEXT NOT NULL,
    customer TEXT NOT NULL,
    scenario TEXT NOT NULL,
    mode TEXT NOT NULL,
    service TEXT NOT NULL,
    step TEXT NOT NULL,
    step_since TEXT NOT NULL,
    errors INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS class_steps (
    id INTEGER PRIMARY KEY,
    station TEXT NOT NULL,
    session TEXT NOT NULL,
    learner TEXT NOT NULL,
    scenario TEXT NOT NULL,
    mode TEXT NOT NULL,
    service TEXT NOT NULL,
    step TEXT NOT NULL,
    started_at TEXT NOT NULL,
    errors INTEGER NOT NULL
);
-- A learner's run of a scenario in a learner mode (guided, practice, test): the
-- result, time per step and errors classified, as JSON text (kiosk/training/learning.py).
CREATE TABLE IF NOT EXISTS learner_results (
    id INTEGER PRIMARY KEY,
    station TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    session TEXT NOT NULL,
    learner TEXT NOT NULL,
    scenario TEXT NOT NULL,
    mode TEXT NOT NULL,
    completed INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    seconds INTEGER NOT NULL,
    hints INTEGER NOT NULL,
    steps TEXT NOT NULL,
    errors TEXT NOT NULL,
    finished_at TEXT NOT NULL
);
-- Trainers who may read the class dashboard (`kiosk bank add-trainer`), hashed.
CREATE TABLE IF NOT EXISTS trainer_tokens (
    name TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    added_at TEXT NOT NULL
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
-- by the PIN and, for PIN 재설정, by the proven resident number (kiosk/fincert/cloud_certs.py).
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
-- A 금융인증서 in the shared cloud that another bank issued (none here: this bank's own),
-- by the bank's code as it appears in subject DNs (kiosk/npki/certificate.py).
CREATE TABLE IF NOT EXISTS cloud_origins (
    serial INTEGER PRIMARY KEY REFERENCES cloud_certificates(serial),
    bank TEXT NOT NULL
);
-- 금융인증서 타행 이용 등록: another bank's 금융인증서 the customer registered for use here.
CREATE TABLE IF NOT EXISTS cloud_registrations (
    serial INTEGER PRIMARY KEY REFERENCES cloud_certificates(serial),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    registered_at TEXT NOT NULL
);
-- Expiry reminders sent (kiosk/bankside/reminders.py): one per certificate and lead time.
CREATE TABLE IF NOT EXISTS expiry_reminders (
    serial INTEGER NOT NULL,
    days INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (serial, days)
);
-- Calls the customer's phone took, as the bank's app on it reports them
-- (kiosk/bankside/fraud.py): a 재발급 soon after an unknown caller is held.
CREATE TABLE IF NOT EXISTS phone_calls (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    caller TEXT NOT NULL,
    script TEXT NOT NULL,
    at TEXT NOT NULL
);
-- 인증서 복사 through the bank (kiosk/bankside/copy_relay.py): sealed files it cannot open.
CREATE TABLE IF NOT EXISTS copy_relays (
    relay_id TEXT PRIMARY KEY,
    receiver TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    payload BLOB
);
-- Re-issue and renewal: the certificate a new one replaces once it is delivered.
CREATE TABLE IF NOT EXISTS supersessions (
    serial INTEGER NOT NULL REFERENCES certificates(serial),
    supersedes INTEGER NOT NULL REFERENCES certificates(serial),
    PRIMARY KEY (serial, supersedes)
);
-- Which visit a certificate was signed for (none: the bank's own staff).
CREATE TABLE IF NOT EXISTS signings (
    serial INTEGER PRIMARY KEY REFERENCES certificates(serial),
    visit_id TEXT
);
-- Staff who keyed the operator PIN: what staff-only operations need (hashed token).
CREATE TABLE IF NOT EXISTS operator_sessions (
    token_hash TEXT PRIMARY KEY,
    opened_at TEXT NOT NULL
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
-- The 보안카드 codes the bank asked for in a visit: the answer is checked against
-- these, never against positions the kiosk names; one answer per question.
CREATE TABLE IF NOT EXISTS visit_card_challenges (
    visit_id TEXT PRIMARY KEY REFERENCES visits(id),
    first INTEGER NOT NULL,
    second INTEGER NOT NULL
);
-- What the bank asked a visit's 금융인증서 to sign (본인확인, 타행 이용 등록): the
-- signature is checked against this, once, never against data the kiosk names.
CREATE TABLE IF NOT EXISTS visit_cloud_challenges (
    visit_id TEXT PRIMARY KEY REFERENCES visits(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    serial INTEGER NOT NULL,
    challenge BLOB NOT NULL
);
-- A visit's 재발급 as the fraud rule saw it: announced once; '' no warning,
-- else pending, stopped or continued (the customer's answer to the warning).
CREATE TABLE IF NOT EXISTS reissue_checks (
    visit_id TEXT PRIMARY KEY REFERENCES visits(id),
    asked_at TEXT NOT NULL,
    caller TEXT,
    answer TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS registered_once
    ON registered_certificates (customer_id, fingerprint) WHERE unregistered_at IS NULL;
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    service TEXT NOT NULL,
    customer TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""

# Counted by a trigger with every revocation, in the revoking transaction: a start
# that finds more revocations than the CRLs were last published with publishes again.
# The audit log is append-only: no update, no delete, and no INSERT OR REPLACE
# over an existing entry (whose hidden delete fires no trigger in SQLite).
SQLITE_TRIGGERS = """
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
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_replace BEFORE INSERT ON audit_log
    WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""

POSTGRES_TRIGGERS = """
CREATE OR REPLACE FUNCTION kiosk_count_revocation() RETURNS trigger AS $$
BEGIN
    IF OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL THEN
        INSERT INTO meta (key, value) VALUES ('revocations_made', '1')
        ON CONFLICT (key) DO UPDATE SET value = (CAST(meta.value AS BIGINT) + 1)::text;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER count_revocations AFTER UPDATE OF revoked_at ON certificates
    FOR EACH ROW EXECUTE FUNCTION kiosk_count_revocation();
CREATE OR REPLACE TRIGGER count_cloud_revocations AFTER UPDATE OF revoked_at
    ON cloud_certificates FOR EACH ROW EXECUTE FUNCTION kiosk_count_revocation();
CREATE OR REPLACE FUNCTION kiosk_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only';
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION kiosk_append_only();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION kiosk_append_only();
"""


TABLE_NAMES: list[str] = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", TABLES)


def postgres_tables() -> str:
    """TABLES in PostgreSQL's spelling: generated ids, 64-bit integers (serials
    have ten digits), bytea for blobs."""
    text = re.sub(
        r"\bid INTEGER PRIMARY KEY\b",
        "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        TABLES,
    )
    text = re.sub(r"\bINTEGER\b", "BIGINT", text)
    return re.sub(r"\bBLOB\b", "BYTEA", text)
