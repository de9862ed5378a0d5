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
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from kiosk.core.setup import PRIVATE_FILE, SetupError, make_dir
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
        hashes' secret stays in `data_dir` either way.

        Raises SetupError, having changed nothing, when the database is not one
        (damaged, truncated, a folder) or when the secret is gone while the books
        that were hashed with it are still there."""
        make_dir(data_dir, parents=True)
        self.data_dir = data_dir
        self.postgres = is_postgres(url)
        self.url = url if self.postgres else None  # what another process opens to share it
        self.integrity_errors: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
        # A connection per thread: the kiosk's workers (issuing, the bank's timed
        # jobs) and its UI thread each run their own transactions, which on one
        # shared connection would nest ("cannot start a transaction within a
        # transaction") or see each other's uncommitted writes. A thread's
        # connection is closed with the thread (its thread-local goes).
        self._local = threading.local()
        if self.postgres:
            from kiosk.storage import postgres

            assert url is not None
            self.path: Path | None = None

            def connect() -> sqlite3.Connection:
                # The adapter answers the sqlite3.Connection calls the domain makes.
                return cast("sqlite3.Connection", postgres.PostgresConnection(url))

            self._connect: Callable[[], sqlite3.Connection] = connect
            self._first = self._adopt(connect())
            self.integrity_errors = postgres.INTEGRITY_ERRORS
            self._create_postgres_schema()
        else:
            path = self.path = data_dir / "kiosk.sqlite3"
            self._connect = lambda: _connect_sqlite(path)
            self._first = self._adopt(_open_sqlite(path))
            self._migrate()
        try:
            self._secret = load_secret(data_dir / "store.secret", may_create=self._no_customers())
        except SetupError:
            self.db.close()
            raise

    def _adopt(self, connection: sqlite3.Connection) -> sqlite3.Connection:
        self._local.db = connection
        return connection

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection to the books."""
        connection: sqlite3.Connection | None = getattr(self._local, "db", None)
        return connection if connection is not None else self._adopt(self._connect())

    def _no_customers(self) -> bool:
        return self.db.execute("SELECT 1 FROM customers LIMIT 1").fetchone() is None

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
        mine: sqlite3.Connection | None = getattr(self._local, "db", None)
        if mine is not None and mine is not self._first:
            mine.close()
        self._first.close()


def _open_sqlite(path: Path) -> sqlite3.Connection:
    """The SQLite books at `path`, new if there is no file yet; a file that is not a
    whole SQLite database is refused before SQLite writes to it."""
    fresh = not path.exists()
    if not fresh:
        _check_sqlite_file(path)
    try:
        # Autocommit mode; writes that belong together go through transaction().
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise _unusable(path, error) from None
    try:
        _configure(db)
        # One transaction: in autocommit each CREATE would be its own fsync'd commit.
        db.executescript(f"BEGIN IMMEDIATE;\n{TABLES}{SQLITE_TRIGGERS}\nCOMMIT;")
        os.chmod(path, PRIVATE_FILE)
    except sqlite3.Error as error:
        db.close()
        if fresh:
            path.unlink(missing_ok=True)  # nothing half-made is left for the next start
        raise _unusable(path, error) from None
    return db


def _configure(db: sqlite3.Connection) -> None:
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    # Another thread's or process's write transaction is waited for, not failed on.
    db.execute("PRAGMA busy_timeout = 5000")


def _connect_sqlite(path: Path) -> sqlite3.Connection:
    """Another connection to books `_open_sqlite` already checked and set up."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    _configure(db)
    return db


# SQLite's first 16 bytes, and where its header keeps the page size and count.
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise SetupError(
            "데이터베이스 {path}이(가) 파일이 아니라 폴더입니다. 옮기거나 지운 뒤 다시 시작해 주세요.",
            path=str(path),
        )
    with path.open("rb") as handle:
        header = handle.read(100)
    size = path.stat().st_size
    if size == 0:
        # SQLite would take an empty file for a new database and the demo customers
        # would be seeded into it: books that were there must not silently restart.
        raise SetupError(
            "데이터베이스 {path}이(가) 비어 있습니다(0바이트). 백업에서 되살리거나, "
            "처음부터 시작하려면 이 파일을 지워 주세요.",
            path=str(path),
        )
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise _damaged(path, "SQLite 데이터베이스가 아닙니다")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # A hot journal may still have to put pages back: then SQLite judges the size.
    journals = (path.with_name(path.name + suffix) for suffix in ("-journal", "-wal"))
    if size < page_size * pages and not any(journal.exists() for journal in journals):
        raise _damaged(path, "파일이 잘렸습니다")


def _damaged(path: Path, what: str) -> SetupError:
    return SetupError(
        "데이터베이스 {path}을(를) 쓸 수 없습니다: {what}. 백업에서 되살리거나, "
        "처음부터 시작하려면 이 파일을 지워 주세요.",
        path=str(path),
        what=what,
    )


def _unusable(path: Path, error: sqlite3.Error) -> SetupError:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return _damaged(path, "손상되었습니다")
    return SetupError(
        "데이터베이스 {path}을(를) 열 수 없습니다({reason}). "
        "데이터 디렉터리의 권한과 남은 디스크 공간을 확인해 주세요.",
        path=str(path),
        reason=str(error),
    )


SECRET_BYTES = 32


def load_secret(path: Path, *, may_create: bool = True) -> bytes:
    """A 32-byte secret kept in `path` (owner-only), made on first use.

    `may_create` is False once something was sealed or hashed with the secret:
    a new one would quietly make all of it unreadable (every customer unknown),
    so a missing or damaged secret then stops the start instead."""
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        secret = None
    except IsADirectoryError:
        raise SetupError(
            "{path}이(가) 파일이 아니라 폴더입니다. 백업의 {name} 파일로 바꿔 주세요.",
            path=str(path),
            name=path.name,
        ) from None
    if secret is not None and len(secret) != SECRET_BYTES:
        raise SetupError(
            "{path}이(가) 비어 있거나 손상되었습니다({size}바이트). "
            "백업의 {name} 파일로 되살려 주세요. 새로 만들면 저장된 정보를 읽을 수 없게 됩니다.",
            path=str(path),
            size=len(secret),
            name=path.name,
        )
    if secret is not None:
        return secret
    if not may_create:
        raise SetupError(
            "{path}이(가) 없습니다. 데이터베이스는 이 비밀키로 만들어졌으니 "
            "백업의 {name} 파일로 되살려 주세요. 새로 만들면 저장된 정보를 읽을 수 없게 됩니다.",
            path=str(path),
            name=path.name,
        )
    return _create_secret(path)


def _create_secret(path: Path) -> bytes:
    """Written whole under another name, then linked into place: a process starting
    at the same moment reads either no secret or all of it, never part."""
    secret = secrets.token_bytes(SECRET_BYTES)
    staging = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secret)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(staging, path)
        except FileExistsError:
            return load_secret(path, may_create=False)  # another process made it first
    finally:
        staging.unlink(missing_ok=True)
    return secret
