"""One clock for a networked class: F8 on a kiosk of one bank process moves the
clock of every bank process on the books, so `kiosk phone --bank` agrees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.bankside.bank import Bank
from kiosk.core.clock import KST, ShiftedClock
from kiosk.factors.auth import AuthStatus
from kiosk.terminal.link import KioskLink
from screens.app import KioskApp
from screens.modals.phone import PhoneApp
from tests.fleet.live_bank import kiosk_dir, live_bank


async def test_phone_on_another_bank_process_agrees_after_f8(
    data_dir: Path, tmp_path: Path
) -> None:
    one, two = Bank.open(data_dir, ShiftedClock()), Bank.open(data_dir, ShiftedClock())
    try:
        with live_bank(one, "kiosk-1") as first, live_bank(two, "kiosk-2") as second:
            kiosk = KioskApp(KioskLink.remote(first.url, first.token, kiosk_dir(tmp_path)))
            async with kiosk.run_test(size=(100, 30)) as pilot:
                for _ in range(4):
                    await pilot.press("f8")
                await pilot.pause()
            phone_link = KioskLink.remote(second.url, second.token, kiosk_dir(tmp_path, "phone"))
            devices = phone_link.devices
            customer = devices.customer_by_phone("01012345678")
            assert customer is not None
            phone = PhoneApp(devices, "010-1234-5678", customer.id, customer.name)
            async with phone.run_test(size=(80, 30)) as pilot:
                await pilot.pause()
                shown = str(phone.query_one("#token").render())
            code = shown.split(":")[1].split()[0]
            moved = (two.clock.now() - dt.datetime.now(KST)).total_seconds()
            assert 200 < moved < 300, moved
            assert one.auth.verify_otp(customer.id, code).status is AuthStatus.OK
    finally:
        one.close()
        two.close()
