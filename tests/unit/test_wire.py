"""The bank's interface on the wire: every operation's types can be carried, and
values come back as they went."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kiosk.auth import SendRefused, SmsChallenge
from kiosk.bank import Bank
from kiosk.bankside import wire
from kiosk.bankside.devices import CustomerDevices
from kiosk.bankside.service import BankService
from kiosk.bankside.visits import VisitRefused
from kiosk.clock import KST
from kiosk.customers import Customer
from kiosk.identity_factors import FactorResult, FactorStatus
from kiosk.products import BANK_USE
from kiosk.rrn import Rrn
from kiosk.training_stages import TrainingDesk


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
    from kiosk.training import stage_certificate

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


def test_refusals_travel_as_the_same_kind() -> None:
    from kiosk.auth import AuthStatus

    again = wire.decode_refusal(wire.encode_refusal(VisitRefused("이용 시간이 끝났습니다.", "x")))
    assert isinstance(again, VisitRefused) and again.code == "x"
    send = wire.decode_refusal(wire.encode_refusal(SendRefused(AuthStatus.SEND_LIMIT)))
    assert isinstance(send, SendRefused) and send.status is AuthStatus.SEND_LIMIT
