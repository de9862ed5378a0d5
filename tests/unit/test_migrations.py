"""Schema steps that alter existing tables: applied once, in order, by whichever
process opens the database first; a database from a newer release is not opened."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk.storage import migrations
from kiosk.storage.migrations import Migration, SchemaTooNew
from kiosk.storage.store import Store
from tests.conftest import fresh_schema, postgres_url

NICKNAME = Migration(
    1,
    "customers get a nickname",
    ("ALTER TABLE customers ADD COLUMN nickname TEXT NOT NULL DEFAULT ''",),
    ("ALTER TABLE customers ADD COLUMN nickname TEXT NOT NULL DEFAULT ''",),
)
BACKFILL = Migration(
    2,
    "nicknames from names",
    ("UPDATE customers SET nickname = name",),
    ("UPDATE customers SET nickname = name",),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest) -> str | None:
    return None if request.param == "sqlite" else fresh_schema(postgres_url())


def test_steps_apply_once_in_order_however_many_processes_open_at_once(
    tmp_path: Path, url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(tmp_path, url).close()  # a database of the release before the steps
    seed = Store(tmp_path, url)
    seed.db.execute(
        "INSERT INTO customers (name, rrn_hash, rrn_masked) VALUES ('김민준', 'h', 'm')"
    )
    seed.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", (BACKFILL, NICKNAME))
    failures: list[BaseException] = []

    def open_store() -> None:
        try:
            Store(tmp_path, url).close()
        except BaseException as error:  # an ADD COLUMN applied twice fails here
            failures.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    store = Store(tmp_path, url)
    try:
        assert store.meta("schema_version") == "2"
        assert store.db.execute("SELECT nickname FROM customers").fetchone()[0] == "김민준"
    finally:
        store.close()


def test_a_database_from_a_newer_release_is_not_opened(tmp_path: Path, url: str | None) -> None:
    store = Store(tmp_path, url)
    store.set_meta("schema_version", "7")
    store.close()
    with pytest.raises(SchemaTooNew) as refused:
        Store(tmp_path, url)
    assert (refused.value.found, refused.value.known) == (7, 0)
