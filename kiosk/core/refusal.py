"""A refusal: the bank or the kiosk will not do what was asked, and says why.

Every rule's refusal is a `Refused` with a `RefusalCode`, so a screen catches
one type, decides by `code` (never by the wording) and shows `message` on the
screen where it happened; nothing was changed except what a rule counts (wrong
tries). The message is a `Phrase`: a Korean template and its values, translated
when it is shown, in the language of the visit at that moment — not in the
language of the process (the bank's, over HTTP) that raised it."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum, StrEnum

from kiosk.core.i18n import Phrase, PhraseValue


class RefusalCode(StrEnum):
    """Every reason the kiosk or the bank gives for not doing something.

    The values are what the audit log and the wire carry: renaming one is a
    change of the bank's interface."""

    # Anything the kiosk cannot name more precisely (a code from a newer bank).
    REFUSED = "refused"

    # The bank behind HTTP
    BANK_UNREACHABLE = "bank_unreachable"
    KIOSK_NOT_ADMITTED = "kiosk_not_admitted"
    TRAINING_DISABLED = "training_disabled"
    CLOCK_LIMIT = "clock_limit"

    # The bank's visit: which proofs it has seen, for which service
    VISIT_UNKNOWN = "visit_unknown"
    CARD_NOT_ASKED = "card_not_asked"
    VISIT_NOT_PROVEN = "visit_not_proven"
    VISIT_OTHER_CUSTOMER = "visit_other_customer"
    VISIT_WRONG_SERVICE = "visit_wrong_service"
    CONSENT_MISSING = "consent_missing"
    OPERATOR_NOT_PROVEN = "operator_not_proven"
    CERTIFICATE_NOT_CHECKED = "certificate_not_checked"
    NOT_OWN_CERTIFICATE = "not_own_certificate"

    # 본인확인 with an ID document
    NO_NAME = "no_name"
    NO_SUCH_CUSTOMER = "no_such_customer"
    DOCUMENT_NOT_HELD = "document_not_held"
    DOCUMENT_MISMATCH = "document_mismatch"
    DOCUMENT_EXPIRED = "document_expired"
    BAD_DATE = "bad_date"
    BAD_LICENCE = "bad_licence"
    BAD_PASSPORT = "bad_passport"
    UNDER_AGE = "under_age"

    # The resident registration number ("rrn_" + RrnError)
    RRN_MALFORMED = "rrn_malformed"
    RRN_BAD_DATE = "rrn_bad_date"
    RRN_FUTURE_DATE = "rrn_future_date"
    RRN_BAD_CHECK_DIGIT = "rrn_bad_check_digit"
    VID_MISMATCH = "vid_mismatch"

    # 추가인증: SMS and OTP ("auth_" + AuthStatus)
    AUTH_MALFORMED = "auth_malformed"
    AUTH_WRONG = "auth_wrong"
    AUTH_EXPIRED = "auth_expired"
    AUTH_USED = "auth_used"
    AUTH_VOIDED = "auth_voided"
    AUTH_REPLAYED = "auth_replayed"
    AUTH_LOCKED = "auth_locked"
    AUTH_NO_PHONE = "auth_no_phone"
    AUTH_NO_TOKEN = "auth_no_token"
    AUTH_SEND_LIMIT = "auth_send_limit"
    SMS_SEND_LIMIT = "sms_send_limit"
    NO_PHONE = "no_phone"
    NO_OTP = "no_otp"
    OTP_LOCKED = "otp_locked"
    # 보안카드 ("card_" + CardStatus)
    CARD_MALFORMED = "card_malformed"
    CARD_WRONG = "card_wrong"
    CARD_LOCKED = "card_locked"
    CARD_NO_CARD = "card_no_card"
    NO_SECURITY_CARD = "no_security_card"
    SECURITY_CARD_LOCKED = "security_card_locked"
    # ARS ("ars_" + ArsStatus)
    ARS_WRONG = "ars_wrong"
    ARS_EXPIRED = "ars_expired"
    ARS_CALL_LIMIT = "ars_call_limit"

    # An account and its password ("account_" + FactorStatus)
    ACCOUNT_BAD_ACCOUNT_NUMBER = "account_bad_account_number"
    ACCOUNT_BAD_PIN = "account_bad_pin"
    ACCOUNT_NO_SUCH_ACCOUNT = "account_no_such_account"
    ACCOUNT_NOT_OWN_ACCOUNT = "account_not_own_account"
    ACCOUNT_WRONG_PIN = "account_wrong_pin"
    ACCOUNT_PIN_LOCKED = "account_pin_locked"
    # The 1-won transfer ("one_won_" + FactorStatus)
    ONE_WON_BAD_CODE = "one_won_bad_code"
    ONE_WON_WRONG_CODE = "one_won_wrong_code"
    ONE_WON_EXPIRED = "one_won_expired"
    ONE_WON_VOIDED = "one_won_voided"
    ONE_WON_NOT_OWN_ACCOUNT = "one_won_not_own_account"
    # 휴대폰 본인인증 ("phone_" + FactorStatus)
    PHONE_PHONE_MISMATCH = "phone_phone_mismatch"
    PHONE_NO_PHONE = "phone_no_phone"
    PHONE_BAD_PHONE = "phone_bad_phone"

    # Issuing: the order, the fee, the medium
    BAD_REQUEST = "bad_request"
    BAD_AUTHORIZATION_CODE = "bad_authorization_code"
    BAD_PRODUCT = "bad_product"
    BAD_SUPERSEDES = "bad_supersedes"
    PRODUCT_ALREADY_HELD = "product_already_held"
    BAD_PASSWORD = "bad_password"
    NO_ACCOUNT = "no_account"
    NOT_OWN_ACCOUNT = "not_own_account"
    ACCOUNT_NOT_PROVEN = "account_not_proven"
    INSUFFICIENT_BALANCE = "insufficient_balance"
    NOT_SIGNED = "not_signed"
    USB_ABSENT = "usb_absent"
    MEDIUM_ABSENT = "medium_absent"
    MEDIUM_READ_FAILED = "medium_read_failed"
    MEDIUM_WRITE_FAILED = "medium_write_failed"
    # The customer's own stick at a real terminal ([devices] usb)
    USB_PULLED = "usb_pulled"
    USB_READ_ONLY = "usb_read_only"
    USB_NO_NPKI = "usb_no_npki"
    CERT_FILES_UNREADABLE = "cert_files_unreadable"
    # The receipt printer ([devices] printer): the service stays done
    PRINTER_OFFLINE = "printer_offline"
    PRINTER_PAPER_OUT = "printer_paper_out"

    # A certificate on a medium: its password, its files, its state
    NO_CERT_FOUND = "no_cert_found"
    NO_CERTIFICATES = "no_certificates"
    CERT_PASSWORD_WRONG = "cert_password_wrong"
    CERT_PASSWORD_LOCKED = "cert_password_locked"
    CERT_FILE_DAMAGED = "cert_file_damaged"
    KEY_MISMATCH = "key_mismatch"
    KEY_WITHOUT_RANDOM = "key_without_random"
    PASSWORD_RULE = "password_rule"
    PASSWORD_UNCHANGED = "password_unchanged"
    COPY_SAME_MEDIUM = "copy_same_medium"
    COPY_EXISTS = "copy_exists"
    OTHER_INSTITUTION = "other_institution"
    CERT_UNTRUSTED = "cert_untrusted"
    REVOKED = "revoked"
    # 갱신 ("renew_" + RenewalState)
    RENEW_TOO_EARLY = "renew_too_early"
    RENEW_EXPIRED = "renew_expired"

    # 타기관·타행 인증서 등록
    REGISTER_EXPIRED = "register_expired"
    REGISTER_NOT_YET_VALID = "register_not_yet_valid"
    REGISTER_REVOKED = "register_revoked"
    REGISTER_ALREADY = "register_already"
    REGISTER_NOT_MINE = "register_not_mine"
    REGISTER_UNTRUSTED = "register_untrusted"
    REGISTER_OWN_BANK = "register_own_bank"
    REGISTER_REVOCATION_UNKNOWN = "register_revocation_unknown"
    NONE_REGISTERED = "none_registered"

    # 금융인증서
    FINCERT_NONE = "fincert_none"
    FINCERT_EXISTS = "fincert_exists"
    FINCERT_EXPIRED = "fincert_expired"
    FINCERT_CHANGED = "fincert_changed"
    FINCERT_NOT_OWNER = "fincert_not_owner"
    FINCERT_OWN_BANK = "fincert_own_bank"
    FINCERT_REGISTERED = "fincert_registered"
    FINCERT_NOT_REGISTERED = "fincert_not_registered"
    FINCERT_NOT_ACCEPTED = "fincert_not_accepted"
    FINCERT_SIGNATURE = "fincert_signature"
    PIN_RULE = "pin_rule"
    PIN_SHAPE = "pin_shape"
    PIN_WRONG = "pin_wrong"
    PIN_LOCKED = "pin_locked"

    # 인증서 복사 between the kiosk and a phone, through the bank's relay
    COPY_CODE_SHAPE = "copy_code_shape"
    COPY_CODE_UNKNOWN = "copy_code_unknown"
    COPY_CODE_WRONG = "copy_code_wrong"
    COPY_CODE_VOIDED = "copy_code_voided"
    COPY_CODE_EXPIRED = "copy_code_expired"
    COPY_CODE_USED = "copy_code_used"
    COPY_TOO_LARGE = "copy_too_large"
    COPY_DAMAGED = "copy_damaged"

    # 전자금융사기 예방: a 재발급 held after a call from an unknown number
    FRAUD_WARNING_OPEN = "fraud_warning_open"

    @classmethod
    def of_status(cls, prefix: str, status: Enum) -> RefusalCode:
        """The code for a status a check answered with: `prefix` + its name
        (every status a screen shows has a member; tests/unit/test_refusal.py)."""
        return cls(f"{prefix}_{status.name.lower()}")

    @classmethod
    def parse(cls, text: object) -> RefusalCode:
        """A code read from outside (the wire): one this kiosk does not know,
        from a newer bank, is still a refusal, only not a named one."""
        try:
            return cls(str(text))
        except ValueError:
            return cls.REFUSED


class Refused(Exception):
    """`code` says why for the program; `phrase` says it to the customer.

    `Refused(RefusalCode.PIN_WRONG, "PIN이 일치하지 않습니다(오류 {failures}/{limit}회).",
    failures=2, limit=5)`: the template is the catalog's Korean key, the values
    fill it; `message` is rendered each time it is read."""

    def __init__(self, code: RefusalCode, template: str | Phrase, /, **params: PhraseValue) -> None:
        if isinstance(template, Phrase):
            if params:
                raise TypeError("a Phrase carries its own values")
            phrase = template
        else:
            phrase = Phrase(template, **params)
        super().__init__(code, phrase)
        self.code = code
        self.phrase = phrase

    @property
    def template(self) -> str:
        return self.phrase.template

    @property
    def params(self) -> Mapping[str, PhraseValue]:
        return self.phrase.params

    @property
    def message(self) -> str:
        """The message in the visit's language now."""
        return self.phrase.render()

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code.value!r}, {self.phrase!r})"
