"""The bank's own PostgreSQL role, which can append to the audit log but not rewrite it.

The triggers that keep `audit_log` append-only can be dropped or disabled by
whoever owns the table. So in a fleet the tables belong to an owner role that
only an administrator uses (to create and upgrade the schema), and the bank
processes connect as a role granted what serving needs: rows of every other
table, and on `audit_log` only SELECT and INSERT. A compromised bank process
then cannot erase what it did."""

from __future__ import annotations

import re
import sqlite3

from kiosk.core.setup import SetupError

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class SchemaNotReady(SetupError):
    """The bank's role cannot create or upgrade the schema: its owner must."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "이 데이터베이스 역할은 스키마를 만들거나 고칠 수 없습니다(없는 것: {missing}). "
            "스키마 소유자의 주소로 한 번 실행하세요: "
            "kiosk bank grant-role --db 소유자주소 --data-dir ... 역할",
            missing=", ".join(missing),
        )
        self.missing = missing


def owns_schema(db: sqlite3.Connection) -> bool:
    """True when this connection's role may create the schema: a new, empty schema,
    or one whose `audit_log` it owns."""
    row = db.execute(
        "SELECT tableowner = current_user FROM pg_tables"
        " WHERE schemaname = current_schema() AND tablename = 'audit_log'"
    ).fetchone()
    return row is None or bool(row[0])


def missing_tables(db: sqlite3.Connection, names: list[str]) -> list[str]:
    present = {
        str(row[0])
        for row in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
    }
    return [name for name in names if name not in present]


def grant_bank_role(db: sqlite3.Connection, role: str) -> bool:
    """Create the login role `role` if it does not exist and grant it what the bank
    needs; True if the role was created. Run on the schema owner's connection,
    after the schema exists."""
    if ROLE_NAME.fullmatch(role) is None:
        raise ValueError(role)
    schema = str(db.execute("SELECT current_schema()").fetchone()[0])
    exists = db.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone()
    # Identifiers cannot be bound as parameters; both are checked or come from the
    # server, and are quoted.
    quoted_role, quoted_schema = f'"{role}"', '"' + schema.replace('"', '""') + '"'
    if exists is None:
        db.execute(f"CREATE ROLE {quoted_role} LOGIN")
    db.execute(f"GRANT USAGE ON SCHEMA {quoted_schema} TO {quoted_role}")
    db.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {quoted_schema}"
        f" TO {quoted_role}"
    )
    db.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {quoted_schema}.audit_log FROM {quoted_role}")
    db.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quoted_schema} TO {quoted_role}")
    return exists is None
