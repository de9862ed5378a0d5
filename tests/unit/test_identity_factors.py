"""계좌 인증, 1원 이체 인증 and 휴대폰 본인인증, with their limits."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ManualClock
from kiosk.factors.auth import SmsChallenge
from kiosk.people.identity_factors import FactorResult, FactorStatus, IdentityFactors
from kiosk.storage.store import Store

ACCOUNT = "1002-345-678901"


def test_account_and_password_identify_the_owner(bank: Bank) -> None:
    result = bank.factors.check_account(ACCOUNT, "1234")
    assert result.ok and result.customer is not None and result.customer.name == "김민준"
    assert bank.factors.check_account("1002345678901", "1234").ok  # hyphens optional


def test_account_password_is_stored_hashed(bank: Bank) -> None:
    stored = bank.store.db.execute(
        "SELECT pin_hash FROM accounts WHERE number = ?", (ACCOUNT,)
    ).fetchone()
    # A hex digest of 64 characters, not the password: a digest may contain "1234"
    # by chance (about one in a thousand), so the check is that it is not only that.
    assert stored[0] != "1234" and len(stored[0]) == 64
    assert all(ch in "0123456789abcdef" for ch in stored[0])


def test_five_wrong_account_passwords_lock_it_across_processes(
    bank: Bank, clock: ManualClock
) -> None:
    results = [bank.factors.check_account(ACCOUNT, "0000") for _ in range(5)]
    assert [r.failures for r in results] == [1, 2, 3, 4, 5]
    assert "오류 4/5회" in results[3].message and results[4].status is FactorStatus.PIN_LOCKED
    other = Store(bank.data_dir)
    again = IdentityFactors(other, bank.registry, bank.auth, clock).check_account(ACCOUNT, "1234")
    assert again.status is FactorStatus.PIN_LOCKED


def test_a_right_password_resets_the_count(bank: Bank) -> None:
    for _ in range(4):
        bank.factors.check_account(ACCOUNT, "0000")
    assert bank.factors.check_account(ACCOUNT, "1234").ok
    assert bank.factors.check_account(ACCOUNT, "0000").failures == 1


def test_paying_needs_the_payers_own_account(bank: Bank) -> None:
    other = bank.registry.find_by_rrn("9207082345672")
    assert other is not None
    result = bank.factors.check_account(ACCOUNT, "1234", owner=other)
    assert result.status is FactorStatus.NOT_OWN_ACCOUNT
    failures = bank.store.db.execute(
        "SELECT pin_failures FROM accounts WHERE number = ?", (ACCOUNT,)
    )
    assert failures.fetchone()[0] == 0  # someone else's account: its password is not even tried


def test_account_refusals(bank: Bank) -> None:
    assert bank.factors.check_account("12", "1234").status is FactorStatus.BAD_ACCOUNT_NUMBER
    assert bank.factors.check_account(ACCOUNT, "12a4").status is FactorStatus.BAD_PIN
    assert (
        bank.factors.check_account("9999-999-999999", "1234").status is FactorStatus.NO_SUCH_ACCOUNT
    )


def _memo_code(bank: Bank) -> str:
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    _, amount, memo = bank.factors.account_history(customer.id, 1)[0]
    assert amount == 1
    match = re.search(r"(\d{4})$", memo)
    assert match
    return match.group(1)


def test_one_won_transfer_code_read_back_from_the_history(bank: Bank) -> None:
    check = bank.factors.send_one_won(ACCOUNT)
    assert check is not None
    code = _memo_code(bank)
    wrong = f"{(int(code) + 1) % 10_000:04d}"
    assert bank.factors.check_one_won(check, wrong).status is FactorStatus.WRONG_CODE
    result = bank.factors.check_one_won(check, code)
    assert result.ok and result.customer is not None and result.customer.name == "김민준"
    assert bank.factors.check_one_won(check, code).status is FactorStatus.EXPIRED  # single use
    balance = bank.store.db.execute(
        "SELECT balance FROM accounts WHERE number = ?", (ACCOUNT,)
    ).fetchone()
    assert balance[0] == 1_250_001


def test_one_won_limits(bank: Bank, clock: ManualClock) -> None:
    check = bank.factors.send_one_won(ACCOUNT)
    assert check is not None
    code = _memo_code(bank)
    wrong = f"{(int(code) + 1) % 10_000:04d}"
    results = [bank.factors.check_one_won(check, wrong) for _ in range(5)]
    assert results[-1].status is FactorStatus.VOIDED
    assert bank.factors.check_one_won(check, code).status is FactorStatus.VOIDED
    late = bank.factors.send_one_won(ACCOUNT)
    assert late is not None
    late_code = _memo_code(bank)
    clock.advance(601)
    assert bank.factors.check_one_won(late, late_code).status is FactorStatus.EXPIRED
    assert bank.factors.send_one_won("no account") is None


def test_phone_check_needs_the_registered_carrier_and_number(bank: Bank) -> None:
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    wrong = bank.factors.start_phone_check(customer, "KT", "010-1234-5678")
    assert isinstance(wrong, FactorResult) and wrong.status is FactorStatus.PHONE_MISMATCH
    challenge = bank.factors.start_phone_check(customer, "skt", "01012345678")
    assert isinstance(challenge, SmsChallenge)
    body = bank.auth.inbox("010-1234-5678", 1)[0][1]
    code = body.split("[")[2].split("]")[0]
    assert bank.factors.finish_phone_check(challenge, code).ok
    no_phone = bank.registry.find_by_rrn("9005051567891")
    assert no_phone is not None
    result = bank.factors.start_phone_check(no_phone, "SKT", "010-0000-0000")
    assert isinstance(result, FactorResult) and result.status is FactorStatus.NO_PHONE
    for garbage in (
        "",
        "전화번호",
        "010-1234",
        "02-123-45678",
        "０１０１２３４５６７８",
        "010 1234 5678",
    ):
        shaped = bank.factors.start_phone_check(customer, "SKT", garbage)
        assert isinstance(shaped, FactorResult) and shaped.status is FactorStatus.BAD_PHONE
    assert len(bank.auth.inbox("010-1234-5678", 10)) == 1  # nothing sent for any of them


def test_factor_fields_take_any_text(bank: Bank) -> None:
    @given(st.text(max_size=20), st.text(max_size=8))
    def check(account: str, pin: str) -> None:
        result = bank.factors.check_account(account, pin)
        assert result.message
        assert bank.factors.check_one_won(1, pin).message

    check()


def test_one_won_code_counts_only_for_the_account_holder_claimed(bank: Bank) -> None:
    check = bank.factors.send_one_won("1002-345-678901")
    assert check is not None
    memo = bank.store.db.execute("SELECT memo FROM account_history ORDER BY id DESC").fetchone()[0]
    other = bank.registry.find_by_rrn("9207082345672")
    assert other is not None
    refused = bank.factors.check_one_won(check, memo[-4:], owner=other)
    assert refused.status.name == "NOT_OWN_ACCOUNT"
    owner = bank.registry.find_by_rrn("8503151234566")
    result = bank.factors.check_one_won(check, memo[-4:], owner=owner)
    assert result.ok and result.customer is not None and result.customer.name == "김민준"
