"""Kiosks and trainers hold bearer tokens of one kind: shown once, kept hashed."""

from __future__ import annotations

import pytest

from kiosk.bankside.bank import Bank
from kiosk.bankside.kiosk_tokens import KioskExists, KioskTokens, TrainerTokens


def test_a_kiosk_name_stays_taken_until_the_kiosk_is_removed(bank: Bank) -> None:
    kiosks = KioskTokens(bank.store, bank.clock)
    first = kiosks.add("강남-1")
    with pytest.raises(KioskExists):
        kiosks.add("강남-1")
    assert kiosks.kiosk_for(first) == "강남-1"
    assert kiosks.remove("강남-1")
    assert kiosks.kiosk_for(first) is None
    second = kiosks.add("강남-1")
    assert kiosks.kiosk_for(second) == "강남-1" and kiosks.kiosk_for(first) is None


def test_a_trainer_added_again_gets_a_new_token_and_the_old_one_stops(bank: Bank) -> None:
    trainers = TrainerTokens(bank.store, bank.clock)
    lost = trainers.add("강사")
    again = trainers.add("강사")
    assert trainers.trainer_for(again) == "강사"
    assert trainers.trainer_for(lost) is None


def test_tokens_of_one_kind_open_nothing_of_the_other(bank: Bank) -> None:
    kiosk = KioskTokens(bank.store, bank.clock).add("강남-1")
    trainer = TrainerTokens(bank.store, bank.clock).add("강사")
    assert TrainerTokens(bank.store, bank.clock).trainer_for(kiosk) is None
    assert KioskTokens(bank.store, bank.clock).kiosk_for(trainer) is None
    stored = [row[0] for row in bank.store.db.execute("SELECT token_hash FROM trainer_tokens")]
    assert trainer not in stored  # only the hash is kept


@pytest.mark.parametrize("name", ["", "   ", "x" * 65, "강\x07사"])
def test_names_must_be_short_and_printable(bank: Bank, name: str) -> None:
    with pytest.raises(ValueError, match="trainer names"):
        TrainerTokens(bank.store, bank.clock).add(name)
