"""The embedded kiosk runs the bank's timed jobs itself, off the UI thread."""

from __future__ import annotations

import datetime as dt

from kiosk.bankside.bank import Bank
from kiosk.certs.products import BANK_USE
from kiosk.core.clock import ManualClock
from kiosk.training.staging import stage_certificate
from screens.app import KioskApp
from tests.ui.kiosk_keys import settle

PHONE_OF_KIM = "010-1234-5678"


async def test_a_reminder_reaches_the_phone_with_no_visit_and_no_clock_move(
    bank: Bank, clock: ManualClock
) -> None:
    issued = stage_certificate(bank, "김민준", BANK_USE, clock.now().date(), "Kiosk!2026pw")
    clock.advance((issued.not_after - clock.now() - dt.timedelta(days=10)).total_seconds())
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not any("30일 전" in body for _, body in app.devices.inbox(PHONE_OF_KIM))
        app.bank_round()  # what the minute's timer does
        await settle(pilot)
        assert "30일 전" in app.devices.inbox(PHONE_OF_KIM, limit=1)[0][1]


async def test_a_failing_round_leaves_the_kiosk_up(bank: Bank) -> None:
    app = KioskApp(bank)

    def broken() -> None:
        raise RuntimeError("database gone")

    app.link.timed_jobs = broken
    async with app.run_test(size=(80, 24)) as pilot:
        app.bank_round()
        await settle(pilot)
        assert app.is_running
        await pilot.press("1")  # and the next customer is served
        await settle(pilot)
        assert app.session.service is not None
