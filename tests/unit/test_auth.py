"""SMS and OTP limits of DESIGN §6, with the clock moved explicitly."""

from __future__ import annotations

import pyotp

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ManualClock
from kiosk.factors.auth import Authenticator, AuthStatus, SendRefused
from kiosk.people.demo_customers import find
from kiosk.storage.store import Store

PHONE = "010-1234-5678"


def _code(auth: Authenticator) -> str:
    body = auth.inbox(PHONE, limit=1)[0][1]
    return body.split("[")[2].split("]")[0]


def test_sms_code_is_accepted_once(bank: Bank) -> None:
    challenge = bank.auth.send_sms(PHONE)
    code = _code(bank.auth)
    assert len(code) == 6 and code.isdigit()
    assert bank.auth.verify_sms(challenge.id, code).ok
    assert bank.auth.verify_sms(challenge.id, code).status is AuthStatus.USED


def test_sms_code_expires_after_180_seconds(bank: Bank, clock: ManualClock) -> None:
    challenge = bank.auth.send_sms(PHONE)
    clock.advance(180)
    code = _code(bank.auth)
    second = bank.auth.send_sms(PHONE)
    assert bank.auth.verify_sms(challenge.id, code).ok  # exactly at the limit: still valid
    clock.advance(181)
    assert bank.auth.verify_sms(second.id, _code(bank.auth)).status is AuthStatus.EXPIRED


def test_five_wrong_sms_entries_void_the_code(bank: Bank) -> None:
    challenge = bank.auth.send_sms(PHONE)
    code = _code(bank.auth)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    results = [bank.auth.verify_sms(challenge.id, wrong) for _ in range(5)]
    assert [r.failures for r in results] == [1, 2, 3, 4, 5]
    assert results[3].status is AuthStatus.WRONG and results[4].status is AuthStatus.VOIDED
    assert bank.auth.verify_sms(challenge.id, code).status is AuthStatus.VOIDED


def test_malformed_codes_are_not_counted(bank: Bank) -> None:
    challenge = bank.auth.send_sms(PHONE)
    for junk in ("", "12345", "1234567", "12a456", "１２３４５６"):
        assert bank.auth.verify_sms(challenge.id, junk).status is AuthStatus.MALFORMED
    assert bank.auth.verify_sms(challenge.id, _code(bank.auth)).ok


def test_sms_sends_are_limited(bank: Bank, clock: ManualClock) -> None:
    for _ in range(5):
        bank.auth.send_sms(PHONE)
    try:
        bank.auth.send_sms(PHONE)
    except SendRefused as refused:
        assert refused.status is AuthStatus.SEND_LIMIT
    else:
        raise AssertionError("sixth send in ten minutes was allowed")
    clock.advance(601)
    bank.auth.send_sms(PHONE)


def _otp(clock: ManualClock, offset_steps: int = 0) -> str:
    secret = find("김민준").otp_secret
    assert secret is not None
    return pyotp.TOTP(secret).at(clock.now().timestamp() + 30 * offset_steps)


def test_otp_accepts_one_step_either_side_and_never_twice(bank: Bank, clock: ManualClock) -> None:
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    assert bank.auth.verify_otp(customer.id, _otp(clock, -1)).ok
    assert bank.auth.verify_otp(customer.id, _otp(clock, -1)).status is AuthStatus.REPLAYED
    assert bank.auth.verify_otp(customer.id, _otp(clock, 0)).ok
    assert bank.auth.verify_otp(customer.id, _otp(clock, 1)).ok
    clock.advance(30)
    assert bank.auth.verify_otp(customer.id, _otp(clock, 1)).ok
    assert bank.auth.verify_otp(customer.id, _otp(clock, 3)).status is AuthStatus.WRONG
    assert bank.auth.verify_otp(customer.id, _otp(clock, -2)).status is AuthStatus.WRONG


def test_ten_consecutive_otp_errors_lock_across_restarts(bank: Bank, clock: ManualClock) -> None:
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    good = _otp(clock)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    for _ in range(9):
        assert bank.auth.verify_otp(customer.id, wrong).status is AuthStatus.WRONG
    assert bank.auth.verify_otp(customer.id, wrong).status is AuthStatus.LOCKED
    # A second kiosk process on the same data directory sees the lock.
    other = Authenticator(Store(bank.data_dir), clock)
    assert other.otp_locked(customer.id)
    assert other.verify_otp(customer.id, good).status is AuthStatus.LOCKED
    other.unlock_otp(customer.id)
    assert bank.auth.verify_otp(customer.id, good).ok


def test_a_right_otp_resets_the_error_count(bank: Bank, clock: ManualClock) -> None:
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    for _ in range(9):
        bank.auth.verify_otp(customer.id, "000000" if _otp(clock) != "000000" else "111111")
    assert bank.auth.otp_failures(customer.id) == 9
    assert bank.auth.verify_otp(customer.id, _otp(clock)).ok
    assert bank.auth.otp_failures(customer.id) == 0


def test_trainer_sees_the_current_otp_and_seconds_left(bank: Bank, clock: ManualClock) -> None:
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    shown = bank.auth.current_otp(customer.id)
    assert shown is not None and shown[0] == _otp(clock) and 1 <= shown[1] <= 30
