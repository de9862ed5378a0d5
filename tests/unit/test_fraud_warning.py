"""전자금융사기 예방 on the bank's side (kiosk/bankside/fraud.py): every 재발급 asked
is announced by SMS; one asked within 30 minutes of a call from an unknown number
is held until the customer answers the warning, and the bank signs nothing for a
visit that stopped or did not answer — whatever a kiosk's screens did."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kiosk.bankside import fraud
from kiosk.bankside.bank import Bank
from kiosk.bankside.devices import CustomerDevices
from kiosk.bankside.service import BankService
from kiosk.certs.products import BANK_USE
from kiosk.core.clock import ManualClock
from kiosk.core.refusal import Refused
from kiosk.people.customers import DocumentKind
from kiosk.people.identity import DocumentClaim
from kiosk.training.scam_call import SCAM_CALLER, place_call
from kiosk.training.staging import stage_certificate
from kiosk.visit.flows import Service

PHONE = "010-1234-5678"  # 김민준's phone in the demo data
MINJUN = ("김민준", "8503151234566", DocumentClaim(DocumentKind.RESIDENT_CARD, "20150610"))


@pytest.fixture
def bank(any_bank: Bank) -> Bank:
    """The rule holds on SQLite and on PostgreSQL."""
    return any_bank


@pytest.fixture
def service(bank: Bank) -> BankService:
    return BankService(bank)


def _reissue_visit(service: BankService) -> str:
    visit = service.open_visit(Service.REISSUE)
    service.verify_identity(visit, *MINJUN)
    service.agree_terms(visit)
    return visit


def _both_channels(service: BankService, bank: Bank, visit: str) -> None:
    """SMS and OTP, the 2-channel rule of 재발급."""
    sms = service.send_sms(visit)
    body = CustomerDevices(bank).inbox(PHONE, 1)[0][1]
    found = re.search(r"\[(\d{6})\]", body)
    assert found, body
    assert service.verify_sms(visit, sms.id, found.group(1)).ok
    customer = bank.registry.find_by_rrn(MINJUN[1])
    assert customer is not None
    shown = CustomerDevices(bank).current_otp(customer.id)
    assert shown is not None
    assert service.verify_otp(visit, shown[0]).ok


def _certificate(bank: Bank) -> int:
    today = bank.clock.now().date() - dt.timedelta(days=60)
    return stage_certificate(bank, "김민준", BANK_USE, today, "Kiosk!2026pw").serial


def _inbox(bank: Bank) -> list[str]:
    return [body for _, body in CustomerDevices(bank).inbox(PHONE, 10)]


def test_every_reissue_is_announced_to_the_customers_phone_once(
    service: BankService, bank: Bank
) -> None:
    serial = _certificate(bank)
    visit = _reissue_visit(service)
    assert service.begin_reissue(visit, serial) is None  # no call: no warning
    texts = [t for t in _inbox(bank) if "재발급이 신청되었습니다" in t]
    assert len(texts) == 1
    assert "본인이 아닌 경우 즉시 신고" in texts[0] and fraud.REPORT_NUMBER in texts[0]
    service.begin_reissue(visit, serial)  # the customer went back and chose again
    assert len([t for t in _inbox(bank) if "재발급이 신청되었습니다" in t]) == 1
    _both_channels(service, bank, visit)
    assert service.authorize_issue(visit)  # nothing held


def test_a_reissue_soon_after_an_unknown_call_is_held_until_answered(
    service: BankService, bank: Bank, clock: ManualClock
) -> None:
    serial = _certificate(bank)
    place_call(bank, "김민준")
    clock.advance(12 * 60)
    visit = _reissue_visit(service)
    warning = service.begin_reissue(visit, serial)
    assert warning is not None
    assert (warning.caller, warning.minutes_ago) == (SCAM_CALLER, 12)
    _both_channels(service, bank, visit)
    with pytest.raises(Refused) as held:
        service.authorize_issue(visit)  # both channels passed, the warning not answered
    assert held.value.code == "fraud_warning_open"
    assert service.answer_fraud_warning(visit, go_on=True) is True
    assert service.authorize_issue(visit)  # the customer's own word: it goes on
    outcomes = [e.outcome for e in bank.audit.entries(None, None)]
    assert "fraud_warning" in outcomes and "warning_overridden" in outcomes


def test_a_stopped_reissue_stays_stopped_in_its_visit(service: BankService, bank: Bank) -> None:
    serial = _certificate(bank)
    place_call(bank, "김민준")
    visit = _reissue_visit(service)
    assert service.begin_reissue(visit, serial) is not None
    assert service.answer_fraud_warning(visit, go_on=False) is False
    assert service.answer_fraud_warning(visit, go_on=True) is False  # no taking it back
    _both_channels(service, bank, visit)
    with pytest.raises(Refused) as held:
        service.authorize_issue(visit)
    assert held.value.code == "fraud_warning_open"
    assert "scam_stopped" in [e.outcome for e in bank.audit.entries(None, None)]
    kept = bank.certificates.get(serial)
    assert kept is not None and not kept.revoked  # the customer's certificate, untouched


def test_only_a_recent_call_from_an_unknown_number_holds_a_reissue(
    service: BankService, bank: Bank, clock: ManualClock
) -> None:
    serial = _certificate(bank)
    place_call(bank, "김민준", "1588-0000")  # the bank's own number
    assert service.begin_reissue(_reissue_visit(service), serial) is None
    place_call(bank, "김민준")
    clock.advance(fraud.RECENT_CALL.total_seconds() + 60)  # long enough ago
    assert service.begin_reissue(_reissue_visit(service), serial) is None
    place_call(bank, "김민준")
    assert service.begin_reissue(_reissue_visit(service), serial) is not None


def test_the_warning_is_only_for_a_reissue_of_the_customers_own_certificate(
    service: BankService, bank: Bank
) -> None:
    serial = _certificate(bank)
    revoke = service.open_visit(Service.REVOKE)
    service.verify_identity(revoke, *MINJUN)
    with pytest.raises(Refused) as wrong:
        service.begin_reissue(revoke, serial)
    assert wrong.value.code == "visit_wrong_service"
    with pytest.raises(Refused) as unknown:
        service.begin_reissue(_reissue_visit(service), serial + 1)
    assert unknown.value.code == "visit_other_customer"
    with pytest.raises(Refused) as unasked:  # no warning was given: nothing to answer
        service.answer_fraud_warning(_reissue_visit(service), go_on=True)
    assert unasked.value.code == "fraud_warning_open"


def test_the_phone_lists_its_calls_newest_first(bank: Bank, clock: ManualClock) -> None:
    place_call(bank, "김민준", "1588-0000")
    clock.advance(60)
    place_call(bank, "김민준")
    calls = CustomerDevices(bank).calls(PHONE, 5)
    assert [(c.caller, c.unknown) for c in calls] == [(SCAM_CALLER, True), ("1588-0000", False)]
    assert "인증번호" in calls[0].script
