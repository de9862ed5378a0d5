import pytest

from kiosk.factors.password_rules import PasswordRule, broken_rules


def test_a_good_password_breaks_nothing() -> None:
    assert broken_rules("Kiosk!2026pw", "Kiosk!2026pw") == []


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("", PasswordRule.EMPTY),
        ("Ab1!", PasswordRule.TOO_SHORT),
        ("1234567890!", PasswordRule.NO_LETTER),
        ("abcdefghij!", PasswordRule.NO_DIGIT),
        ("abcdefghij1", PasswordRule.NO_SPECIAL),
        ("abcdefgh1'x!", PasswordRule.FORBIDDEN_CHAR),
        ('abcdefgh1"x!', PasswordRule.FORBIDDEN_CHAR),
        ("abcdefgh1₩x!", PasswordRule.FORBIDDEN_CHAR),
        ("abcdefgh1\\x!", PasswordRule.FORBIDDEN_CHAR),
        ("abcdefgh1|x!", PasswordRule.FORBIDDEN_CHAR),
        ("비밀번호abc123!", PasswordRule.NOT_ASCII),
        ("abc 12345 !", PasswordRule.NOT_ASCII),
    ],
)
def test_each_broken_rule_is_named(password: str, rule: PasswordRule) -> None:
    assert rule in broken_rules(password)


def test_confirmation_must_match_exactly_case_included() -> None:
    assert broken_rules("Kiosk!2026pw", "kiosk!2026pw") == [PasswordRule.MISMATCH]


def test_several_broken_rules_are_all_reported() -> None:
    assert broken_rules("abc") == [
        PasswordRule.TOO_SHORT,
        PasswordRule.NO_DIGIT,
        PasswordRule.NO_SPECIAL,
    ]
