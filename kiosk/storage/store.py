"""The bank's store: SQLite in the data directory (embedded), or PostgreSQL (a fleet).

Personal identifiers that only need comparing (resident numbers, document
numbers) are kept as keyed hashes, never in clear. The key of those hashes is a
file in the bank's data directory, never in the database: a copy of the
database alone cannot test the 10^5 candidates its masked column leaves."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from kiosk.storage.schema import (
    POSTGRES_TRIGGERS,
    SQLITE_TRIGGERS,
    TABLE_NAMES,
    TABLES,
    postgres_tables,
)

# Every writing transaction on PostgreSQL takes this advisory lock first: writers
# queue as they do on SQLite's BEGIN IMMEDIATE, so a read-check-write in one
# transaction (a counter, a balance) is exact however many bank processes run.
_WRITE_LOCK = 0x6B696F736B  # "kiosk"


def is_postgres(url: str | None) -> bool:
    return url is not None and url.startswith(("postgresql://", "postgres://"))


class Store:
    def __init__(self, data_dir: Path, url: str | None = None) -> None:
        """SQLite in `data_dir` unless `url` names a PostgreSQL database; the keyed
        hashes' secret stays in `data_dir` either way."""
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self._secret = load_secret(data_dir / "store.secret")
        self.postgres = is_postgres(url)
        self.url = url if self.postgres else None  # what another process opens to share it
        self.integrity_errors: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
        if self.postgres:
            from kiosk.storage import postgres

            assert url is not None
            self.path: Path | None = None
            # The adapter answers the sqlite3.Connection calls the domain makes.
            self.db = cast("sqlite3.Connection", postgres.PostgresConnection(url))
            self.integrity_errors = postgres.INTEGRITY_ERRORS
            self._create_postgres_schema()
            return
        self.path = data_dir / "kiosk.sqlite3"
        # Autocommit mode; writes that belong together go through transaction().
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 5000")
        # One transaction: in autocommit each CREATE would be its own fsync'd commit.
        self.db.executescript(f"BEGIN IMMEDIATE;\n{TABLES}{SQLITE_TRIGGERS}\nCOMMIT;")
        os.chmod(self.path, 0o600)
        self._migrate()

    def _migrate(self) -> None:
        from kiosk.storage import migrations

        try:
            with self.transaction() as db:
                migrations.apply(db, self.postgres)
        except migrations.SchemaTooNew:
            self.db.close()
            raise

    def _create_postgres_schema(self) -> None:
        """The schema's owner creates (and adds to) it; the bank's own role, which
        must not own the audit log's triggers, finds it ready or stops."""
        from kiosk.storage import migrations, roles

        with self.transaction() as db:
            if roles.owns_schema(db):
                db.executescript(postgres_tables() + POSTGRES_TRIGGERS)
                missing = []
            else:
                missing = roles.missing_tables(db, TABLE_NAMES)
                if not missing and migrations.pending(db):
                    missing = ["schema_version"]
        if missing:
            self.db.close()
            raise roles.SchemaNotReady(missing)
        self._migrate()

    def keyed_hash(self, value: str) -> str:
        return hmac.new(self._secret, value.encode("utf-8"), hashlib.sha256).hexdigest()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.postgres:
            self.db.execute("BEGIN")
            self.db.execute("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK,))
        else:
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
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def unused_serial(self) -> int:
        """A serial number no certificate of this bank has, 공동인증서 or 금융인증서:
        a CRL names certificates by serial, so one number must never mean two."""
        from kiosk.npki.certificate import new_serial_number

        while True:
            serial = new_serial_number()
            taken = self.db.execute(
                "SELECT 1 FROM certificates WHERE serial = ?"
                " UNION ALL SELECT 1 FROM cloud_certificates WHERE serial = ?",
                (serial, serial),
            ).fetchone()
            if taken is None:
                return serial

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
