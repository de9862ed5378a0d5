"""The bank's interface on the wire: every operation's types can be carried, and
values come back as they went."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kiosk.bankside import wire
from kiosk.bankside.bank import Bank
from kiosk.bankside.devices import CustomerDevices
from kiosk.bankside.service import BankService
from kiosk.certs.products import BANK_USE
from kiosk.core.clock import KST
from kiosk.core.i18n import Language, Phrase, english_catalog, set_language, with_failures
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.auth import SendRefused, SmsChallenge
from kiosk.fincert.cloud_certs import PIN_MAX_FAILURES
from kiosk.people.customers import Customer
from kiosk.people.identity_factors import FactorResult, FactorStatus
from kiosk.people.rrn import Rrn
from kiosk.training.stages import TrainingDesk

PIN_WRONG = "PIN이 일치하지 않습니다(오류 {failures}/{limit}회)."


@pytest.mark.parametrize("service", [BankService, CustomerDevices, TrainingDesk])
def test_every_operation_has_types_the_wire_carries(service: type[Any]) -> None:
    operations = wire.operations(service)
    assert operations
    for name, method in operations.items():
        hints = wire.hints(method)
        assert "return" in hints, name
        for parameter, kind, _ in wire.parameters(method):
            assert parameter in hints, (name, parameter)
            assert kind is not Any, (name, parameter)


def test_values_come_back_as_they_went(bank: Bank) -> None:
    from kiosk.training.staging import stage_certificate

    staged = stage_certificate(bank, "김민준", BANK_USE, bank.clock.now().date(), "Kiosk!2026pw")
    record = bank.certificates.get(staged.serial)
    customer = Customer(1, "김민준", "850315-1******")
    samples: list[tuple[object, Any]] = [
        (record, wire.hints(BankService.revoke)["return"]),
        ((customer, Rrn("8503151234566")), tuple[Customer, Rrn]),
        (FactorResult(FactorStatus.OK, customer), FactorResult),
        (
            SmsChallenge(7, "010-1234-5678", dt.datetime(2026, 11, 30, 9, 0, tzinfo=KST)),
            SmsChallenge | FactorResult,
        ),
        (FactorResult(FactorStatus.NO_PHONE), SmsChallenge | FactorResult),
        ([b"\x00\xff", b""], list[bytes]),
        (None, Customer | None),
        (Path("/tmp/x"), Path),
    ]
    for value, kind in samples:
        assert wire.decode(wire.encode(value, kind), kind) == value


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (None, str),
        ("x", int),
        (True, int),
        ("not base64!", bytes),
        ({"$type": "Nope", "value": {}}, SmsChallenge | FactorResult),
        ({"id": 1}, SmsChallenge),
        ([1, 2, 3], tuple[int, int]),
        ("2026-13-01", dt.date),
    ],
)
def test_what_does_not_fit_is_refused_as_such(data: object, kind: Any) -> None:
    with pytest.raises(wire.WireError):
        wire.decode(data, kind)


def test_refusals_travel_as_code_template_and_values() -> None:
    from kiosk.factors.auth import AuthStatus

    refused = Refused(
        RefusalCode.CERT_PASSWORD_WRONG,
        "인증서 비밀번호가 틀렸습니다(오류 {count}/{limit}회).",
        count=2,
        limit=5,
    )
    data = wire.encode_refusal(refused)
    assert data["code"] == "cert_password_wrong" and data["params"] == {"count": 2, "limit": 5}
    again = wire.decode_refusal(data)
    assert isinstance(again, Refused)
    assert again.code is RefusalCode.CERT_PASSWORD_WRONG and again.phrase == refused.phrase
    send = wire.decode_refusal(wire.encode_refusal(SendRefused(AuthStatus.SEND_LIMIT)))
    assert isinstance(send, SendRefused) and send.status is AuthStatus.SEND_LIMIT


def test_a_nested_message_travels_as_a_message() -> None:
    inner = Phrase("계좌 비밀번호가 일치하지 않습니다.")
    refused = Refused(RefusalCode.ACCOUNT_WRONG_PIN, with_failures(inner, 1, 5))
    again = wire.decode_refusal(wire.encode_refusal(refused))
    assert isinstance(again, Refused) and again.phrase == refused.phrase


def test_the_kiosk_words_a_refusal_the_bank_made_in_another_language() -> None:
    try:
        set_language(Language.KOREAN)  # the bank's process
        data = wire.encode_refusal(
            Refused(RefusalCode.PIN_WRONG, PIN_WRONG, failures=1, limit=PIN_MAX_FAILURES)
        )
        set_language(Language.ENGLISH)  # the kiosk's customer chose English
        again = wire.decode_refusal(data)
        assert isinstance(again, Refused)
        assert again.message == english_catalog()[PIN_WRONG].format(failures=1, limit=5)
        set_language(Language.KOREAN)  # and back (F4): the same refusal, in Korean
        assert again.message == "PIN이 일치하지 않습니다(오류 1/5회)."
    finally:
        set_language(Language.KOREAN)


@pytest.mark.parametrize(
    "data",
    [
        {
            "kind": "Refused",
            "code": "from_a_newer_bank",
            "template": "새 규칙입니다.",
            "params": {},
        },
        {"kind": "Refused", "code": None, "template": "새 규칙입니다."},
        {"kind": "Refused", "message": "새 규칙입니다."},  # an older bank: text only
        {"kind": "Refused", "template": "새 규칙입니다.", "params": [1, 2]},
    ],
)
def test_a_refusal_the_kiosk_cannot_name_is_still_a_refusal(data: dict[str, Any]) -> None:
    again = wire.decode_refusal(data)
    assert isinstance(again, Refused)
    assert again.code is RefusalCode.REFUSED and again.message == "새 규칙입니다."


def test_odd_values_in_a_refusal_are_shown_not_raised() -> None:
    data = {
        "kind": "Refused",
        "code": "pin_wrong",
        "template": PIN_WRONG,
        "params": {"failures": [1], "limit": True, "extra": None},
    }
    again = wire.decode_refusal(data)
    assert isinstance(again, Refused) and again.code is RefusalCode.PIN_WRONG
    assert again.message == "PIN이 일치하지 않습니다(오류 [1]/True회)."
