"""The class dashboard's books: a kiosk reports where its learner is as it moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.bankside.bank import Bank
from kiosk.bankside.classroom import ClassBoard
from kiosk.core.clock import ManualClock
from kiosk.visit.flows import Step
from kiosk_cli.main import main
from screens.app import KioskApp
from tests.ui.kiosk_keys import identify, wait_for


async def test_a_kiosk_reports_its_step_customer_and_errors_as_it_moves(bank: Bank) -> None:
    board = ClassBoard(bank.store, bank.clock)
    app = KioskApp(bank)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert board.stations() == []  # an idle kiosk has not reached for the bank
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        (station,) = board.stations()
        assert (station.status.service, station.status.step) == ("issue", "identity")
        assert station.status.mode == "free" and station.status.errors == 0
        await identify(pilot, rrn="850315-1234567", agree=False)  # a wrong check digit
        (station,) = board.stations()
        assert station.status.errors == 1 and station.status.step == "identity"
        await pilot.press("f1", "1")  # the same learner starts again
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot, agree=False)
        await wait_for(pilot, Step.CONSENT)
        (station,) = board.stations()
        assert station.status.step == "consent"
        assert station.status.customer == "김*준 850315-1******"  # masked, never whole
        await pilot.press("f1")
        await pilot.pause()
        (station,) = board.stations()
        assert (station.status.service, station.status.step) == ("", "")
    steps = [(step.step, step.errors) for step in board.steps()]
    assert steps == [("identity", 1), ("identity", 1), ("consent", 1)]


def test_a_played_scenario_is_listed_with_its_name_and_mode(
    data_dir: Path, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["demo", "refuse-expired-id", "--headless", "--data-dir", str(data_dir)]
    assert main([*argv, "--today", "2026-11-22"]) == 0
    capsys.readouterr()
    bank = Bank.open(data_dir, clock)
    try:
        (station,) = ClassBoard(bank.store, bank.clock).stations("2026-11-22")
    finally:
        bank.close()
    assert (station.status.scenario, station.status.mode) == ("refuse-expired-id", "demo")
    assert station.status.errors >= 1  # the expired ID card, refused
