"""The bank's operations for a kiosk, each checked against the visit it belongs to.

This is the one interface a kiosk uses: in-process on the embedded bank, or
(later) behind HTTP. Arguments and results are plain values. What the customer
proves is recorded by the bank as it checks it (kiosk/bankside/visits.py);
every act (sign, debit, revoke, register, the 금융인증서 cloud) needs the
service's rule met on the bank's side, whatever the kiosk's screens did."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.bankside.bank import Bank
from kiosk.bankside.classroom import ClassBoard, LearnerResult, StationStatus
from kiosk.bankside.copy_relay import CopyRelay, CopyTicket
from kiosk.bankside.visits import Proof, Visit, Visits
from kiosk.certs.records import StoredCertificate
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.auth import (
    ArsCall,
    ArsStatus,
    AuthResult,
    AuthStatus,
    CardChallenge,
    CardResult,
    SendRefused,
    SmsChallenge,
)
from kiosk.npki.revocation import RevocationReason
from kiosk.people.customers import Account, Customer, Phone
from kiosk.people.identity import DocumentClaim, VerifiedIdentity, named, verify
from kiosk.people.identity_factors import FactorResult, FactorStatus, normalise_account
from kiosk.people.rrn import InvalidRrn, Rrn
from kiosk.people.rrn import parse as parse_rrn
from kiosk.visit.flows import CLOUD_IDENTITY, Service

if TYPE_CHECKING:
    from cryptography import x509

    from kiosk.bankside import signing
    from kiosk.bankside.audit import AuditEntry
    from kiosk.bankside.fraud import FraudWarning
    from kiosk.bankside.signing import CertificateOrder, SignedCertificate
    from kiosk.certs.registration import RegisteredCertificate
    from kiosk.fincert.cloud_certs import CloudCertificate


@dataclass(frozen=True)
class CloudView:
    """A 금융인증서 opened with its PIN: the key signed inside the bank, here is the proof."""

    record: CloudCertificate
    message: bytes
    signature: bytes


@dataclass(frozen=True)
class CloudChallenge:
    """What the bank asks a visit's 금융인증서 to sign, and which certificate it is."""

    record: CloudCertificate
    challenge: bytes


def _bad_signature() -> Refused:
    return Refused(
        RefusalCode.FINCERT_SIGNATURE,
        "금융인증서 전자서명을 확인하지 못했습니다. 처음부터 다시 해 주세요.",
    )


def _certificate(der: bytes) -> x509.Certificate:
    from cryptography import x509

    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        raise Refused(
            RefusalCode.CERT_FILE_DAMAGED,
            "인증서 파일이 손상되었습니다: {error}",
            error="signCert.der",
        ) from None


OPERATOR_SESSION = dt.timedelta(minutes=10)

# Below this age a certificate needs a legal guardian's consent, given at a branch.
KIOSK_MIN_AGE = 14


def age_on(born: dt.date, today: dt.date) -> int:
    """Full years (만 나이) on `today`."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _not_mine() -> Refused:
    return Refused(
        RefusalCode.VISIT_OTHER_CUSTOMER,
        "앞에서 확인한 고객과 다른 고객입니다. 처음부터 다시 해 주세요.",
    )


@dataclass(frozen=True)
class VisitDesk:
    """The issuing desk for one visit (what kiosk/certs/issuance.py talks to)."""

    bank: BankService
    visit: str

    def authorize_issue(self) -> str:
        return self.bank.authorize_issue(self.visit)

    def sign_certificate(self, order: CertificateOrder) -> SignedCertificate:
        return self.bank.sign_certificate(self.visit, order)

    def certificate_delivered(self, serial: int, directory: str) -> None:
        self.bank.certificate_delivered(self.visit, serial, directory)


class BankService:
    """What a kiosk may ask of the bank. Every method but the visit's opening
    takes the visit id the bank handed out."""

    def __init__(self, bank: Bank, kiosk_id: str | None = None) -> None:
        self._bank = bank
        # Over HTTP, the kiosk whose token the request carried: the audit trail
        # names the kiosk the bank authenticated, not the one a client claims.
        self._kiosk_id = kiosk_id or bank.audit.kiosk_id
        self.visits = Visits(bank.store, bank.clock)

    # --- the visit and the clock --------------------------------------------------

    def open_visit(self, service: Service) -> str:
        # Each service starts with current CRLs: republished here when due; and
        # the bank's time-driven SMS go out.
        self._bank.publish_crls_if_due()
        self._bank.send_due_reminders()
        return self.visits.open(service)

    def end_visit(self, visit: str) -> None:
        self.visits.close(visit)

    def now(self) -> dt.datetime:
        return self._bank.clock.now()

    # --- 인증서 복사 with a phone, through the bank's relay ------------------------

    def copy_receive(self) -> CopyTicket:
        """A one-time 인증번호 for a certificate this kiosk is to receive (가져오기)."""
        return self._relay().open(f"kiosk:{self._kiosk_id}")

    def copy_send(self, code: str, sealed: bytes) -> None:
        """A sealed certificate for the receiver whose 인증번호 was keyed (내보내기)."""
        self._relay().deposit(code, sealed)
        self._bank.audit.record("copy", "sent", kiosk_id=self._kiosk_id)

    def copy_collect(self, relay_id: str) -> bytes | None:
        """The sealed certificate once the phone sent it; None while it has not."""
        return self._relay().collect(relay_id, f"kiosk:{self._kiosk_id}")

    def _relay(self) -> CopyRelay:
        return CopyRelay(self._bank.store, self._bank.clock)

    def advance_clock(self, seconds: float) -> None:
        """Training: the bank's clock moves (codes and calls expire as they would, and
        reminders of certificates now near their expiry arrive)."""
        self._bank.clock.advance(seconds)
        self._bank.send_due_reminders()

    def _customer(self, visit: str) -> Customer:
        customer_id = self.visits.customer_id(visit)
        customer = self._bank.registry.customer(customer_id)
        assert customer is not None
        return customer

    def _admit(self, rrn: Rrn) -> None:
        """A minor under 14 is sent to a branch, with a guardian, before anything is asked."""
        if age_on(rrn.birth_date, self.now().date()) < KIOSK_MIN_AGE:
            raise Refused(
                RefusalCode.UNDER_AGE,
                "만 {age}세 미만 고객은 키오스크에서 이용할 수 없습니다. "
                "법정대리인과 함께 영업점 창구를 방문해 주세요.",
                age=KIOSK_MIN_AGE,
            )

    def _rrn_of(self, visit: str, rrn_text: str) -> tuple[Customer, Rrn]:
        """The resident number typed again for an act: it must be the visit's customer's."""
        customer = self._customer(visit)
        try:
            rrn = parse_rrn(rrn_text, self.now().date())
        except InvalidRrn:
            raise _not_mine() from None
        found = self._bank.registry.find_by_rrn(rrn.digits)
        if found is None or found.id != customer.id:
            raise _not_mine()
        return customer, rrn

    # --- 본인확인 --------------------------------------------------------------

    def verify_identity(
        self, visit: str, name: str, rrn_text: str, claim: DocumentClaim
    ) -> VerifiedIdentity:
        """신분증: a Refused saying why not, or the customer (recorded on the visit).

        A 금융인증서 service says at once, once the customer is known, if it cannot
        be done for them (one already held, nothing to renew, the PIN locked)."""
        state = self.visits.get(visit)
        verified = verify(self._bank.registry, name, rrn_text, claim, self.now().date())
        self._admit(verified.rrn)
        self.visits.prove(visit, Proof.ID_DOCUMENT, verified.customer.id, claim.kind.value)
        if state.service.is_cloud:
            self._bank.cloud.check_before(state.service, verified.customer.id)
        return verified

    def account_holder(self, visit: str, account_text: str, rrn_text: str) -> FactorResult:
        """Whether the account is the person's with this resident number (nothing counted)."""
        self.visits.get(visit)
        try:
            rrn = parse_rrn(rrn_text, self.now().date())
        except InvalidRrn:
            return FactorResult(FactorStatus.NOT_OWN_ACCOUNT)
        holder = self._bank.factors.holder_of(account_text, rrn.digits)
        if holder.ok:
            self._admit(rrn)
        return holder

    def check_account(
        self, visit: str, account_text: str, pin: str, rrn_text: str | None = None
    ) -> FactorResult:
        """An account and its password. With `rrn_text` it identifies the customer
        (등록's 본인확인); without, the account must be the visit's customer's (a fee)."""
        if rrn_text is None:
            owner = self._customer(visit)
        else:
            holder = self.account_holder(visit, account_text, rrn_text)
            if not holder.ok:
                return holder
            assert holder.customer is not None
            owner = holder.customer
        result = self._bank.factors.check_account(account_text, pin, owner=owner)
        if result.ok and result.customer is not None:
            number = normalise_account(account_text) or ""
            self.visits.prove(visit, Proof.ACCOUNT_PIN, result.customer.id, number)
        return result

    def send_one_won(self, visit: str, account_text: str) -> int | None:
        self.visits.get(visit)
        return self._bank.factors.send_one_won(account_text)

    def check_one_won(
        self, visit: str, check_id: int, code: str, account_text: str, rrn_text: str
    ) -> FactorResult:
        holder = self.account_holder(visit, account_text, rrn_text)
        if not holder.ok:
            return holder
        result = self._bank.factors.check_one_won(check_id, code, owner=holder.customer)
        if result.ok and result.customer is not None:
            number = normalise_account(account_text) or ""
            self.visits.prove(visit, Proof.ONE_WON, result.customer.id, number)
        return result

    def agree_terms(self, visit: str) -> None:
        """약관·개인정보 수집·이용 동의, recorded with the terms' version and the time."""
        from kiosk.bankside.visits import TERMS_VERSION

        self.visits.prove(visit, Proof.CONSENT, self._customer(visit).id, TERMS_VERSION)

    def _consented(self, visit: str) -> None:
        from kiosk.bankside.visits import NEEDS_CONSENT

        state = self.visits.get(visit)
        if state.service in NEEDS_CONSENT and not state.has(Proof.CONSENT):
            raise Refused(
                RefusalCode.CONSENT_MISSING,
                "약관과 개인정보 수집·이용에 동의해야 이용할 수 있습니다.",
            )

    def start_phone_check(
        self, visit: str, carrier: str, number: str
    ) -> SmsChallenge | FactorResult:
        """휴대폰 본인인증: raises SendRefused when the phone has had too many codes;
        Refused before the customer agreed to the terms (the number goes to a carrier)."""
        self._consented(visit)
        return self._bank.factors.start_phone_check(self._customer(visit), carrier, number)

    def finish_phone_check(self, visit: str, challenge_id: int, code: str) -> AuthResult:
        result = self._verify_sms(visit, challenge_id, code)
        if result.ok:
            self.visits.prove(visit, Proof.PHONE, self._customer(visit).id)
        return result

    def prove_certificate_owner(
        self, visit: str, certificate: bytes, random_num: bytes, rrn_text: str
    ) -> tuple[Customer, Rrn]:
        """갱신: the certificate opened at the kiosk is this bank's and the person's own
        (its VID recomputed from the resident number); Refused if not."""
        from kiosk.certs.renewal import check_trusted, owner_of
        from kiosk.npki.reader import CertInfo

        self.visits.get(visit)
        cert = _certificate(certificate)
        record = self._bank.certificates.get(cert.serial_number)
        if cert.issuer not in self._bank.cas.issuer_names():
            record = None
        check_trusted(cert, self._bank.certificates)
        customer, rrn = owner_of(
            CertInfo(Path(), cert),
            random_num,
            record,
            rrn_text,
            self._bank.registry,
            self.now().date(),
        )
        self._admit(rrn)
        assert record is not None  # owner_of refuses a certificate the bank has no record of
        self.visits.prove(visit, Proof.CERT_OWNER, customer.id, str(record.serial))
        return customer, rrn

    # --- what the bank knows of the visit's customer ---------------------------------

    def phone(self, visit: str) -> Phone | None:
        return self._bank.registry.phone(self.visits.customer_id(visit))

    def accounts(self, visit: str) -> list[Account]:
        return self._bank.registry.accounts(self.visits.customer_id(visit))

    def has_otp(self, visit: str) -> bool:
        return self._bank.registry.has_otp(self.visits.customer_id(visit))

    def otp_locked(self, visit: str) -> bool:
        return self._bank.auth.otp_locked(self.visits.customer_id(visit))

    def has_security_card(self, visit: str) -> bool:
        return self._bank.cards.codes(self.visits.customer_id(visit)) is not None

    def security_card_locked(self, visit: str) -> bool:
        return self._bank.cards.locked(self.visits.customer_id(visit))

    # --- 추가인증 --------------------------------------------------------------

    def _own_phone(self, visit: str) -> str:
        phone = self.phone(visit)
        if phone is None:
            raise SendRefused(AuthStatus.NO_PHONE)
        return phone.number

    def send_sms(self, visit: str) -> SmsChallenge:
        """A code to the customer's own phone (SendRefused: no phone, or too many)."""
        return self._bank.auth.send_sms(self._own_phone(visit))

    def _verify_sms(self, visit: str, challenge_id: int, code: str) -> AuthResult:
        phone = self.phone(visit)
        row = self._bank.store.db.execute(
            "SELECT phone FROM sms_codes WHERE id = ?", (challenge_id,)
        ).fetchone()
        if phone is None or row is None or not hmac.compare_digest(row["phone"], phone.number):
            return AuthResult(AuthStatus.EXPIRED)  # a code sent to someone else's phone
        return self._bank.auth.verify_sms(challenge_id, code)

    def verify_sms(self, visit: str, challenge_id: int, code: str) -> AuthResult:
        result = self._verify_sms(visit, challenge_id, code)
        if result.ok:
            self.visits.prove(visit, Proof.SMS, self._customer(visit).id)
        return result

    def verify_otp(self, visit: str, code: str) -> AuthResult:
        customer = self._customer(visit)
        result = self._bank.auth.verify_otp(customer.id, code)
        if result.ok:
            self.visits.prove(visit, Proof.OTP, customer.id)
        return result

    def card_challenge(self, visit: str) -> CardChallenge:
        """Which two codes of the customer's card to key: chosen and kept by the bank."""
        self.visits.get(visit)
        challenge = self._bank.cards.challenge()
        self.visits.ask_card(visit, challenge.first, challenge.second)
        return challenge

    def verify_card(
        self, visit: str, challenge: CardChallenge, first: str, last: str
    ) -> CardResult:
        """The answer to the question this visit was asked (the kiosk's `challenge`
        must be that question: a client cannot pick the codes it is asked)."""
        customer = self._customer(visit)
        asked = self.visits.take_card_question(visit)
        if asked != (challenge.first, challenge.second):
            raise Refused(
                RefusalCode.CARD_NOT_ASKED,
                "보안카드 번호를 다시 확인해 주세요. 새로 묻는 번호를 입력해 주세요.",
            )
        result = self._bank.cards.verify(customer.id, challenge, first, last)
        if result.ok:
            self.visits.prove(visit, Proof.SECURITY_CARD, customer.id)
        return result

    def ars_calls_left(self, visit: str) -> int:
        return self.visits.ars_calls_left(visit)

    def ars_call(self, visit: str) -> ArsCall | None:
        """The bank calls the customer's phone; None once the visit's calls are used up."""
        number = self._own_phone(visit)
        if not self.visits.count_ars_call(visit):
            return None
        return self._bank.ars.call(number)

    def ars_status(self, visit: str, call_id: int) -> ArsStatus:
        number = self._own_phone(visit)
        row = self._bank.store.db.execute(
            "SELECT phone FROM ars_calls WHERE id = ?", (call_id,)
        ).fetchone()
        if row is None or row["phone"] != number:
            return ArsStatus.EXPIRED
        status = self._bank.ars.status(call_id)
        if status is ArsStatus.PASSED:
            self.visits.prove(visit, Proof.ARS, self._customer(visit).id)
        return status

    # --- 공동인증서 -----------------------------------------------------------------

    def usable_certificates(self, visit: str) -> list[StoredCertificate]:
        return self._bank.certificates.usable(self.visits.customer_id(visit))

    def renewable(self, visit: str, certificate: bytes) -> StoredCertificate:
        """The bank's record if the certificate may be renewed today (Refused)."""
        from kiosk.certs.renewal import check_renewable_record

        self.visits.get(visit)
        cert = _certificate(certificate)
        return check_renewable_record(cert, self._bank.certificates)

    def check_new_product(self, visit: str, product_code: str) -> None:
        """신규 발급: Refused if the customer already holds a valid certificate of this
        product (the bank sends them to 재발급 rather than charge for a second one)."""
        from kiosk.certs import products

        customer = self._customer(visit)
        try:
            product = products.by_code(product_code)
        except KeyError:
            raise Refused(RefusalCode.BAD_PRODUCT, "없는 인증서 종류입니다.") from None
        held = self._bank.certificates.in_use(customer.id, product)
        if held is not None:
            raise Refused(
                RefusalCode.PRODUCT_ALREADY_HELD,
                "이미 사용 중인 {product} 인증서가 있습니다({expires} 만료). "
                "새로 발급하지 않고 재발급을 이용해 주세요.",
                product=product.name,
                expires=f"{held.not_after:%Y-%m-%d}",
            )

    def begin_reissue(self, visit: str, serial: int) -> FraudWarning | None:
        """재발급 of `serial` is asked: the bank texts the customer's phone that it was
        (once a visit), and holds it with a warning if an unknown number called the
        phone within fraud.RECENT_CALL (kiosk/bankside/fraud.py)."""
        from kiosk.bankside import fraud
        from kiosk.core.i18n import tr

        if self.visits.get(visit).service is not Service.REISSUE:
            raise Refused(
                RefusalCode.VISIT_WRONG_SERVICE,
                "이 이용에서 할 수 없는 업무입니다. 처음부터 다시 해 주세요.",
            )
        customer = self._customer(visit)
        chosen = next(
            (c for c in self._bank.certificates.usable(customer.id) if c.serial == serial), None
        )
        if chosen is None:
            raise _not_mine()
        phone = self._bank.registry.phone(customer.id)
        warning = fraud.check_reissue(
            self._bank.store,
            visit,
            None if phone is None else phone.number,
            tr("공동인증서({name})", name=chosen.product.name),
            self.now(),
        )
        if warning is not None:
            self._bank.audit.record(
                "reissue", "fraud_warning", customer, "unknown_call", self._kiosk_id
            )
        return warning

    def answer_fraud_warning(self, visit: str, go_on: bool) -> bool:
        """The customer's answer to the warning: False when the 재발급 stopped
        (it stays stopped in this visit), True when the customer chose to go on."""
        from kiosk.bankside import fraud

        customer = self._customer(visit)
        given = fraud.answer(self._bank.store, visit, go_on)
        outcome = "warning_overridden" if given == fraud.CONTINUED else "scam_stopped"
        self._bank.audit.record("reissue", outcome, customer, "unknown_call", self._kiosk_id)
        return given == fraud.CONTINUED

    def authorize_issue(self, visit: str) -> str:
        """참조번호·인가코드: the code the kiosk's certificate request must carry."""
        import secrets

        state = self.visits.require(visit)
        if state.service not in (Service.ISSUE, Service.REISSUE, Service.RENEW):
            raise Refused(
                RefusalCode.VISIT_WRONG_SERVICE,
                "이 이용에서 할 수 없는 업무입니다. 처음부터 다시 해 주세요.",
            )
        if state.service is Service.REISSUE:
            from kiosk.bankside import fraud

            fraud.require_cleared(self._bank.store, visit)
        code = f"{secrets.randbelow(10**8):08d}"
        self.visits.set_issue_code(visit, self._bank.store.keyed_hash("issue:" + code))
        return code

    def sign_certificate(self, visit: str, order: CertificateOrder) -> SignedCertificate:
        """Verify the request and its 인가코드, decide the terms, debit, sign."""
        from kiosk.bankside import signing
        from kiosk.npki import request as csr

        state = self.visits.require(visit)
        customer, rrn = self._rrn_of(visit, order.rrn_text)
        try:
            public_key, code = csr.read(order.csr)
        except csr.BadRequest:
            raise Refused(RefusalCode.BAD_REQUEST, "인증서 요청이 올바르지 않습니다.") from None
        expected = self.visits.issue_code_hash(visit)
        given = self._bank.store.keyed_hash("issue:" + code)
        if expected is None or not hmac.compare_digest(expected, given):
            raise Refused(RefusalCode.BAD_AUTHORIZATION_CODE, "인가코드가 일치하지 않습니다.")
        self.visits.set_issue_code(visit, "")  # one request per code
        if order.pay_account is not None and not state.has(Proof.ACCOUNT_PIN, order.pay_account):
            raise Refused(
                RefusalCode.ACCOUNT_NOT_PROVEN,
                "계좌 비밀번호를 확인한 계좌에서만 출금할 수 있습니다.",
            )
        terms = self._terms(state, customer, order)
        return signing.sign(self._bank, customer, rrn, terms, public_key, order, visit)

    def _terms(self, state: Visit, customer: Customer, order: CertificateOrder) -> signing.Terms:
        from cryptography import x509

        from kiosk.bankside import signing
        from kiosk.certs import products, renewal

        try:
            product = products.by_code(order.product_code)
        except KeyError:
            raise Refused(RefusalCode.BAD_PRODUCT, "없는 인증서 종류입니다.") from None
        if state.service is Service.ISSUE:
            if order.supersedes is not None or product not in products.ISSUABLE:
                raise Refused(RefusalCode.BAD_PRODUCT, "없는 인증서 종류입니다.")
            self.check_new_product(state.id, product.code)
            return signing.Terms(product, product.fee_won)
        old = None if order.supersedes is None else self._bank.certificates.get(order.supersedes)
        if old is None or old.customer_id != customer.id or old.revoked or old.product != product:
            raise Refused(RefusalCode.BAD_SUPERSEDES, "인증서를 다시 선택해 주세요.")
        subject = x509.Name.from_rfc4514_string(old.subject_dn)
        if state.service is Service.REISSUE:
            return signing.Terms(product, 0, old.not_after, subject, old.serial)
        if not state.has(Proof.CERT_OWNER, str(old.serial)):
            raise Refused(RefusalCode.BAD_SUPERSEDES, "인증서를 다시 선택해 주세요.")
        window = renewal.window(old.not_after, self.now())
        if window.state is not renewal.RenewalState.OPEN:
            raise Refused(RefusalCode.of_status("renew", window.state), window.phrase)
        return signing.Terms(
            product, product.fee_won, renewal.renewed_not_after(old.not_after), subject, old.serial
        )

    def delivery_recorded(self, serial: int) -> bool:
        """Whether the bank holds `serial` as delivered and in force: what a kiosk
        asks about files it set aside when the bank stopped answering mid-delivery."""
        row = self._bank.store.db.execute(
            "SELECT 1 FROM certificates WHERE serial = ? AND status = 'valid'", (serial,)
        ).fetchone()
        return row is not None

    def certificate_delivered(self, visit: str, serial: int, directory: str) -> None:
        from kiosk.bankside import signing

        signing.delivered(self._bank, self.visits.customer_id(visit), serial, directory)

    def revoke(self, visit: str, serial: int, reason: RevocationReason) -> StoredCertificate:
        state = self.visits.require(visit, Service.REVOKE)
        record = self._bank.certificates.get(serial)
        if record is None or record.customer_id != state.customer_id:
            raise Refused(RefusalCode.NOT_OWN_CERTIFICATE, "인증서를 다시 선택해 주세요.")
        return self._bank.certificates.revoke(serial, reason)

    # --- 타기관·타행 인증서 등록 ----------------------------------------------------------

    def registrations(self, visit: str) -> list[RegisteredCertificate]:
        return self._bank.registrations.active(self.visits.customer_id(visit))

    def check_registrable(self, visit: str, certificate: bytes) -> None:
        """What 등록 refuses before any password: dates, trust, this bank's own
        certificates, and revocation on the bank's CRLs (Refused)."""
        from kiosk.certs.registration import check_registrable, found_in

        self.visits.get(visit)
        self._bank.publish_crls_if_due()
        check_registrable(
            found_in(certificate), self.now(), self._bank.data_dir, self._bank.issued_here
        )

    def check_foreign_certificate(
        self, visit: str, certificate: bytes, random_num: bytes, rrn_text: str
    ) -> None:
        """등록: the certificate opened at the kiosk is the customer's (VID) and not yet
        registered; Refused if not. Recorded on the visit."""
        customer, rrn = self._rrn_of(visit, rrn_text)
        registrations = self._bank.registrations
        fingerprint = registrations.check_foreign(customer, certificate, random_num, rrn)
        self.visits.prove(visit, Proof.FOREIGN_CERT, customer.id, fingerprint)

    def register(self, visit: str, certificate: bytes) -> RegisteredCertificate:
        from kiosk.certs.registration import fingerprint_of

        state = self.visits.require(visit, Service.REGISTER)
        if not state.has(Proof.FOREIGN_CERT, fingerprint_of(certificate)):
            raise Refused(RefusalCode.CERTIFICATE_NOT_CHECKED, "인증서를 다시 선택해 주세요.")
        return self._bank.registrations.register(self._customer(visit), certificate)

    def unregister(self, visit: str, registration_id: int) -> RegisteredCertificate:
        state = self.visits.require(visit, Service.UNREGISTER)
        assert state.customer_id is not None
        return self._bank.registrations.unregister(state.customer_id, registration_id)

    # --- 금융인증서 (the key stays in the bank's cloud) -----------------------------------

    def cloud_current(self, visit: str) -> CloudCertificate | None:
        return self._bank.cloud.current(self.visits.customer_id(visit))

    def cloud_issue(self, visit: str, rrn_text: str, pin: str) -> CloudCertificate:
        state = self.visits.require(visit)
        customer, rrn = self._rrn_of(visit, rrn_text)
        if state.service is Service.FIN_ISSUE:
            return self._bank.cloud.issue(customer, rrn, pin, pin)
        if state.service is Service.FIN_REISSUE:
            return self._bank.cloud.reissue(customer, rrn, pin, pin)
        raise Refused(
            RefusalCode.VISIT_WRONG_SERVICE,
            "이 이용에서 할 수 없는 업무입니다. 처음부터 다시 해 주세요.",
        )

    def cloud_reset_pin(self, visit: str, rrn_text: str, new_pin: str) -> CloudCertificate:
        self.visits.require(visit, Service.FIN_PIN_RESET)
        customer, rrn = self._rrn_of(visit, rrn_text)
        return self._bank.cloud.reset_pin(customer, rrn, new_pin, new_pin)

    def cloud_open(self, visit: str, pin: str, message: bytes) -> CloudView:
        """The PIN opens the key inside the bank; it signs `message` there."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        customer = self._customer(visit)
        opened = self._bank.cloud.open(customer.id, pin)
        self.visits.prove(visit, Proof.CLOUD_PIN, customer.id, str(opened.record.serial))
        signature = opened.key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        return CloudView(opened.record, message, signature)

    def cloud_renew(
        self, visit: str, rrn_text: str, pin: str, new_pin: str | None
    ) -> CloudCertificate:
        self.visits.require(visit, Service.FIN_RENEW)
        customer, rrn = self._rrn_of(visit, rrn_text)
        opened = self._bank.cloud.open(customer.id, pin)
        return self._bank.cloud.renew(opened, customer, rrn, new_pin, new_pin)

    def cloud_delete(self, visit: str) -> CloudCertificate:
        self.visits.require(visit, Service.FIN_DELETE)
        return self._bank.cloud.delete(self.visits.customer_id(visit))

    # --- the 금융인증서 as proof: the bank's challenge, signed inside the cloud ----------
    #
    # The bank hands out a challenge; the cloud opens the key with the PIN and signs
    # it there (the key never leaves); the bank checks that signature against the
    # 금융인증서 and only then records the proof on the visit. A client that skips
    # the signing has nothing the bank will take.

    def cloud_identity_challenge(self, visit: str, name: str, rrn_text: str) -> CloudChallenge:
        """본인확인 by 금융인증서 (the services in CLOUD_IDENTITY): the named customer's
        금융인증서, usable at this bank, and the challenge it is to sign."""
        state = self.visits.get(visit)
        if state.service not in CLOUD_IDENTITY:
            raise Refused(
                RefusalCode.FINCERT_NOT_ACCEPTED,
                "이 업무는 금융인증서로 본인확인을 할 수 없습니다. 신분증으로 확인해 주세요.",
            )
        customer, rrn = named(self._bank.registry, name, rrn_text, self.now().date())
        self._admit(rrn)
        if state.customer_id not in (None, customer.id):
            raise _not_mine()
        record = self._bank.cloud.usable_here(customer.id)
        return self._challenge(visit, customer.id, record)

    def cloud_register_challenge(self, visit: str) -> CloudChallenge:
        """타행 이용 등록: the customer's 금융인증서 from another bank (Refused if there is
        none, or it is this bank's, registered already, expired or locked)."""
        state = self.visits.get(visit)
        if state.service is not Service.FIN_REGISTER:
            raise Refused(
                RefusalCode.VISIT_WRONG_SERVICE,
                "이 이용에서 할 수 없는 업무입니다. 처음부터 다시 해 주세요.",
            )
        customer_id = self.visits.customer_id(visit)
        record = self._bank.cloud.check_registrable(customer_id)
        return self._challenge(visit, customer_id, record)

    def _challenge(self, visit: str, customer_id: int, record: CloudCertificate) -> CloudChallenge:
        import secrets

        challenge = b"hanbit-fincert:" + visit.encode() + b":" + secrets.token_bytes(32)
        self.visits.set_cloud_challenge(visit, customer_id, record.serial, challenge)
        return CloudChallenge(record, challenge)

    def cloud_sign(self, visit: str, pin: str) -> CloudView:
        """The cloud's part: the PIN opens the key (wrong PINs counted toward its lock)
        and it signs the visit's challenge. Proves nothing to the bank by itself."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        found = self.visits.cloud_challenge(visit)
        if found is None:
            raise _bad_signature()
        customer_id, serial, challenge = found
        opened = self._bank.cloud.open(customer_id, pin)
        if opened.record.serial != serial:
            raise Refused(
                RefusalCode.FINCERT_CHANGED, "금융인증서가 바뀌었습니다. 처음부터 다시 해 주세요."
            )
        signature = opened.key.sign(challenge, padding.PKCS1v15(), hashes.SHA256())
        return CloudView(opened.record, challenge, signature)

    def _verified_signature(self, visit: str, signature: bytes) -> CloudCertificate:
        """The 금융인증서 whose signature of this visit's challenge verifies (the
        challenge is used up either way); Refused otherwise."""
        from kiosk.npki.reader import signature_valid

        found = self.visits.take_cloud_challenge(visit)
        if found is None:
            raise _bad_signature()
        customer_id, serial, challenge = found
        record = self._bank.cloud.get(serial)
        if (
            record is None
            or record.customer_id != customer_id
            or record.revoked
            or record.is_expired(self.now())
            or not signature_valid(record.certificate, signature, challenge)
        ):
            raise _bad_signature()
        self.visits.prove(visit, Proof.CLOUD_SIGNED, customer_id, str(serial))
        return record

    def cloud_prove_identity(
        self, visit: str, rrn_text: str, signature: bytes
    ) -> tuple[Customer, Rrn]:
        """본인확인 done: the signature of the challenge verifies against the customer's
        금융인증서 (recorded on the visit as the identity proof)."""
        found = self.visits.cloud_challenge(visit)
        if found is None:
            raise _bad_signature()
        try:
            rrn = parse_rrn(rrn_text, self.now().date())
        except InvalidRrn:
            raise _not_mine() from None
        customer = self._bank.registry.find_by_rrn(rrn.digits)
        if customer is None or customer.id != found[0]:
            raise _not_mine()
        self._verified_signature(visit, signature)
        return customer, rrn

    def cloud_register(self, visit: str, signature: bytes) -> CloudCertificate:
        """타행 이용 등록: the signature verifies, and the visit's rule is met."""
        record = self._verified_signature(visit, signature)
        self.visits.require(visit, Service.FIN_REGISTER)
        return self._bank.cloud.register_here(record.customer_id, record.serial)

    # --- the audit trail and staff ------------------------------------------------

    def kiosk_id(self) -> str:
        return self._kiosk_id

    def report_station(self, station: str, status: StationStatus) -> None:
        """The class dashboard: where this kiosk's learner is now (kiosk/bankside/classroom.py)."""
        if not station or len(station) > 64:
            raise Refused(RefusalCode.BAD_REQUEST, "잘못된 요청입니다.")
        try:
            ClassBoard(self._bank.store, self._bank.clock).report(station, self._kiosk_id, status)
        except ValueError:
            raise Refused(RefusalCode.BAD_REQUEST, "잘못된 요청입니다.") from None

    def record_learner_result(self, station: str, result: LearnerResult) -> None:
        """A learner's finished run (guided, practice, test), for the class report."""
        if not station or len(station) > 64 or len(result.learner) > 64:
            raise Refused(RefusalCode.BAD_REQUEST, "잘못된 요청입니다.")
        try:
            ClassBoard(self._bank.store, self._bank.clock).record_result(
                station, self._kiosk_id, result
            )
        except ValueError:
            raise Refused(RefusalCode.BAD_REQUEST, "잘못된 요청입니다.") from None

    def audit(
        self, service: str, outcome: str, customer: Customer | None = None, reason: str = ""
    ) -> None:
        self._bank.audit.record(service, outcome, customer, reason, self._kiosk_id)

    # Staff-only operations need the token operator_check handed out: the bank, not
    # the kiosk's operator screen, decides who is staff.

    def _staff(self, token: str) -> None:
        since = (self.now() - OPERATOR_SESSION).isoformat()
        row = self._bank.store.db.execute(
            "SELECT 1 FROM operator_sessions WHERE token_hash = ? AND opened_at > ?",
            (self._bank.store.keyed_hash("staff:" + token), since),
        ).fetchone()
        if row is None:
            raise Refused(RefusalCode.OPERATOR_NOT_PROVEN, "운영자 PIN을 다시 입력해 주세요.")

    def latest_audit(self, staff: str, limit: int) -> list[AuditEntry]:
        self._staff(staff)
        return self._bank.audit.latest(limit)

    def audit_entries(
        self, staff: str, kiosk: str | None = None, code: str | None = None
    ) -> list[AuditEntry]:
        """The whole audit log, newest first, of one kiosk and/or with one code."""
        self._staff(staff)
        return self._bank.audit.entries(kiosk, code)

    def audit_kiosks(self, staff: str) -> list[str]:
        self._staff(staff)
        return self._bank.audit.kiosks()

    def audit_codes(self, staff: str) -> list[str]:
        self._staff(staff)
        return self._bank.audit.codes()

    def operator_locked(self) -> bool:
        return self._bank.operator.locked

    def operator_failures(self) -> int:
        return self._bank.operator.failures

    def operator_check(self, pin: str) -> str | None:
        """A staff token for the operator PIN (valid OPERATOR_SESSION), or None."""
        import secrets

        if not self._bank.operator.check(pin):
            return None
        token = secrets.token_urlsafe(24)
        self._bank.store.db.execute(
            "INSERT INTO operator_sessions (token_hash, opened_at) VALUES (?, ?)",
            (self._bank.store.keyed_hash("staff:" + token), self.now().isoformat()),
        )
        return token

    def locked_otp_customers(self, staff: str) -> list[Customer]:
        self._staff(staff)
        return self._bank.auth.locked_otp_customers()

    def unlock_otp(self, staff: str, customer_id: int) -> None:
        self._staff(staff)
        self._bank.auth.unlock_otp(customer_id)

    def reset_demo_data(self, staff: str) -> None:
        from kiosk.bankside.operator import reset_demo_data

        self._staff(staff)
        reset_demo_data(self._bank)
