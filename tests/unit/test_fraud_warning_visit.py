"""사기 예방 확인 in the visit machine: the step is there only when the bank warned,
right after 인증서 선택; stopping there ends the visit on 완료 with nothing issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kiosk.bankside.fraud import FraudWarning
from kiosk.visit.flows import AuthMethod, Service, Step
from kiosk.visit.machine import OutOfOrder
from kiosk.visit.results import Authenticated, CertificateChosen, WarningAnswered
from tests.unit.test_visit_machine import RESULT_FOR, STORED, walk

WARNING = FraudWarning("070-4812-5530", dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), 5)


def _warned() -> Any:
    machine = walk(Service.REISSUE, until=Step.CHOOSE_CERT)
    assert machine.apply(CertificateChosen(STORED, WARNING)) is Step.FRAUD_WARNING
    return machine


def test_without_a_warning_the_reissue_goes_on_as_before() -> None:
    machine = walk(Service.REISSUE, until=Step.CHOOSE_CERT)
    assert machine.apply(CertificateChosen(STORED)) is Step.AUTH
    assert Step.FRAUD_WARNING not in machine.session.steps


def test_stopping_at_the_warning_ends_on_the_result_with_nothing_to_issue() -> None:
    machine = _warned()
    assert machine.apply(WarningAnswered(stopped=True)) is Step.RESULT
    assert machine.finished and machine.session.scam_stopped
    assert machine.session.steps[-3:] == (Step.CHOOSE_CERT, Step.FRAUD_WARNING, Step.RESULT)
    with pytest.raises(OutOfOrder):
        machine.apply(RESULT_FOR[Step.CONFIRM])


def test_going_on_after_the_warning_asks_both_channels_and_back_returns_to_it() -> None:
    machine = _warned()
    assert machine.apply(WarningAnswered(stopped=False)) is Step.AUTH
    assert machine.session.issuance.warning_answer == "continued"
    assert machine.back() is Step.FRAUD_WARNING  # Esc: the warning again, to stop there
    assert machine.apply(WarningAnswered(stopped=False)) is Step.AUTH
    assert machine.apply(Authenticated(AuthMethod.SMS)) is Step.SECURITY_MEDIUM
    assert machine.apply(Authenticated(AuthMethod.OTP)) is Step.MEDIUM
    assert machine.session.factors == (AuthMethod.SMS, AuthMethod.OTP)
