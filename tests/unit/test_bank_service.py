"""The bank enforces the visit: a client that skips a step gets a refusal, not a
certificate. These call the bank's interface directly, as a modified kiosk or a raw
HTTP client would, with none of the kiosk's screens in between."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.bankside.bank import Bank
from kiosk.bankside.devices import CustomerDevices
from kiosk.bankside.service import BankService
from kiosk.bankside.signing import CertificateOrder
from kiosk.bankside.visits import NEEDS_CONSENT
from kiosk.certs.products import BANK_USE, GENERAL_YESSIGN
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.auth import CardChallenge
from kiosk.npki import keyfile
from kiosk.npki import request as csr
from kiosk.npki.encodings import KeyEncoding
from kiosk.npki.revocation import RevocationReason
from kiosk.people.customers import DocumentKind
from kiosk.people.identity import DocumentClaim
from kiosk.people.identity_factors import FactorResult
from kiosk.terminal.keypool import generate_key
from kiosk.training.staging import stage_certificate
from kiosk.visit.flows import Service

MINJUN = ("김민준", "8503151234566", DocumentClaim(DocumentKind.RESIDENT_CARD, "20150610"))
SEOYEON_RRN = "9207082345672"


@pytest.fixture
def bank(any_bank: Bank) -> Bank:
    """Every rule here holds on SQLite and on PostgreSQL."""
    return any_bank


@pytest.fixture
def service(bank: Bank) -> BankService:
    return BankService(bank)


def _identified(service: BankService, kind: Service) -> str:
    visit = service.open_visit(kind)
    name, rrn, claim = MINJUN
    service.verify_identity(visit, name, rrn, claim)
    if kind in NEEDS_CONSENT:
        service.agree_terms(visit)
    return visit


def _otp(service: BankService, bank: Bank, visit: str) -> None:
    customer = bank.registry.find_by_rrn(MINJUN[1])
    assert customer is not None
    shown = CustomerDevices(bank).current_otp(customer.id)
    assert shown is not None
    assert service.verify_otp(visit, shown[0]).ok


def _latest_code(bank: Bank) -> str:
    """The six digits of the latest SMS on 김민준's phone."""
    import re

    body = CustomerDevices(bank).inbox("010-1234-5678", 1)[0][1]
    match = re.search(r"\[(\d{6})\]", body)
    assert match, body
    return match.group(1)


def _order(key: rsa.RSAPrivateKey, code: str, **changes: object) -> CertificateOrder:
    order = CertificateOrder(
        product_code=BANK_USE.code,
        csr=csr.build(key, code),
        random_num=keyfile.new_random_num(),
        rrn_text=MINJUN[1],
        medium="hdd",
        key_encoding=KeyEncoding.SEED_CBC_WITH_SHA1.value,
    )
    return dataclasses.replace(order, **changes)  # type: ignore[arg-type]


def test_signing_without_extra_authentication_is_refused(service: BankService) -> None:
    """Identity proven, 추가인증 skipped: no 인가코드, and no signature for a request."""
    visit = _identified(service, Service.ISSUE)
    with pytest.raises(Refused) as refused:
        service.authorize_issue(visit)
    assert refused.value.code == "visit_not_proven"
    with pytest.raises(Refused):
        service.sign_certificate(visit, _order(generate_key(), "00000000"))


def test_a_visit_that_proved_nothing_learns_nothing(service: BankService) -> None:
    visit = service.open_visit(Service.ISSUE)
    for ask in (service.phone, service.accounts, service.usable_certificates, service.send_sms):
        with pytest.raises(Refused):
            ask(visit)


def test_the_request_is_signed_and_no_private_key_crosses(service: BankService, bank: Bank) -> None:
    visit = _identified(service, Service.ISSUE)
    _otp(service, bank, visit)
    key = generate_key()
    order = _order(key, service.authorize_issue(visit))
    private = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    numbers = key.private_numbers()
    secret_parts = [private, numbers.d.to_bytes(256, "big"), numbers.p.to_bytes(128, "big")]
    for value in dataclasses.astuple(order):
        if isinstance(value, bytes):
            assert not any(part in value or value in part for part in secret_parts)
    signed = service.sign_certificate(visit, order)
    cert = signed.x509()
    assert cert.public_key().public_numbers() == key.public_key().public_numbers()  # type: ignore[union-attr]
    record = bank.certificates.get(signed.serial)
    assert record is not None and record.customer_id == 1


def test_an_authorization_code_is_for_one_request_of_its_own_visit(
    service: BankService, bank: Bank
) -> None:
    visit = _identified(service, Service.ISSUE)
    _otp(service, bank, visit)
    code = service.authorize_issue(visit)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    with pytest.raises(Refused) as refused:
        service.sign_certificate(visit, _order(generate_key(), wrong))
    assert refused.value.code == "bad_authorization_code"
    service.sign_certificate(visit, _order(generate_key(), code))
    with pytest.raises(Refused) as again:
        service.sign_certificate(visit, _order(generate_key(), code))
    assert again.value.code == "bad_authorization_code"


def test_a_request_not_signed_by_its_key_is_refused(service: BankService, bank: Bank) -> None:
    visit = _identified(service, Service.ISSUE)
    _otp(service, bank, visit)
    good = csr.build(generate_key(), service.authorize_issue(visit))
    tampered = good[:-8] + bytes(8)  # the self-signature no longer verifies
    with pytest.raises(Refused) as refused:
        service.sign_certificate(visit, _order(generate_key(), "x", csr=tampered))
    assert refused.value.code == "bad_request"


def test_the_fee_comes_only_from_an_account_whose_password_was_checked(
    service: BankService, bank: Bank
) -> None:
    visit = _identified(service, Service.ISSUE)
    _otp(service, bank, visit)
    key = generate_key()
    order = _order(
        key,
        service.authorize_issue(visit),
        product_code=GENERAL_YESSIGN.code,
        pay_account="1002-345-678901",
    )
    with pytest.raises(Refused) as refused:
        service.sign_certificate(visit, order)
    assert refused.value.code == "account_not_proven"
    assert service.check_account(visit, "1002-345-678901", "1234").ok
    order = dataclasses.replace(order, csr=csr.build(key, service.authorize_issue(visit)))
    assert service.sign_certificate(visit, order).fee_paid == GENERAL_YESSIGN.fee_won


def test_another_persons_resident_number_cannot_ride_on_a_visit(
    service: BankService, bank: Bank
) -> None:
    visit = _identified(service, Service.ISSUE)
    _otp(service, bank, visit)
    order = _order(generate_key(), service.authorize_issue(visit), rrn_text=SEOYEON_RRN)
    with pytest.raises(Refused) as refused:
        service.sign_certificate(visit, order)
    assert refused.value.code == "visit_other_customer"


def test_revoking_needs_an_identity_check_and_the_customers_own_certificate(
    service: BankService, bank: Bank
) -> None:
    today = bank.clock.now().date()
    mine = stage_certificate(bank, "김민준", BANK_USE, today, "Kiosk!2026pw")
    theirs = stage_certificate(bank, "이서연", BANK_USE, today, "Kiosk!2026pw")
    unproven = service.open_visit(Service.REVOKE)
    with pytest.raises(Refused):
        service.revoke(unproven, mine.serial, RevocationReason.KEY_COMPROMISE)
    visit = _identified(service, Service.REVOKE)
    # A typed name and resident number are not enough: 추가인증 first.
    with pytest.raises(Refused) as unauthenticated:
        service.revoke(visit, mine.serial, RevocationReason.KEY_COMPROMISE)
    assert unauthenticated.value.code == "visit_not_proven"
    assert not bank.certificates.get(mine.serial).revoked  # type: ignore[union-attr]
    _otp(service, bank, visit)
    with pytest.raises(Refused) as refused:
        service.revoke(visit, theirs.serial, RevocationReason.KEY_COMPROMISE)
    assert refused.value.code == "not_own_certificate"
    assert service.revoke(visit, mine.serial, RevocationReason.KEY_COMPROMISE).revoked
    # A visit for another service cannot revoke, whatever it proved.
    other = _identified(service, Service.ISSUE)
    with pytest.raises(Refused):
        service.revoke(other, mine.serial, RevocationReason.KEY_COMPROMISE)


def test_a_second_new_issue_of_a_product_held_is_sent_to_reissue(
    service: BankService, bank: Bank
) -> None:
    """One valid certificate per product: a raw client asking for a second one is
    refused at the bank (and nothing is charged), another product is fine."""
    today = bank.clock.now().date()
    held = stage_certificate(bank, "김민준", GENERAL_YESSIGN, today, "Kiosk!2026pw")
    visit = _identified(service, Service.ISSUE)
    _otp(service, bank, visit)
    assert service.check_account(visit, "1002-345-678901", "1234").ok
    with pytest.raises(Refused) as asked:
        service.check_new_product(visit, GENERAL_YESSIGN.code)
    assert asked.value.code == "product_already_held"
    assert "재발급" in asked.value.message
    order = _order(
        generate_key(),
        service.authorize_issue(visit),
        product_code=GENERAL_YESSIGN.code,
        pay_account="1002-345-678901",
    )
    with pytest.raises(Refused) as signed:
        service.sign_certificate(visit, order)
    assert signed.value.code == "product_already_held"
    balance = bank.store.db.execute(
        "SELECT balance FROM accounts WHERE number = '1002-345-678901'"
    ).fetchone()[0]
    assert balance == 1_250_000
    service.check_new_product(visit, BANK_USE.code)  # another product: no refusal
    # Once the held one is revoked, a new one may be issued again.
    bank.certificates.revoke(held.serial, RevocationReason.KEY_COMPROMISE)
    service.check_new_product(visit, GENERAL_YESSIGN.code)


def test_reissue_needs_a_phone_channel_and_a_security_medium(
    service: BankService, bank: Bank
) -> None:
    """전자금융사기 예방서비스: OTP alone (or SMS alone) does not authorize a re-issue."""
    visit = _identified(service, Service.REISSUE)
    _otp(service, bank, visit)
    with pytest.raises(Refused) as refused:
        service.authorize_issue(visit)
    assert refused.value.code == "visit_not_proven"
    sms = service.send_sms(visit)
    code = _latest_code(bank)
    assert service.verify_sms(visit, sms.id, code).ok
    assert service.authorize_issue(visit)


def test_deleting_a_cloud_certificate_needs_its_pin_or_the_phone(
    service: BankService, bank: Bank
) -> None:
    from kiosk.training.staging import stage_cloud_certificate

    today = bank.clock.now().date()
    stage_cloud_certificate(bank, "김민준", today, "135790")
    visit = _identified(service, Service.FIN_DELETE)
    with pytest.raises(Refused) as refused:
        service.cloud_delete(visit)
    assert refused.value.code == "visit_not_proven"
    assert service.cloud_current(visit) is not None
    service.cloud_open(visit, "135790", b"check")
    assert service.cloud_delete(visit).revoked
    # The phone stands in for a forgotten PIN.
    stage_cloud_certificate(bank, "김민준", today, "135790")
    by_phone = _identified(service, Service.FIN_DELETE)
    challenge = service.start_phone_check(by_phone, "SKT", "010-1234-5678")
    assert not isinstance(challenge, FactorResult)
    code = _latest_code(bank)
    assert service.finish_phone_check(by_phone, challenge.id, code).ok
    assert service.cloud_delete(by_phone).revoked


def test_an_ended_visit_can_do_nothing(service: BankService) -> None:
    visit = _identified(service, Service.REVOKE)
    service.end_visit(visit)
    with pytest.raises(Refused) as refused:
        service.usable_certificates(visit)
    assert refused.value.code == "visit_unknown"


def test_registering_needs_every_factor(service: BankService, bank: Bank) -> None:
    """Account, certificate, phone and security medium: the account alone is not enough."""
    visit = service.open_visit(Service.REGISTER)
    assert service.check_account(visit, "1002-345-678901", "1234", MINJUN[1]).ok
    with pytest.raises(Refused):
        service.register(visit, b"not even a certificate")
    with pytest.raises(Refused):
        service.unregister(visit + "x", 1)


def test_a_cloud_certificate_needs_the_phone_check(service: BankService) -> None:
    visit = _identified(service, Service.FIN_ISSUE)
    with pytest.raises(Refused) as refused:
        service.cloud_issue(visit, MINJUN[1], "135790")
    assert refused.value.code == "visit_not_proven"


def test_the_cloud_key_signs_inside_the_bank(service: BankService, bank: Bank) -> None:
    from kiosk.npki.reader import signature_valid
    from kiosk.training.staging import stage_cloud_certificate

    stage_cloud_certificate(bank, "김민준", bank.clock.now().date(), "135790")
    visit = _identified(service, Service.FIN_VIEW)
    with pytest.raises(Refused):
        service.cloud_open(visit, "000000", b"check")
    view = service.cloud_open(visit, "135790", b"check")
    assert signature_valid(view.record.certificate, view.signature, b"check")
    assert not hasattr(view, "key")


def test_ars_calls_are_limited_per_visit_by_the_bank(service: BankService) -> None:
    visit = _identified(service, Service.ISSUE)
    calls = [service.ars_call(visit) for _ in range(4)]
    assert [call is not None for call in calls] == [True, True, True, False]
    assert service.ars_calls_left(visit) == 0
    # A new visit (another customer at the kiosk later) has its own calls.
    assert service.ars_call(_identified(service, Service.ISSUE)) is not None


def test_renewal_terms_come_from_the_books_not_the_request(
    service: BankService, bank: Bank
) -> None:
    """The kiosk names the certificate renewed; the bank decides the dates itself."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from kiosk.certs.found_certs import scan

    old = stage_certificate(
        bank,
        "김민준",
        GENERAL_YESSIGN,
        bank.clock.now().date() - dt.timedelta(days=350),
        "Kiosk!2026pw",
    )
    visit = service.open_visit(Service.RENEW)
    [found] = [f for f in scan(bank.media) if f.info.serial == old.serial]
    opened = keyfile.decrypt_key(
        (found.info.directory / "signPri.key").read_bytes(), "Kiosk!2026pw"
    )
    assert opened.random_num is not None
    der = found.info.certificate.public_bytes(Encoding.DER)
    with pytest.raises(Exception) as wrong_owner:
        service.prove_certificate_owner(visit, der, opened.random_num, SEOYEON_RRN)
    assert getattr(wrong_owner.value, "code", "") == "vid_mismatch"
    service.prove_certificate_owner(visit, der, opened.random_num, MINJUN[1])
    _otp(service, bank, visit)
    assert service.check_account(visit, "1002-345-678901", "1234").ok
    order = _order(
        generate_key(),
        service.authorize_issue(visit),
        product_code=GENERAL_YESSIGN.code,
        pay_account="1002-345-678901",
        supersedes=old.serial,
    )
    signed = service.sign_certificate(visit, order)
    assert signed.not_after.date() == old.not_after.date().replace(year=old.not_after.year + 1)
    assert signed.superseded == old.serial


def test_two_kiosks_issuing_to_one_customer_at_once_both_deliver(
    service: BankService, bank: Bank
) -> None:
    """A certificate still being written at one kiosk is not "owed" to the other:
    each is paid for and delivered, neither revokes the other (seen with 16 at once)."""
    first, second = (_identified(service, Service.ISSUE) for _ in range(2))
    _otp(service, bank, first)
    bank.store.db.execute("UPDATE otp_tokens SET last_step = -1")  # one token, two kiosks
    bank.store.db.execute("DELETE FROM otp_used_steps")
    _otp(service, bank, second)
    signed = [
        service.sign_certificate(visit, _order(generate_key(), service.authorize_issue(visit)))
        for visit in (first, second)
    ]
    for visit, certificate in zip((first, second), signed, strict=True):
        service.certificate_delivered(visit, certificate.serial, "/media")
    for certificate in signed:
        record = bank.certificates.get(certificate.serial)
        assert record is not None and not record.revoked


def test_a_request_whose_answer_was_lost_is_not_charged_twice(
    service: BankService, bank: Bank
) -> None:
    """The bank signed and debited, then the answer never reached the kiosk (a bank
    process killed after its commit, a cable pulled): the kiosk tries again in the
    same visit, and the second certificate is free and replaces the first."""
    visit = _identified(service, Service.ISSUE)
    _otp(service, bank, visit)
    assert service.check_account(visit, "1002-345-678901", "1234").ok

    def order() -> CertificateOrder:
        return _order(
            generate_key(),
            service.authorize_issue(visit),
            product_code=GENERAL_YESSIGN.code,
            pay_account="1002-345-678901",
        )

    lost = service.sign_certificate(visit, order())  # the kiosk never hears of it
    again = service.sign_certificate(visit, order())
    service.certificate_delivered(visit, again.serial, "/media")
    assert (lost.fee_paid, again.fee_paid) == (GENERAL_YESSIGN.fee_won, 0)
    balance = bank.store.db.execute(
        "SELECT balance FROM accounts WHERE number = '1002-345-678901'"
    ).fetchone()[0]
    assert balance == 1_250_000 - GENERAL_YESSIGN.fee_won
    first = bank.certificates.get(lost.serial)
    assert first is not None and first.revoked  # nobody holds its key: it goes on the CRL


def test_staff_operations_need_the_operator_pin_at_the_bank(
    service: BankService, bank: Bank
) -> None:
    """A kiosk token alone cannot unlock an OTP, read the audit trail or wipe the
    training data: the bank hands out a staff token for the operator PIN only."""
    from kiosk.bankside.operator import DEFAULT_OPERATOR_PIN

    for call in (
        lambda: service.locked_otp_customers("made-up"),
        lambda: service.unlock_otp("made-up", 1),
        lambda: service.latest_audit("made-up", 5),
        lambda: service.reset_demo_data("made-up"),
    ):
        with pytest.raises(Refused) as refused:
            call()
        assert refused.value.code == "operator_not_proven"
    assert service.operator_check("000000") is None
    staff = service.operator_check(DEFAULT_OPERATOR_PIN)
    assert staff is not None
    kept = bank.store.db.execute("SELECT token_hash FROM operator_sessions").fetchone()[0]
    assert staff not in kept  # only its keyed hash is kept
    assert isinstance(service.latest_audit(staff, 5), list)
    service.unlock_otp(staff, 1)
    bank.clock.advance(11 * 60)  # staff walked away from the operator screen
    with pytest.raises(Refused):
        service.latest_audit(staff, 5)


def test_the_security_card_answer_is_to_the_banks_own_question(
    service: BankService, bank: Bank
) -> None:
    """A kiosk cannot name the codes it is asked (say, ones it has seen before), and
    one question takes one answer."""
    visit = service.open_visit(Service.ISSUE)
    claim = DocumentClaim(DocumentKind.RESIDENT_CARD, issue_date="2016-09-01")
    service.verify_identity(visit, "한지우", "950817-2234561", claim)
    customer = bank.registry.find_by_rrn("9508172234561")
    assert customer is not None
    codes = bank.cards.codes(customer.id)
    assert codes is not None

    def answer(challenge: CardChallenge) -> tuple[str, str]:
        return codes[challenge.first - 1][:2], codes[challenge.second - 1][2:]

    asked = service.card_challenge(visit)
    own = CardChallenge(1 if asked.first != 1 else 2, 3 if asked.second != 3 else 4)
    with pytest.raises(Refused) as refused:
        service.verify_card(visit, own, *answer(own))  # the right codes for its own question
    assert refused.value.code is RefusalCode.CARD_NOT_ASKED
    with pytest.raises(Refused):  # the bank's question was used up by that answer too
        service.verify_card(visit, asked, *answer(asked))
    asked = service.card_challenge(visit)
    assert service.verify_card(visit, asked, *answer(asked)).ok
    with pytest.raises(Refused):
        service.verify_card(visit, asked, *answer(asked))  # one question, one answer


def test_a_child_under_14_is_refused_at_the_bank(service: BankService) -> None:
    """최유나 (born 2021) with her own passport: refused, and the visit proves nothing."""
    visit = service.open_visit(Service.ISSUE)
    claim = DocumentClaim(
        DocumentKind.PASSPORT, passport_number="M87654321", expiry_date="20300314"
    )
    with pytest.raises(Refused) as refused:
        service.verify_identity(visit, "최유나", "2103154123450", claim)
    assert refused.value.code == "under_age" and "법정대리인" in refused.value.message
    with pytest.raises(Refused):
        service.phone(visit)  # no customer on the visit
    # 등록's 본인확인 by account refuses her too.
    assert service.visits.get(visit).customer_id is None
    with pytest.raises(Refused) as by_account:
        service.check_account(visit, "1002-678-901234", "1357", "2103154123450")
    assert by_account.value.code == "under_age"


def test_a_residence_card_proves_a_foreign_resident(service: BankService) -> None:
    visit = service.open_visit(Service.ISSUE)
    card = DocumentClaim(DocumentKind.ALIEN_CARD, issue_date="20190315")
    verified = service.verify_identity(visit, "왕웨이", "8809095123452", card)
    assert verified.customer.name == "왕웨이"
    wrong = DocumentClaim(DocumentKind.ALIEN_CARD, issue_date="20190316")
    with pytest.raises(Refused) as refused:
        service.verify_identity(service.open_visit(Service.ISSUE), "왕웨이", "8809095123452", wrong)
    assert refused.value.code == "document_mismatch"


def test_nothing_is_issued_or_sent_to_a_phone_before_the_terms_are_agreed(
    service: BankService, bank: Bank
) -> None:
    """약관·개인정보 수집 동의 is the bank's record: a client skipping the screen is refused."""
    visit = service.open_visit(Service.ISSUE)
    name, rrn, claim = MINJUN
    service.verify_identity(visit, name, rrn, claim)
    _otp(service, bank, visit)
    with pytest.raises(Refused) as refused:
        service.authorize_issue(visit)
    assert refused.value.code == "visit_not_proven"
    service.agree_terms(visit)
    assert service.authorize_issue(visit)

    cloud = service.open_visit(Service.FIN_ISSUE)
    service.verify_identity(cloud, name, rrn, claim)
    with pytest.raises(Refused) as unsent:
        service.start_phone_check(cloud, "SKT", "010-1234-5678")
    assert unsent.value.code == "consent_missing"
    assert CustomerDevices(bank).inbox("010-1234-5678", 1) == []
