"""Hypothesis feeds every validator arbitrary text: answers, never exceptions."""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.refusal import Refused
from kiosk.factors.auth import is_code_shaped
from kiosk.factors.password_rules import broken_rules
from kiosk.npki import keyfile
from kiosk.people import identity, rrn
from kiosk.people.customers import DocumentKind

TODAY = dt.date(2026, 11, 22)
anything = st.text(max_size=40)
digitish = st.text(alphabet="0123456789-", max_size=16)


@given(st.one_of(anything, digitish))
def test_rrn_parse_accepts_or_names_a_rule(text: str) -> None:
    try:
        parsed = rrn.parse(text, TODAY)
    except rrn.InvalidRrn as error:
        assert error.error.message
    else:
        assert len(parsed.digits) == 13 and parsed.birth_date <= TODAY
        assert parsed.masked.endswith("******")


@given(anything)
def test_mask_never_reveals_the_back_half(text: str) -> None:
    masked = rrn.mask(text)
    assert masked.endswith("******")


@given(anything, st.one_of(st.none(), anything))
def test_password_rules_return_a_list(password: str, confirmation: str | None) -> None:
    broken = broken_rules(password, confirmation)
    assert isinstance(broken, list)
    if not broken:
        assert len(password) >= 10 and password.isascii()


@given(anything)
def test_document_fields(text: str) -> None:
    for parser in (identity.parse_date, identity.normalise_licence, identity.normalise_passport):
        try:
            parser(text)
        except Refused as error:
            assert error.message


@given(anything)
def test_code_shape(text: str) -> None:
    assert is_code_shaped(text) == (len(text) == 6 and text.isascii() and text.isdigit())


@given(st.binary(max_size=300), anything)
def test_key_file_parser_on_arbitrary_bytes(data: bytes, password: str) -> None:
    with contextlib.suppress(keyfile.KeyFileError, keyfile.WrongPassword):
        keyfile.decrypt_key(data, password)


def test_identity_verify_on_arbitrary_input(bank: object) -> None:
    from kiosk.bankside.bank import Bank

    assert isinstance(bank, Bank)

    @given(
        anything,
        st.one_of(anything, digitish),
        st.sampled_from(list(DocumentKind)),
        anything,
        anything,
    )
    def check(name: str, rrn_text: str, kind: DocumentKind, a: str, b: str) -> None:
        claim = identity.DocumentClaim(kind, a, a, a, b)
        try:
            identity.verify(bank.registry, name, rrn_text, claim, TODAY)
        except Refused as error:
            assert error.message and error.code

    check()


def test_sms_and_otp_verification_on_arbitrary_codes(bank: object) -> None:
    from kiosk.bankside.bank import Bank

    assert isinstance(bank, Bank)
    challenge = bank.auth.send_sms("010-1234-5678")
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None

    @given(anything)
    def check(code: str) -> None:
        assert bank.auth.verify_sms(challenge.id, code).message
        assert bank.auth.verify_otp(customer.id, code).message

    check()
