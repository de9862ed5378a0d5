"""금융인증서 타행 이용 등록 and 금융인증서 as 본인확인, at the bank's interface: what a
raw client (a modified kiosk, a bare HTTP call) gets when it skips the signature."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kiosk.bankside.bank import Bank
from kiosk.bankside.devices import CustomerDevices
from kiosk.bankside.service import BankService
from kiosk.bankside.visits import Proof
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.fincert.cloud_certs import CloudCertificate
from kiosk.people.customers import DocumentKind
from kiosk.people.identity import DocumentClaim
from kiosk.people.identity_factors import FactorResult
from kiosk.training.staging import lock_cloud_certificate, stage_cloud_certificate
from kiosk.visit.flows import Service

NAME, RRN = "김민준", "8503151234566"
CLAIM = DocumentClaim(DocumentKind.RESIDENT_CARD, "20150610")
PIN = "280514"
WRONG_PIN = "135790"


@pytest.fixture
def bank(any_bank: Bank) -> Bank:
    return any_bank


@pytest.fixture
def service(bank: Bank) -> BankService:
    return BankService(bank)


def _stage(bank: Bank, *, at: str = "WOORI", days_ago: int = 200) -> CloudCertificate:
    issued_on = bank.clock.now().date() - dt.timedelta(days=days_ago)
    return stage_cloud_certificate(bank, NAME, issued_on, PIN, issued_by=at)


def _phone_checked(service: BankService, bank: Bank) -> str:
    """A 타행 이용 등록 visit up to its choice: ID, terms, the customer's phone."""
    visit = service.open_visit(Service.FIN_REGISTER)
    service.verify_identity(visit, NAME, RRN, CLAIM)
    service.agree_terms(visit)
    challenge = service.start_phone_check(visit, "SKT", "010-1234-5678")
    assert not isinstance(challenge, FactorResult)
    body = CustomerDevices(bank).inbox("010-1234-5678", 1)[0][1]
    code = re.search(r"\[(\d{6})\]", body)
    assert code is not None
    assert service.finish_phone_check(visit, challenge.id, code.group(1)).ok
    return visit


def _code(call: object) -> str:
    assert isinstance(call, pytest.ExceptionInfo)
    assert isinstance(call.value, Refused)
    return str(call.value.code)


# --- 타행 이용 등록 ------------------------------------------------------------------


def test_another_banks_fincert_is_registered_after_its_pin_signs(
    service: BankService, bank: Bank
) -> None:
    staged = _stage(bank)
    assert staged.issued_by == "WOORI" and not staged.usable_here
    assert "OU=WOORI" in staged.subject_dn  # issued there, as its DN says
    visit = _phone_checked(service, bank)
    chosen = service.cloud_register_challenge(visit)
    assert chosen.record.serial == staged.serial
    with pytest.raises(Refused) as wrong:
        service.cloud_sign(visit, WRONG_PIN)
    assert wrong.value.code is RefusalCode.PIN_WRONG
    assert bank.cloud.current(staged.customer_id).pin_failures == 1  # type: ignore[union-attr]
    signed = service.cloud_sign(visit, PIN)
    registered = service.cloud_register(visit, signed.signature)
    assert registered.serial == staged.serial and registered.usable_here
    assert registered.pin_failures == 0
    assert service.visits.get(visit).has(Proof.CLOUD_SIGNED, str(staged.serial))


def test_registering_without_the_signature_is_refused(service: BankService, bank: Bank) -> None:
    staged = _stage(bank)
    visit = _phone_checked(service, bank)
    with pytest.raises(Refused) as unasked:  # no challenge was even asked for
        service.cloud_register(visit, b"")
    assert unasked.value.code is RefusalCode.FINCERT_SIGNATURE
    service.cloud_register_challenge(visit)
    with pytest.raises(Refused) as forged:
        service.cloud_register(visit, b"\x00" * 256)
    assert forged.value.code is RefusalCode.FINCERT_SIGNATURE
    # The challenge went with the wrong answer: a later genuine signature of it is not taken.
    with pytest.raises(Refused):
        service.cloud_sign(visit, PIN)
    assert not bank.cloud.get(staged.serial).usable_here  # type: ignore[union-attr]


def test_registering_needs_the_phone_check_too(service: BankService, bank: Bank) -> None:
    staged = _stage(bank)
    visit = service.open_visit(Service.FIN_REGISTER)
    service.verify_identity(visit, NAME, RRN, CLAIM)
    service.agree_terms(visit)
    service.cloud_register_challenge(visit)
    signed = service.cloud_sign(visit, PIN)
    with pytest.raises(Refused) as refused:
        service.cloud_register(visit, signed.signature)
    assert refused.value.code is RefusalCode.VISIT_NOT_PROVEN
    assert not bank.cloud.get(staged.serial).usable_here  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("situation", "code"),
    [
        ("none", RefusalCode.FINCERT_NONE),
        ("own bank", RefusalCode.FINCERT_OWN_BANK),
        ("registered", RefusalCode.FINCERT_REGISTERED),
        ("expired", RefusalCode.FINCERT_EXPIRED),
        ("locked", RefusalCode.PIN_LOCKED),
    ],
)
def test_what_cannot_be_registered_is_refused_at_once_with_its_reason(
    service: BankService, bank: Bank, situation: str, code: RefusalCode
) -> None:
    """Said on 본인확인, before a phone number or PIN is asked for."""
    if situation == "own bank":
        _stage(bank, at="")
    elif situation == "expired":
        _stage(bank, days_ago=3 * 365 + 5)
    elif situation != "none":
        staged = _stage(bank)
        if situation == "registered":
            bank.cloud.register_here(staged.customer_id, staged.serial)
        else:
            lock_cloud_certificate(bank, staged.customer_id)
    visit = service.open_visit(Service.FIN_REGISTER)
    with pytest.raises(Refused) as refused:
        service.verify_identity(visit, NAME, RRN, CLAIM)
    assert refused.value.code is code


def test_a_fincert_locked_meanwhile_is_refused_when_chosen(
    service: BankService, bank: Bank
) -> None:
    staged = _stage(bank)
    visit = _phone_checked(service, bank)
    lock_cloud_certificate(bank, staged.customer_id)  # five wrong PINs at another kiosk
    with pytest.raises(Refused) as refused:
        service.cloud_register_challenge(visit)
    assert refused.value.code is RefusalCode.PIN_LOCKED


# --- 본인확인 by 금융인증서 ------------------------------------------------------------


def test_a_registered_fincert_proves_identity_for_issuing(service: BankService, bank: Bank) -> None:
    staged = _stage(bank)
    bank.cloud.register_here(staged.customer_id, staged.serial)
    visit = service.open_visit(Service.ISSUE)
    challenge = service.cloud_identity_challenge(visit, NAME, RRN)
    assert challenge.record.serial == staged.serial
    signed = service.cloud_sign(visit, PIN)
    assert signed.message == challenge.challenge  # what the bank asked, nothing else
    customer, rrn = service.cloud_prove_identity(visit, RRN, signed.signature)
    assert customer.id == staged.customer_id and rrn.digits == RRN
    state = service.visits.get(visit)
    assert state.customer_id == customer.id
    assert state.has(Proof.CLOUD_SIGNED, str(staged.serial))
    assert not state.has(Proof.ID_DOCUMENT)
    # The identity group of 발급's rule is met: consent and 추가인증 are what is missing.
    assert [sorted(p.value for p in group) for group in state.missing()] == [
        ["consent"],
        ["ars", "otp", "security_card", "sms"],
    ]
    # One signature, one challenge: replaying it proves nothing more.
    with pytest.raises(Refused) as replayed:
        service.cloud_prove_identity(visit, RRN, signed.signature)
    assert replayed.value.code is RefusalCode.FINCERT_SIGNATURE


def test_a_raw_client_that_skips_the_signature_is_refused(service: BankService, bank: Bank) -> None:
    staged = _stage(bank, at="")
    visit = service.open_visit(Service.ISSUE)
    service.cloud_identity_challenge(visit, NAME, RRN)
    with pytest.raises(Refused) as forged:
        service.cloud_prove_identity(visit, RRN, b"\x01" * 256)
    assert forged.value.code is RefusalCode.FINCERT_SIGNATURE
    # A genuine signature of something else (the 보기 check) is not one of the challenge.
    other = service.open_visit(Service.FIN_VIEW)
    service.verify_identity(other, NAME, RRN, CLAIM)
    elsewhere = service.cloud_open(other, PIN, b"kiosk fincert check")
    service.cloud_identity_challenge(visit, NAME, RRN)
    with pytest.raises(Refused) as wrong_message:
        service.cloud_prove_identity(visit, RRN, elsewhere.signature)
    assert wrong_message.value.code is RefusalCode.FINCERT_SIGNATURE
    state = service.visits.get(visit)
    assert state.customer_id is None and not state.has(Proof.CLOUD_SIGNED)
    with pytest.raises(Refused) as refused:
        service.authorize_issue(visit)
    assert refused.value.code is RefusalCode.VISIT_NOT_PROVEN
    assert staged.serial  # the 금융인증서 itself is untouched


def test_fincert_identity_is_refused_where_it_cannot_serve(
    service: BankService, bank: Bank
) -> None:
    _stage(bank)  # another bank's, not registered here
    visit = service.open_visit(Service.ISSUE)
    with pytest.raises(Refused) as unregistered:
        service.cloud_identity_challenge(visit, NAME, RRN)
    assert unregistered.value.code is RefusalCode.FINCERT_NOT_REGISTERED
    with pytest.raises(Refused) as stranger:
        service.cloud_identity_challenge(visit, "김철수", RRN)
    assert stranger.value.code is RefusalCode.NO_SUCH_CUSTOMER
    revoke = service.open_visit(Service.REVOKE)
    with pytest.raises(Refused) as not_here:
        service.cloud_identity_challenge(revoke, NAME, RRN)
    assert not_here.value.code is RefusalCode.FINCERT_NOT_ACCEPTED


def test_another_customers_resident_number_is_not_taken_with_the_signature(
    service: BankService, bank: Bank
) -> None:
    _stage(bank, at="")
    visit = service.open_visit(Service.REISSUE)
    service.cloud_identity_challenge(visit, NAME, RRN)
    signed = service.cloud_sign(visit, PIN)
    with pytest.raises(Refused) as refused:
        service.cloud_prove_identity(visit, "9207082345672", signed.signature)
    assert refused.value.code is RefusalCode.VISIT_OTHER_CUSTOMER
