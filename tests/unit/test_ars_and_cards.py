"""ARS calls and 보안카드 limits of DESIGN §6, time moved only by the clock."""

from __future__ import annotations

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ManualClock
from kiosk.factors.auth import (
    ARS_WINDOW_SECONDS,
    ArsCalls,
    ArsStatus,
    CardChallenge,
    CardStatus,
    SecurityCards,
)
from kiosk.storage.store import Store

PHONE = "010-1234-5678"


def test_ars_passes_with_the_digits_shown_on_the_kiosk(bank: Bank) -> None:
    call = bank.ars.call(PHONE)
    assert len(call.digits) == 2 and call.digits.isdigit()
    assert bank.ars.ringing(PHONE) == call.id
    assert bank.ars.status(call.id) is ArsStatus.RINGING
    assert bank.ars.answer(call.id, call.digits) is ArsStatus.PASSED
    assert bank.ars.status(call.id) is ArsStatus.PASSED
    assert bank.ars.ringing(PHONE) is None  # the call has ended


def test_ars_takes_one_entry_per_call(bank: Bank) -> None:
    call = bank.ars.call(PHONE)
    wrong = f"{(int(call.digits) + 1) % 100:02d}"
    assert bank.ars.answer(call.id, wrong) is ArsStatus.WRONG
    assert bank.ars.answer(call.id, call.digits) is ArsStatus.WRONG
    assert bank.ars.status(call.id) is ArsStatus.WRONG


def test_ars_window_is_120_seconds(bank: Bank, clock: ManualClock) -> None:
    call = bank.ars.call(PHONE)
    clock.advance(ARS_WINDOW_SECONDS)
    assert bank.ars.status(call.id) is ArsStatus.RINGING
    clock.advance(1)
    assert bank.ars.status(call.id) is ArsStatus.EXPIRED
    assert bank.ars.ringing(PHONE) is None
    assert bank.ars.answer(call.id, call.digits) is ArsStatus.EXPIRED


def test_a_phone_in_another_process_sees_and_answers_the_call(
    bank: Bank, clock: ManualClock
) -> None:
    call = bank.ars.call(PHONE)
    other = ArsCalls(Store(bank.data_dir), clock)  # what `kiosk phone` opens
    ringing = other.ringing(PHONE)
    assert ringing == call.id
    assert other.answer(ringing, call.digits) is ArsStatus.PASSED
    assert bank.ars.status(call.id) is ArsStatus.PASSED


def _card_customer(bank: Bank) -> int:
    customer = bank.registry.find_by_rrn("9508172234561")
    assert customer is not None
    return customer.id


def test_security_card_asks_two_different_codes(bank: Bank) -> None:
    for _ in range(50):
        challenge = bank.cards.challenge()
        assert 1 <= challenge.first <= 35 and 1 <= challenge.second <= 35
        assert challenge.first != challenge.second


def test_security_card_first_two_and_last_two_digits(bank: Bank) -> None:
    customer_id = _card_customer(bank)
    codes = bank.cards.codes(customer_id)
    assert codes is not None and len(codes) == 35
    challenge = CardChallenge(3, 17)
    first2, last2 = codes[2][:2], codes[16][2:]
    assert bank.cards.verify(customer_id, challenge, first2, last2).ok
    assert bank.cards.verify(customer_id, challenge, "1", last2).status is CardStatus.MALFORMED
    assert bank.cards.verify(customer_id, challenge, "ab", last2).status is CardStatus.MALFORMED


def test_five_consecutive_card_errors_lock_it_across_processes(bank: Bank) -> None:
    customer_id = _card_customer(bank)
    codes = bank.cards.codes(customer_id)
    assert codes is not None
    challenge = CardChallenge(1, 2)
    wrong = f"{(int(codes[0][:2]) + 1) % 100:02d}"
    results = [bank.cards.verify(customer_id, challenge, wrong, codes[1][2:]) for _ in range(5)]
    assert [r.failures for r in results] == [1, 2, 3, 4, 5]
    assert results[3].status is CardStatus.WRONG and "오류 4/5회" in results[3].message
    assert results[4].status is CardStatus.LOCKED
    assert SecurityCards(Store(bank.data_dir)).locked(customer_id)
    right = bank.cards.verify(customer_id, challenge, codes[0][:2], codes[1][2:])
    assert right.status is CardStatus.LOCKED


def test_a_right_card_answer_resets_the_count(bank: Bank) -> None:
    customer_id = _card_customer(bank)
    codes = bank.cards.codes(customer_id)
    assert codes is not None
    challenge = CardChallenge(5, 6)
    wrong = f"{(int(codes[4][:2]) + 1) % 100:02d}"
    for _ in range(4):
        bank.cards.verify(customer_id, challenge, wrong, codes[5][2:])
    assert bank.cards.verify(customer_id, challenge, codes[4][:2], codes[5][2:]).ok
    assert bank.cards.verify(customer_id, challenge, wrong, codes[5][2:]).failures == 1


def test_customer_without_a_card(bank: Bank) -> None:
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    assert bank.cards.codes(customer.id) is None
    assert (
        bank.cards.verify(customer.id, CardChallenge(1, 2), "12", "34").status is CardStatus.NO_CARD
    )


def test_locked_otp_customer_is_seeded_locked(bank: Bank) -> None:
    customer = bank.registry.find_by_rrn("8702121345673")
    assert customer is not None and bank.auth.otp_locked(customer.id)


def test_card_and_keypad_fields_take_any_text(bank: Bank) -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    customer_id = _card_customer(bank)
    call = bank.ars.call(PHONE)

    @given(st.text(max_size=6), st.text(max_size=6))
    def check(first2: str, last2: str) -> None:
        result = bank.cards.verify(customer_id, CardChallenge(1, 2), first2, last2)
        assert result.message
        if not (first2.isascii() and first2.isdigit() and len(first2) == 2):
            assert result.status is CardStatus.MALFORMED
        assert bank.ars.answer(call.id, first2 + last2) in ArsStatus

    check()
