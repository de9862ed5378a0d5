"""Garbage typed into any kiosk field reaches these domain functions: each answers
with a refusal the screen can show (a code and a message), never an exception, and
changes nothing it should not. Every example gets a fresh bank, so a count or lock
left by one example never decides the next (the kiosk's screens get a few of the
same examples in tests/ui/test_input_garbage.py)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.bankside.bank import Bank
from kiosk.certs import cert_files
from kiosk.certs.found_certs import scan
from kiosk.certs.products import BANK_USE
from kiosk.certs.records import PasswordAttempts
from kiosk.core.clock import ManualClock
from kiosk.core.refusal import Refused
from kiosk.factors.pin_rules import broken_pin_rules
from kiosk.people import identity
from kiosk.people.customers import DocumentKind
from kiosk.people.identity_factors import FactorResult
from kiosk.training.staging import stage_certificate
from tests.conftest import TODAY

# Printable characters a keyboard or keypad can send, Korean included.
typed = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=16
)
digitish = st.text(alphabet="0123456789- ", max_size=16)
field = st.one_of(typed, digitish)
MINJUN_RRN = "8503151234566"
PASSWORD = "Kiosk!2026pw"


FreshBank = Callable[[], AbstractContextManager[Bank]]


@pytest.fixture(scope="module")
def fresh(data_template: Path) -> Iterator[FreshBank]:
    @contextmanager
    def open_fresh() -> Iterator[Bank]:
        with tempfile.TemporaryDirectory() as parent:
            directory = Path(parent) / "data"
            shutil.copytree(data_template, directory)
            bank = Bank.open(directory, ManualClock(TODAY))
            try:
                yield bank
            finally:
                bank.close()

    yield open_fresh


def _refused(result: FactorResult) -> None:
    assert not result.ok and result.customer is None and result.message


@settings(max_examples=40)
@given(name=typed, rrn=field, kind=st.sampled_from(list(DocumentKind)), a=field, b=field)
def test_identity_check_on_garbage(
    fresh: FreshBank, name: str, rrn: str, kind: DocumentKind, a: str, b: str
) -> None:
    with fresh() as bank:
        claim = identity.DocumentClaim(kind, a, a, a, b)
        with pytest.raises(Refused) as refused:
            identity.verify(bank.registry, name, rrn, claim, TODAY.date())
        assert refused.value.message and refused.value.code


@settings(max_examples=40)
@given(account=field, pin=field, code=field)
def test_account_password_and_one_won_on_garbage(
    fresh: FreshBank, account: str, pin: str, code: str
) -> None:
    with fresh() as bank:
        before = bank.store.db.execute(
            "SELECT number, pin_failures, pin_locked, balance FROM accounts ORDER BY number"
        ).fetchall()
        real_pin = pin in ("1234", "5678", "2468", "1357", "9753", "8642", "3141", "2718")
        result = bank.factors.check_account(account, pin)
        if not real_pin:
            _refused(result)
        owner = bank.registry.find_by_rrn(MINJUN_RRN)
        check = bank.factors.send_one_won("1002-345-678901")
        assert isinstance(check, int)
        one_won = bank.factors.check_one_won(check, code, owner)
        _refused(one_won)  # four random digits are not in garbage's reach but by luck
        after = bank.store.db.execute(
            "SELECT number, pin_failures, pin_locked, balance FROM accounts ORDER BY number"
        ).fetchall()
        changed = [tuple(a) for a, b in zip(before, after, strict=True) if tuple(a) != tuple(b)]
        # Only a well-formed wrong password for a real account may count a failure.
        assert len(changed) <= 1


@settings(max_examples=40)
@given(carrier=typed, number=field, code=field)
def test_phone_check_on_garbage(fresh: FreshBank, carrier: str, number: str, code: str) -> None:
    with fresh() as bank:
        customer = bank.registry.find_by_rrn(MINJUN_RRN)
        assert customer is not None
        started = bank.factors.start_phone_check(customer, carrier, number)
        if isinstance(started, FactorResult):
            _refused(started)
            started = bank.factors.start_phone_check(customer, "SKT", "010-1234-5678")
            assert not isinstance(started, FactorResult)
        answer = bank.factors.finish_phone_check(started, code)
        assert answer.message and (not answer.ok or len(code.strip()) == 6)


@settings(max_examples=25)
@given(old=typed, new=typed, again=typed)
def test_password_change_on_garbage_leaves_the_key_as_it_was(
    fresh: FreshBank, old: str, new: str, again: str
) -> None:
    with fresh() as bank:
        stage_certificate(bank, "김민준", BANK_USE, TODAY.date() - dt.timedelta(days=30), PASSWORD)
        [found] = scan(bank.media)
        key = found.info.key_path().read_bytes()
        with pytest.raises(Refused) as refused:
            cert_files.change_password(found, old, new, again, PasswordAttempts())
        assert refused.value.message and refused.value.code
        assert found.info.key_path().read_bytes() == key


@given(pin=field, again=st.one_of(st.none(), field))
def test_pin_rules_on_garbage(pin: str, again: str | None) -> None:
    broken = broken_pin_rules(pin, again)
    assert all(rule.message for rule in broken)
    if not broken:
        assert len(pin) == 6 and pin.isascii() and pin.isdigit()
