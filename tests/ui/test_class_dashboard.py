"""The class dashboard's books: a kiosk reports where its learner is as it moves."""

from __future__ import annotations

from kiosk.bankside.bank import Bank
from kiosk.bankside.classroom import ClassBoard
from kiosk.visit.flows import Step
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
