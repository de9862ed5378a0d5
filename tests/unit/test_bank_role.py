"""On PostgreSQL the bank runs as a role that can append to the audit log and
nothing more: the append-only triggers belong to the schema's owner."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ManualClock
from kiosk.people.customers import Customer
from kiosk.storage.roles import SchemaNotReady, grant_bank_role
from kiosk_cli.main import main
from tests.conftest import as_role, fresh_schema, postgres_url, without_books


def test_the_banks_role_serves_but_cannot_rewrite_the_audit_log(
    data_dir: Path, clock: ManualClock, pg_role: str
) -> None:
    owner_url = fresh_schema(postgres_url())
    without_books(data_dir)
    Bank.open(data_dir, clock, owner_url).close()
    code = main(["bank", "grant-role", "--db", owner_url, "--data-dir", str(data_dir), pg_role])
    assert code == 0

    bank = Bank.open(data_dir, clock, as_role(owner_url, pg_role))
    try:
        bank.audit.record("issue", "refused", Customer(1, "김민준", "850315-1******"), "x")
        assert bank.audit.latest(1)[0].reason == "x"
        for statement in (
            "DELETE FROM audit_log",
            "UPDATE audit_log SET outcome = 'done'",
            "TRUNCATE audit_log",
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
            "DROP TRIGGER audit_log_no_change ON audit_log",
            "DROP TABLE audit_log",
        ):
            with pytest.raises(psycopg.Error, match=r"permission denied|must be owner"):
                bank.store.db.execute(statement)
        assert bank.audit.latest(1)[0].reason == "x"
    finally:
        bank.close()


def test_the_banks_role_cannot_make_a_schema_and_says_so(
    data_dir: Path, clock: ManualClock, pg_role: str
) -> None:
    owner_url = fresh_schema(postgres_url())
    without_books(data_dir)
    owner = Bank.open(data_dir, clock, owner_url)
    grant_bank_role(owner.store.db, pg_role)
    owner.store.db.execute("DROP TABLE visit_card_challenges")  # as a release behind would
    owner.close()
    with pytest.raises(SchemaNotReady) as refused:
        Bank.open(data_dir, clock, as_role(owner_url, pg_role))
    assert refused.value.missing == ["visit_card_challenges"]


def test_grant_role_refuses_a_bad_name_and_sqlite(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bank", "grant-role", "--data-dir", str(data_dir), "bank"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
    owner_url = fresh_schema(postgres_url())
    without_books(data_dir)
    args = ["bank", "grant-role", "--db", owner_url, "--data-dir", str(data_dir)]
    assert main([*args, 'x"; DROP TABLE audit_log; --']) == 2
    assert "63" in capsys.readouterr().err
