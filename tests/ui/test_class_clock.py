"""One clock for a class: the trainer's F8 moves the bank's clock, so every kiosk
and `kiosk phone` on the bank agree; the OTP replay guard survives a moved clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.bankside.bank import Bank
from kiosk.bankside.devices import CustomerDevices
from kiosk.core.clock import KST, ManualClock, ShiftedClock
from kiosk.factors.auth import OTP_STEP_SECONDS, Authenticator, AuthStatus
from screens.app import KioskApp
from screens.modals.phone import PhoneApp

KIM_PHONE = "010-1234-5678"


def _apart(one: dt.datetime, other: dt.datetime) -> float:
    return abs((one - other).total_seconds())


async def test_kiosk_phone_shows_codes_the_kiosk_accepts_after_f8(data_dir: Path) -> None:
    # Two processes' worth of banks on one data directory: the kiosk's and the phone's.
    kiosk_bank = Bank.open(data_dir, ShiftedClock())
    phone_bank = Bank.open(data_dir, ShiftedClock())
    try:
        kiosk = KioskApp(kiosk_bank)
        async with kiosk.run_test(size=(100, 30)) as pilot:
            for _ in range(5):  # five minutes on: ten OTP steps, far outside ±1
                await pilot.press("f8")
            await pilot.pause()
        devices = CustomerDevices(phone_bank)
        customer = devices.customer_by_phone(KIM_PHONE)
        assert customer is not None
        phone = PhoneApp(devices, KIM_PHONE, customer.id, customer.name)
        async with phone.run_test(size=(80, 30)) as pilot:
            await pilot.pause()
            shown = str(phone.query_one("#token").render())
        code = shown.split(":")[1].split()[0]
        assert code.isdigit() and len(code) == 6, shown
        assert _apart(kiosk_bank.clock.now(), phone_bank.clock.now()) < 5
        assert _apart(phone_bank.clock.now(), dt.datetime.now(KST)) > 250
        # What the trainee reads off the phone is what the kiosk's bank takes.
        assert kiosk_bank.auth.verify_otp(customer.id, code).status is AuthStatus.OK
    finally:
        kiosk_bank.close()
        phone_bank.close()


def test_a_kiosk_started_on_the_class_day_keeps_the_trainers_moves(data_dir: Path) -> None:
    day = dt.date(2027, 3, 1)
    first = Bank.open(data_dir, ShiftedClock(day))
    try:
        assert first.clock.now().date() == day
        first.clock.advance(600)
        joining = Bank.open(data_dir, ShiftedClock(day))  # another tab of `kiosk serve --today`
        plain = Bank.open(data_dir, ShiftedClock())  # a `kiosk phone` without --today
        try:
            for other in (joining, plain):
                assert _apart(other.clock.now(), first.clock.now()) < 5
            assert (
                _apart(first.clock.now(), dt.datetime.combine(day, dt.datetime.now(KST).timetz()))
                > 550
            )
        finally:
            joining.close()
            plain.close()
    finally:
        first.close()


def _accepted_at(auth: Authenticator, customer_id: int, at: dt.datetime) -> AuthStatus:
    token = auth._token(customer_id)
    assert token is not None
    return auth.verify_otp(customer_id, token[0].at(at)).status


def test_a_clock_moved_back_does_not_lock_the_customer_out(bank: Bank, clock: ManualClock) -> None:
    customer = CustomerDevices(bank).customer_by_phone(KIM_PHONE)
    assert customer is not None
    auth = bank.auth
    assert _accepted_at(auth, customer.id, clock.now()) is AuthStatus.OK
    clock.advance(-86400)  # a class started again on the day before
    for _ in range(12):  # more than the ten errors that would lock the token
        clock.advance(OTP_STEP_SECONDS * 3)
        assert _accepted_at(auth, customer.id, clock.now()) is AuthStatus.OK
    assert not auth.otp_locked(customer.id) and auth.otp_failures(customer.id) == 0


def test_a_clock_moved_on_again_lets_no_used_code_be_replayed(
    bank: Bank, clock: ManualClock
) -> None:
    customer = CustomerDevices(bank).customer_by_phone(KIM_PHONE)
    assert customer is not None
    auth = bank.auth
    used_at = clock.now()
    assert _accepted_at(auth, customer.id, used_at) is AuthStatus.OK
    assert _accepted_at(auth, customer.id, used_at) is AuthStatus.REPLAYED
    clock.advance(-3600)
    assert _accepted_at(auth, customer.id, clock.now()) is AuthStatus.OK
    clock.advance(3600)  # back where the first code was used: it stays used
    assert _accepted_at(auth, customer.id, used_at) is AuthStatus.REPLAYED
    clock.advance(60)  # F8: the old code is out of the window, never taken again
    assert _accepted_at(auth, customer.id, used_at) is AuthStatus.WRONG
    assert _accepted_at(auth, customer.id, clock.now()) is AuthStatus.OK
