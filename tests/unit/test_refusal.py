"""Refusals as data: a code the program decides by, and a phrase worded only
when it is read, in the language of that moment."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import pytest

from kiosk.certs.renewal import RenewalState
from kiosk.core.i18n import Language, Phrase, english_catalog, set_language, with_failures
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.auth import ArsStatus, AuthStatus, CardStatus
from kiosk.people.identity import IdentityRefusal
from kiosk.people.identity_factors import FactorStatus
from kiosk.people.rrn import RrnError

ROOT = Path(__file__).resolve().parents[2]
WRONG = "인증서 비밀번호가 틀렸습니다(오류 {count}/{limit}회)."


@pytest.fixture
def english() -> Iterator[None]:
    set_language(Language.ENGLISH)
    try:
        yield
    finally:
        set_language(Language.KOREAN)


def test_a_refusal_keeps_its_code_template_and_values() -> None:
    refused = Refused(RefusalCode.CERT_PASSWORD_WRONG, WRONG, count=2, limit=5)
    assert refused.code is RefusalCode.CERT_PASSWORD_WRONG
    assert refused.template == WRONG and refused.params == {"count": 2, "limit": 5}
    assert refused.message == str(refused) == "인증서 비밀번호가 틀렸습니다(오류 2/5회)."


def test_the_message_is_worded_when_it_is_read_not_when_raised(english: None) -> None:
    set_language(Language.KOREAN)
    refused = Refused(RefusalCode.CERT_PASSWORD_WRONG, WRONG, count=2, limit=5)
    set_language(Language.ENGLISH)
    assert refused.message == english_catalog()[WRONG].format(count=2, limit=5)
    set_language(Language.KOREAN)
    assert refused.message == "인증서 비밀번호가 틀렸습니다(오류 2/5회)."


def test_a_message_inside_a_message_is_translated_once(english: None) -> None:
    inner = Phrase("계좌 비밀번호가 일치하지 않습니다.")
    refused = Refused(RefusalCode.ACCOUNT_WRONG_PIN, with_failures(inner, 1, 5))
    assert refused.message == "The account password does not match. (wrong 1/5)"
    set_language(Language.KOREAN)
    assert refused.message == "계좌 비밀번호가 일치하지 않습니다. (오류 1/5회)"


def test_joined_messages_translate_their_parts_only(english: None) -> None:
    joined = Phrase.joined(" / ", [Phrase("비밀번호를 입력해 주세요."), "{braces} stay as typed"])
    assert (
        joined.render()
        == english_catalog()["비밀번호를 입력해 주세요."] + " / {braces} stay as typed"
    )


def test_a_phrase_is_given_either_whole_or_as_template_and_values() -> None:
    phrase = Phrase(WRONG, count=1, limit=5)
    assert Refused(RefusalCode.CERT_PASSWORD_WRONG, phrase).phrase == phrase
    assert Phrase.of(phrase) is phrase and Phrase.of("x") == Phrase("x")
    assert hash(phrase) == hash(Phrase(WRONG, count=1, limit=5))
    with pytest.raises(TypeError):
        Refused(RefusalCode.CERT_PASSWORD_WRONG, phrase, count=1)


def test_a_code_from_outside_that_the_kiosk_does_not_know_is_a_plain_refusal() -> None:
    assert RefusalCode.parse("pin_wrong") is RefusalCode.PIN_WRONG
    assert RefusalCode.parse("something_new") is RefusalCode.REFUSED
    assert RefusalCode.parse(None) is RefusalCode.REFUSED


@pytest.mark.parametrize(
    ("prefix", "statuses"),
    [
        ("auth", [s for s in AuthStatus if s is not AuthStatus.OK]),
        ("card", [s for s in CardStatus if s is not CardStatus.OK]),
        ("ars", [ArsStatus.WRONG, ArsStatus.EXPIRED]),
        ("rrn", list(RrnError)),
        ("renew", [RenewalState.TOO_EARLY, RenewalState.EXPIRED]),
        ("account", [
            FactorStatus.BAD_ACCOUNT_NUMBER, FactorStatus.BAD_PIN, FactorStatus.NO_SUCH_ACCOUNT,
            FactorStatus.NOT_OWN_ACCOUNT, FactorStatus.WRONG_PIN, FactorStatus.PIN_LOCKED,
        ]),
        ("one_won", [
            FactorStatus.BAD_CODE, FactorStatus.WRONG_CODE, FactorStatus.EXPIRED,
            FactorStatus.VOIDED, FactorStatus.NOT_OWN_ACCOUNT,
        ]),
        ("phone", [FactorStatus.PHONE_MISMATCH, FactorStatus.NO_PHONE, FactorStatus.BAD_PHONE]),
    ],
)  # fmt: skip
def test_every_status_a_screen_shows_has_a_code(prefix: str, statuses: list[Enum]) -> None:
    for status in statuses:
        assert RefusalCode.of_status(prefix, status).value == f"{prefix}_{status.name.lower()}"


def test_every_identity_refusal_has_a_code() -> None:
    for reason in IdentityRefusal:
        assert RefusalCode(reason.name.lower())


def _source_files() -> list[Path]:
    return [
        p for folder in ("kiosk", "kiosk_cli", "screens") for p in (ROOT / folder).rglob("*.py")
    ]


def test_codes_are_members_never_strings_where_refusals_are_made() -> None:
    """Every `Refused(...)`, `show_error(...)` and `record_refusal(...)` names its
    code as a RefusalCode: a string there would be a code no test knows of."""
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            position = {"Refused": 0, "show_error": 1, "record_refusal": 0}.get(name)
            if position is None or len(node.args) <= position:
                continue
            code = node.args[position]
            assert not isinstance(code, ast.Constant | ast.JoinedStr | ast.BinOp), (
                f"{path.relative_to(ROOT)}:{node.lineno}"
            )


def test_no_module_translates_a_refusal_before_it_is_raised() -> None:
    """`tr()` inside a Refused(...) would word it in the raising process's language."""
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Refused":
                for inner in ast.walk(node):
                    assert not (
                        isinstance(inner, ast.Call) and getattr(inner.func, "id", "") == "tr"
                    ), f"{path.relative_to(ROOT)}:{node.lineno}"
