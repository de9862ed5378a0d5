"""The audit log is append-only and masked; receipts and the operator PIN in the domain."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.bankside.audit import masked_customer
from kiosk.bankside.bank import Bank
from kiosk.bankside.operator import DEFAULT_OPERATOR_PIN, OPERATOR_MAX_FAILURES
from kiosk.people.customers import Customer
from kiosk.terminal.config import ConfigError
from kiosk.terminal.config import load as load_config
from kiosk.terminal.receipts import Receipt, display_width, pad, save


def test_audit_log_cannot_be_changed_or_deleted(any_bank: Bank) -> None:
    """Not by UPDATE or DELETE, not by SQLite's INSERT OR REPLACE over an entry (its
    hidden delete fires no trigger), not by PostgreSQL's TRUNCATE."""
    bank = any_bank
    customer = Customer(1, "김민준", "850315-1******")
    bank.audit.record("issue", "refused", customer, "otp_locked")
    entry_id = bank.store.db.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
    attempts = [
        ("UPDATE audit_log SET outcome = 'done'", ()),
        ("DELETE FROM audit_log", ()),
        (
            "INSERT OR REPLACE INTO audit_log"
            " (id, at, kiosk_id, service, customer, outcome, reason)"
            " VALUES (?, 'x', 'x', 'x', 'x', 'done', '')",
            (entry_id,),
        )
        if not bank.store.postgres
        else ("TRUNCATE audit_log", ()),
    ]
    for statement, parameters in attempts:
        with pytest.raises(Exception, match="append-only"):
            bank.store.db.execute(statement, parameters)
    entry = bank.audit.latest(1)[0]
    assert entry.customer == "김*준 850315-1******" and entry.reason == "otp_locked"
    assert entry.outcome == "refused" and entry.kiosk_id.startswith("KIOSK-")


@pytest.mark.parametrize(
    ("name", "masked"), [("김민준", "김*준"), ("왕웨이", "왕*이"), ("이름", "이*"), ("Li", "L*")]
)
def test_names_are_masked(name: str, masked: str) -> None:
    assert masked_customer(Customer(1, name, "x")).startswith(masked + " ")


def test_receipts_never_overwrite(tmp_path: Path, bank: Bank) -> None:
    receipt = Receipt("공동인증서 발급", bank.clock.now(), "KIOSK-1", (("일련번호", "1"),))
    first, second = save(tmp_path, receipt, "issue"), save(tmp_path, receipt, "issue")
    assert first != second and first.read_text(encoding="utf-8") == receipt.text
    assert first.stat().st_mode & 0o777 == 0o600


def test_operator_pin_is_hashed_and_locks(bank: Bank) -> None:
    stored = bank.store.meta("operator_pin") or ""
    assert DEFAULT_OPERATOR_PIN not in stored
    assert bank.operator.check(DEFAULT_OPERATOR_PIN)
    with pytest.raises(ValueError, match="6~12"):
        bank.operator.set_pin("12")
    for _ in range(OPERATOR_MAX_FAILURES):
        assert not bank.operator.check("000000")
    assert bank.operator.locked and not bank.operator.check(DEFAULT_OPERATOR_PIN)
    bank.operator.set_pin("55555555")
    assert not bank.operator.locked and bank.operator.check("55555555")


def test_idle_settings_are_checked(tmp_path: Path) -> None:
    assert load_config(tmp_path).idle_seconds == 120
    (tmp_path / "kiosk.toml").write_text(
        "[kiosk]\nidle_seconds = 60\nidle_warning_seconds = 10\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="idle_warning_seconds"):
        load_config(tmp_path)


def test_display_width_counts_hangul_as_two_columns() -> None:
    assert display_width("일련번호") == 8
    assert display_width("Serial") == 6
    assert display_width("김*준 850315-1******") == 20
    assert pad("고객", 6) == "고객  " and pad("Fee", 6) == "Fee   "


def test_receipt_values_line_up_in_one_column_on_paper(bank: Bank) -> None:
    # #19 item 13: labels were padded by characters, so "고객" (4 columns) and
    # "일련번호" (8 columns) pushed their values to different columns.
    fields = (("고객", "김*준 850315-1******"), ("수수료", "4,400원"), ("일련번호", "7777"))
    receipt = Receipt("공동인증서 발급", bank.clock.now(), "KIOSK-1", fields)
    lines = receipt.text.splitlines()
    values = ["공동인증서 발급", *(value for _, value in fields)]
    starts = {display_width(line[: line.index(v)]) for v in values for line in lines if v in line}
    assert len(starts) == 1, receipt.text
