"""Services and their steps, as data: the App walks these lists, screens never choose."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kiosk.core.i18n import tr


class Step(Enum):
    IDENTITY = "identity"
    CONSENT = "consent"
    PRODUCT = "product"
    CHOOSE_CERT = "choose_cert"
    OPEN_CERT = "open_cert"
    VID_CHECK = "vid_check"
    AUTH = "auth"
    MEDIUM = "medium"
    PASSWORD = "password"
    CONFIRM = "confirm"
    REVOKE_CONFIRM = "revoke_confirm"
    ACCOUNT_CHECK = "account_check"
    FIND_CERT = "find_cert"
    SECURITY_MEDIUM = "security_medium"
    REGISTER_CONFIRM = "register_confirm"
    CHOOSE_REGISTERED = "choose_registered"
    UNREGISTER_CONFIRM = "unregister_confirm"
    PICK_FILE = "pick_file"
    CERT_DETAILS = "cert_details"
    CHANGE_PASSWORD = "change_password"
    COPY_TARGET = "copy_target"
    PHONE_EXPORT = "phone_export"
    PHONE_IMPORT = "phone_import"
    DELETE_CONFIRM = "delete_confirm"
    PHONE_CHECK = "phone_check"
    FIN_NEW_PIN = "fin_new_pin"
    FIN_PIN = "fin_pin"
    FIN_DETAILS = "fin_details"
    FIN_DELETE_CONFIRM = "fin_delete_confirm"
    FIN_CHOOSE = "fin_choose"
    # 재발급 held by the bank's fraud rule (a call from an unknown number just before):
    # only in a visit the bank warned, right after the certificate is chosen.
    FRAUD_WARNING = "fraud_warning"
    RESULT = "result"

    @property
    def label(self) -> str:
        return tr(_STEP_LABELS[self])


_STEP_LABELS = {
    Step.IDENTITY: "본인확인",
    Step.CONSENT: "약관 동의",
    Step.PRODUCT: "인증서 종류",
    Step.CHOOSE_CERT: "인증서 선택",
    Step.OPEN_CERT: "인증서 선택",
    Step.VID_CHECK: "본인확인",
    Step.AUTH: "추가인증",
    Step.MEDIUM: "저장매체",
    Step.PASSWORD: "비밀번호",
    Step.CONFIRM: "확인",
    Step.REVOKE_CONFIRM: "확인",
    Step.ACCOUNT_CHECK: "본인확인",
    Step.FIND_CERT: "인증서 선택",
    Step.SECURITY_MEDIUM: "보안매체",
    Step.REGISTER_CONFIRM: "확인",
    Step.CHOOSE_REGISTERED: "인증서 선택",
    Step.UNREGISTER_CONFIRM: "확인",
    Step.PICK_FILE: "인증서 선택",
    Step.CERT_DETAILS: "인증서 정보",
    Step.CHANGE_PASSWORD: "비밀번호 변경",
    Step.COPY_TARGET: "복사할 매체",
    Step.PHONE_EXPORT: "인증번호 입력",
    Step.PHONE_IMPORT: "인증번호 받기",
    Step.DELETE_CONFIRM: "확인",
    Step.PHONE_CHECK: "휴대폰 본인인증",
    Step.FIN_NEW_PIN: "PIN 설정",
    Step.FIN_PIN: "PIN 입력",
    Step.FIN_DETAILS: "인증서 정보",
    Step.FIN_DELETE_CONFIRM: "확인",
    Step.FIN_CHOOSE: "인증서 선택",
    Step.FRAUD_WARNING: "사기 예방 확인",
    Step.RESULT: "완료",
}


class Service(Enum):
    ISSUE = "issue"
    REISSUE = "reissue"
    RENEW = "renew"
    REVOKE = "revoke"
    REGISTER = "register"
    UNREGISTER = "unregister"
    CERT_VIEW = "cert_view"
    CERT_PASSWORD = "cert_password"
    CERT_COPY = "cert_copy"
    CERT_DELETE = "cert_delete"
    CERT_EXPORT = "cert_export"
    CERT_IMPORT = "cert_import"
    FIN_ISSUE = "fin_issue"
    FIN_REISSUE = "fin_reissue"
    FIN_RENEW = "fin_renew"
    FIN_PIN_RESET = "fin_pin_reset"
    FIN_VIEW = "fin_view"
    FIN_DELETE = "fin_delete"
    FIN_REGISTER = "fin_register"

    @property
    def is_cloud(self) -> bool:
        """금융인증서 services: the certificate lives in the cloud, not on a medium."""
        return self.value.startswith("fin_")

    @property
    def label(self) -> str:
        return tr(SERVICE_LABELS[self])


SERVICE_LABELS = {
    Service.ISSUE: "공동인증서 발급",
    Service.REISSUE: "공동인증서 재발급",
    Service.RENEW: "공동인증서 갱신",
    Service.REVOKE: "공동인증서 폐기",
    Service.REGISTER: "타기관·타행 인증서 등록",
    Service.UNREGISTER: "타기관·타행 인증서 해제",
    Service.CERT_VIEW: "인증서 보기",
    Service.CERT_PASSWORD: "인증서 비밀번호 변경",
    Service.CERT_COPY: "인증서 복사",
    Service.CERT_DELETE: "인증서 삭제",
    Service.CERT_EXPORT: "휴대폰으로 내보내기",
    Service.CERT_IMPORT: "휴대폰에서 가져오기",
    Service.FIN_ISSUE: "금융인증서 발급",
    Service.FIN_REISSUE: "금융인증서 재발급",
    Service.FIN_RENEW: "금융인증서 갱신",
    Service.FIN_PIN_RESET: "금융인증서 PIN 재설정",
    Service.FIN_VIEW: "금융인증서 보기",
    Service.FIN_DELETE: "금융인증서 삭제",
    Service.FIN_REGISTER: "금융인증서 타행 이용 등록",
}

# 약관·개인정보 수집 동의 comes right after 본인확인, before anything is issued or a
# code is sent to the customer's phone (the bank records it: kiosk/bankside/visits.py).
FLOWS: dict[Service, tuple[Step, ...]] = {
    Service.ISSUE: (
        Step.IDENTITY,
        Step.CONSENT,
        Step.PRODUCT,
        Step.AUTH,
        Step.MEDIUM,
        Step.PASSWORD,
        Step.CONFIRM,
        Step.RESULT,
    ),
    # 재발급 replaces a certificate the customer may have lost: as 등록, a phone
    # channel and then a security medium (전자금융사기 예방서비스).
    Service.REISSUE: (
        Step.IDENTITY,
        Step.CONSENT,
        Step.CHOOSE_CERT,
        Step.AUTH,
        Step.SECURITY_MEDIUM,
        Step.MEDIUM,
        Step.PASSWORD,
        Step.CONFIRM,
        Step.RESULT,
    ),
    # Renewal starts from the certificate itself: its password, then the VID
    # recomputed from the resident number proves whose it is.
    Service.RENEW: (Step.OPEN_CERT, Step.VID_CHECK, Step.AUTH, Step.CONFIRM, Step.RESULT),
    # 폐기 is proven as strongly as issuing: an ID alone would let anyone who knows
    # a resident number revoke someone's certificate.
    Service.REVOKE: (Step.IDENTITY, Step.CHOOSE_CERT, Step.AUTH, Step.REVOKE_CONFIRM, Step.RESULT),
    # Registration proves the person by account (or ID), then the certificate by
    # its password and VID, then two more factors: a phone, then a security medium.
    Service.REGISTER: (
        Step.ACCOUNT_CHECK,
        Step.FIND_CERT,
        Step.AUTH,
        Step.SECURITY_MEDIUM,
        Step.REGISTER_CONFIRM,
        Step.RESULT,
    ),
    Service.UNREGISTER: (
        Step.ACCOUNT_CHECK,
        Step.CHOOSE_REGISTERED,
        Step.UNREGISTER_CONFIRM,
        Step.RESULT,
    ),
    # 인증서 관리 works on the files in front of the kiosk; the password guards them.
    Service.CERT_VIEW: (Step.PICK_FILE, Step.CERT_DETAILS),
    Service.CERT_PASSWORD: (Step.PICK_FILE, Step.CHANGE_PASSWORD, Step.RESULT),
    Service.CERT_COPY: (Step.PICK_FILE, Step.COPY_TARGET, Step.RESULT),
    Service.CERT_DELETE: (Step.PICK_FILE, Step.DELETE_CONFIRM, Step.RESULT),
    # 인증서 복사 with the customer's smartphone, through the bank's relay: the
    # receiving side shows a one-time 인증번호, the sending side keys it.
    Service.CERT_EXPORT: (Step.PICK_FILE, Step.PHONE_EXPORT, Step.RESULT),
    Service.CERT_IMPORT: (Step.PHONE_IMPORT, Step.RESULT),
    # 금융인증서: an ID document, then the customer's phone (as the seeds list it),
    # then a PIN on the secure keypad. Using the certificate needs only its PIN.
    Service.FIN_ISSUE: (
        Step.IDENTITY,
        Step.CONSENT,
        Step.PHONE_CHECK,
        Step.FIN_NEW_PIN,
        Step.RESULT,
    ),
    Service.FIN_REISSUE: (
        Step.IDENTITY,
        Step.CONSENT,
        Step.PHONE_CHECK,
        Step.FIN_NEW_PIN,
        Step.RESULT,
    ),
    Service.FIN_RENEW: (Step.IDENTITY, Step.FIN_PIN, Step.FIN_NEW_PIN, Step.RESULT),
    Service.FIN_PIN_RESET: (
        Step.IDENTITY,
        Step.CONSENT,
        Step.PHONE_CHECK,
        Step.FIN_NEW_PIN,
        Step.RESULT,
    ),
    Service.FIN_VIEW: (Step.IDENTITY, Step.FIN_PIN, Step.FIN_DETAILS),
    # Deleting needs the PIN, or (PIN forgotten or locked) the phone in its place.
    Service.FIN_DELETE: (Step.IDENTITY, Step.FIN_PIN, Step.FIN_DELETE_CONFIRM, Step.RESULT),
    # 타행 이용 등록: the cloud is reached as 금융결제원 reaches it, by the customer's
    # own phone; the 금융인증서 chosen there, then its PIN signs the bank's challenge.
    Service.FIN_REGISTER: (
        Step.IDENTITY,
        Step.CONSENT,
        Step.PHONE_CHECK,
        Step.FIN_CHOOSE,
        Step.FIN_PIN,
        Step.RESULT,
    ),
}

# The services whose 본인확인 takes a 금융인증서 in place of an ID document, as bank
# apps take it for 공동인증서 발급·재발급: the PIN opens it in the cloud, it signs the
# bank's challenge there, and the bank checks the signature (kiosk/bankside/service.py).
CLOUD_IDENTITY = frozenset({Service.ISSUE, Service.REISSUE})


class AuthMethod(Enum):
    SMS = "sms"
    OTP = "otp"
    ARS = "ars"
    SECURITY_CARD = "security_card"


# The extra authentication each step offers, in the order the screen numbers them.
# DESIGN lists ARS, SMS and OTP for issuing; the 보안카드 is offered too so that a
# customer whose security medium is a card rather than an OTP token is not turned away.
_CERTIFICATE_METHODS = (AuthMethod.SMS, AuthMethod.OTP, AuthMethod.ARS, AuthMethod.SECURITY_CARD)
_PHONE_METHODS = (AuthMethod.SMS, AuthMethod.ARS)
_SECURITY_MEDIUM_METHODS = (AuthMethod.OTP, AuthMethod.SECURITY_CARD)
AUTH_METHODS: dict[tuple[Service, Step], tuple[AuthMethod, ...]] = {
    (Service.ISSUE, Step.AUTH): _CERTIFICATE_METHODS,
    (Service.RENEW, Step.AUTH): _CERTIFICATE_METHODS,
    (Service.REVOKE, Step.AUTH): _CERTIFICATE_METHODS,
    # Registration and re-issue, as the seeds describe them: ARS or SMS, then OTP or 보안카드.
    (Service.REISSUE, Step.AUTH): _PHONE_METHODS,
    (Service.REISSUE, Step.SECURITY_MEDIUM): _SECURITY_MEDIUM_METHODS,
    (Service.REGISTER, Step.AUTH): _PHONE_METHODS,
    (Service.REGISTER, Step.SECURITY_MEDIUM): _SECURITY_MEDIUM_METHODS,
}


@dataclass(frozen=True)
class Submenu:
    """A menu entry that opens a list of related services (인증서 관리)."""

    label: str
    services: tuple[Service, ...]


MANAGE = Submenu(
    "인증서 관리(보기·비밀번호 변경·복사·삭제)",
    (
        Service.CERT_VIEW,
        Service.CERT_PASSWORD,
        Service.CERT_COPY,
        Service.CERT_DELETE,
        Service.REVOKE,
        Service.CERT_EXPORT,
        Service.CERT_IMPORT,
    ),
)

FINCERT = Submenu(
    "금융인증서(발급·재발급·갱신·PIN 재설정·보기·삭제)",
    (
        Service.FIN_ISSUE,
        Service.FIN_REISSUE,
        Service.FIN_RENEW,
        Service.FIN_PIN_RESET,
        Service.FIN_VIEW,
        Service.FIN_DELETE,
        Service.FIN_REGISTER,
    ),
)

# What the home menu offers, in order (number keys pick them).
MENU: tuple[Service | Submenu, ...] = (
    Service.ISSUE,
    Service.REISSUE,
    Service.RENEW,
    Service.REVOKE,
    Service.REGISTER,
    Service.UNREGISTER,
    MANAGE,
    FINCERT,
)


def menu_path(service: Service) -> tuple[int, ...]:
    """The number keys that reach `service` from the home screen (1-based)."""
    for index, entry in enumerate(MENU, 1):
        if entry is service:
            return (index,)
    for index, entry in enumerate(MENU, 1):
        if isinstance(entry, Submenu) and service in entry.services:
            return (index, entry.services.index(service) + 1)
    raise KeyError(service)
