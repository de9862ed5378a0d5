"""Every code the audit log is written with has a word for staff, in both languages."""

from __future__ import annotations

import ast
from pathlib import Path

from kiosk.bankside import audit_words
from kiosk.core.i18n import Language, english_catalog, set_language
from kiosk.core.refusal import RefusalCode
from kiosk.visit.flows import Service

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    path for folder in ("kiosk", "kiosk_cli", "screens") for path in (ROOT / folder).rglob("*.py")
]


def _written_codes() -> set[str]:
    """The literal codes of every audit write: `audit(service, outcome, ..., reason)`
    (the kiosk's, the bank service's) and `audit.record(...)` (the bank's tools)."""
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            is_record = node.func.attr == "record" and "audit" in ast.unparse(node.func.value)
            if node.func.attr != "audit" and not is_record:
                continue
            arguments = [
                *node.args,
                *(keyword.value for keyword in node.keywords if keyword.arg != "kiosk_id"),
            ]
            for argument in arguments:
                for value in ast.walk(argument):
                    if isinstance(value, ast.JoinedStr):  # f"code {detail}": its first word
                        value = value.values[0]
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        code = value.value.partition(" ")[0]
                        if code and code.isidentifier():
                            found.add(code)
    return found


def test_the_scan_finds_the_audit_writes() -> None:
    written = _written_codes()
    assert {"operator", "staff_call", "operator_pin_wrong", "bank_admin", "refused"} <= written


def test_every_code_written_has_a_word() -> None:
    every = _written_codes() | {code.value for code in RefusalCode} | {s.value for s in Service}
    without = sorted(code for code in every if audit_words.word(code) == code)
    assert not without, f"audit codes without a word in kiosk/bankside/audit_words.py: {without}"


def test_the_words_are_in_english_too() -> None:
    catalog = english_catalog()
    tables = (audit_words.SERVICES, audit_words.OUTCOMES, audit_words.REASONS)
    missing = sorted({w for table in tables for w in table.values() if w not in catalog})
    assert not missing
    set_language(Language.ENGLISH)
    assert audit_words.word("otp_unlock") == "OTP unlock"
    assert audit_words.reason_words("training_disabled training/stage") == (
        "Training tools disabled training/stage"
    )
    assert audit_words.reason_words("1234567") == "1234567"  # data stays as written
