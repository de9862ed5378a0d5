"""Schema changes that alter what exists, as numbered steps (this project's
equivalent of Alembic's revisions, without an ORM it does not otherwise use).

The baseline is kiosk/storage/schema.py, applied with `CREATE ... IF NOT EXISTS`
on every open: adding a table or an index needs no step. A change to an existing
table (a new column, a changed constraint, data converted) is a `Migration`
appended here with the next number, written for both dialects. Opening a store
applies the steps its database has not had, in order, in one transaction under
the store's write lock, so several processes opening one database at once apply
each step exactly once; the database records the number it reached in
`meta.schema_version`. A database from a newer release (a higher number) is not
opened: this code would not know its columns. Each step comes with a fixture made
by the release before it (tests/unit/test_upgrade.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kiosk.core.setup import SetupError


@dataclass(frozen=True)
class Migration:
    version: int
    purpose: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = ()
"""None yet: every change so far only added tables (the baseline covers them)."""


class SchemaTooNew(SetupError):
    """The database was made or upgraded by a newer release of the kiosk."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            "이 데이터베이스는 더 새 버전의 키오스크가 만들었습니다"
            "(스키마 {found}, 이 버전은 {known}까지). 새 버전으로 여세요.",
            found=found,
            known=known,
        )
        self.found, self.known = found, known


def latest(migrations: tuple[Migration, ...] | None = None) -> int:
    steps = MIGRATIONS if migrations is None else migrations
    return max((step.version for step in steps), default=0)


def current_version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return 0 if row is None else int(row[0])


def pending(
    db: sqlite3.Connection, migrations: tuple[Migration, ...] | None = None
) -> list[Migration]:
    """The steps this database has not had (SchemaTooNew if it is ahead of them)."""
    steps = MIGRATIONS if migrations is None else migrations
    found, known = current_version(db), latest(steps)
    if found > known:
        raise SchemaTooNew(found, known)
    return sorted((step for step in steps if step.version > found), key=lambda s: s.version)


def apply(
    db: sqlite3.Connection, postgres: bool, migrations: tuple[Migration, ...] | None = None
) -> list[int]:
    """Apply the pending steps on `db`, inside the caller's transaction; returns
    the versions applied."""
    applied = []
    for step in pending(db, migrations):
        for statement in step.postgres if postgres else step.sqlite:
            db.execute(statement)
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(step.version),),
        )
        applied.append(step.version)
    return applied
