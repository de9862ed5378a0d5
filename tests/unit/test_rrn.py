import datetime as dt

import pytest

from kiosk.people import rrn
from kiosk.people.demo_customers import DEMO_CUSTOMERS

TODAY = dt.date(2026, 11, 22)


def test_valid_number_with_and_without_hyphen() -> None:
    assert rrn.parse("850315-1234566", TODAY).digits == "8503151234566"
    assert rrn.parse("8503151234566", TODAY).birth_date == dt.date(1985, 3, 15)


def test_wrong_check_digit_is_refused_for_people_born_before_the_reform() -> None:
    with pytest.raises(rrn.InvalidRrn) as caught:
        rrn.parse("850315-1234567", TODAY)
    assert caught.value.error is rrn.RrnError.BAD_CHECK_DIGIT


def test_numbers_assigned_after_2020_10_05_have_no_check_digit() -> None:
    # 210315-4123450: the check-digit formula would want 7, yet the number is valid.
    assert rrn.check_digit("210315412345") != 0
    parsed = rrn.parse("210315-4123450", TODAY)
    assert parsed.birth_date == dt.date(2021, 3, 15)


def test_the_day_before_the_reform_still_needs_the_check_digit() -> None:
    digits12 = "201004312345"
    wrong = (rrn.check_digit(digits12) + 1) % 10
    with pytest.raises(rrn.InvalidRrn):
        rrn.parse(f"{digits12[:6]}-{digits12[6:]}{wrong}", TODAY)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", rrn.RrnError.MALFORMED),
        ("85031-51234566", rrn.RrnError.MALFORMED),
        ("850315-123456", rrn.RrnError.MALFORMED),
        ("８５０３１５-１２３４５６６", rrn.RrnError.MALFORMED),
        ("850230-1234566", rrn.RrnError.BAD_DATE),
        ("851315-1234566", rrn.RrnError.BAD_DATE),
        ("301231-3000000", rrn.RrnError.FUTURE_DATE),
    ],
)
def test_refusals_name_the_rule(text: str, error: rrn.RrnError) -> None:
    with pytest.raises(rrn.InvalidRrn) as caught:
        rrn.parse(text, TODAY)
    assert caught.value.error is error
    assert str(caught.value) == error.message


@pytest.mark.parametrize(
    ("digit", "century", "foreign"),
    [(9, 1800, False), (0, 1800, False), (1, 1900, False), (2, 1900, False), (3, 2000, False),
     (4, 2000, False), (5, 1900, True), (6, 1900, True), (7, 2000, True), (8, 2000, True)],
)  # fmt: skip
def test_gender_digit_gives_century_and_residency(digit: int, century: int, foreign: bool) -> None:
    digits12 = f"010101{digit}12345"
    number = f"{digits12[:6]}-{digits12[6:]}{rrn.check_digit(digits12)}"
    parsed = rrn.parse(number, TODAY)
    assert parsed.birth_date.year == century + 1
    assert parsed.is_foreign_resident is foreign


def test_masking_hides_everything_after_the_gender_digit() -> None:
    assert rrn.mask("850315-1234566") == "850315-1******"
    assert rrn.mask("garbage") == "******-*******"
    parsed = rrn.parse("850315-1234566", TODAY)
    assert "1234566" not in repr(parsed)
    assert "1234566" not in str(parsed)


def test_every_demo_customer_has_a_valid_number() -> None:
    for person in DEMO_CUSTOMERS:
        rrn.parse(person.rrn, TODAY)
