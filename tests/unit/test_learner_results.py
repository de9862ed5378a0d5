"""The learners' results in the bank's books: kept through the bank's interface,
there for a new Bank on the same books (a restart, another process), on SQLite and
on PostgreSQL; a result the interface cannot take is refused, nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.bankside import wire
from kiosk.bankside.bank import Bank
from kiosk.bankside.classroom import ClassBoard, LearnerError, LearnerResult, StepTime
from kiosk.bankside.service import BankService
from kiosk.core.clock import ManualClock
from kiosk.core.refusal import RefusalCode, Refused
from tests.conftest import fresh_schema, postgres_url, without_books

RESULT = LearnerResult(
    learner="홍길동",
    scenario="issue-bank",
    mode="test",
    completed=True,
    outcome="issued",
    seconds=95,
    steps=(StepTime("identity", 40, 0), StepTime("auth", 55, 1)),
    errors=(LearnerError("input_error", "auth", "auth_failed"),),
    hints=0,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def books(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[str | None]:
    url = None if request.param == "sqlite" else fresh_schema(postgres_url())
    if url is not None:
        without_books(data_dir)
    yield url


def test_a_result_survives_a_new_bank_on_the_same_books(
    books: str | None, data_dir: Path, clock: ManualClock
) -> None:
    first = Bank.open(data_dir, clock, books)
    try:
        BankService(first, "강남-1").record_learner_result("tab-1", RESULT)
    finally:
        first.close()
    again = Bank.open(data_dir, clock, books)
    try:
        stored = ClassBoard(again.store, again.clock).results()
    finally:
        again.close()
    assert len(stored) == 1
    assert stored[0].result == RESULT
    assert (stored[0].station, stored[0].kiosk_id) == ("tab-1", "강남-1")


@pytest.mark.parametrize(
    "bad",
    [
        LearnerResult("홍길동", "issue-bank", "demo", True, "issued", 1),
        LearnerResult(
            "홍길동", "issue-bank", "test", True, "issued", 1, (), (LearnerError("oops", ""),)
        ),
        LearnerResult("길" * 65, "issue-bank", "test", True, "issued", 1),
    ],
)
def test_a_result_the_books_cannot_take_is_refused(bank: Bank, bad: LearnerResult) -> None:
    with pytest.raises(Refused) as refused:
        BankService(bank, "강남-1").record_learner_result("tab-1", bad)
    assert refused.value.code is RefusalCode.BAD_REQUEST
    assert ClassBoard(bank.store, bank.clock).results() == []


def test_a_result_crosses_the_wire_whole() -> None:
    method = BankService.record_learner_result
    sent = wire.encode_call(method, ("tab-1", RESULT), {})
    assert wire.decode_call(method, sent) == {"station": "tab-1", "result": RESULT}
