"""Services and their steps, as data: the App walks these lists, screens never choose."""

from __future__ import annotations

from enum import Enum


class Step(Enum):
    IDENTITY = "identity"
    PRODUCT = "product"
    CHOOSE_CERT = "choose_cert"
    OPEN_CERT = "open_cert"
    VID_CHECK = "vid_check"
    AUTH = "auth"
    MEDIUM = "medium"
    PASSWORD = "password"
    CONFIRM = "confirm"
    REVOKE_CONFIRM = "revoke_confirm"
    RESULT = "result"

    @property
    def label(self) -> str:
        return _STEP_LABELS[self]


_STEP_LABELS = {
    Step.IDENTITY: "본인확인",
    Step.PRODUCT: "인증서 종류",
    Step.CHOOSE_CERT: "인증서 선택",
    Step.OPEN_CERT: "인증서 선택",
    Step.VID_CHECK: "본인확인",
    Step.AUTH: "추가인증",
    Step.MEDIUM: "저장매체",
    Step.PASSWORD: "비밀번호",
    Step.CONFIRM: "확인",
    Step.REVOKE_CONFIRM: "확인",
    Step.RESULT: "완료",
}


class Service(Enum):
    ISSUE = "issue"
    REISSUE = "reissue"
    RENEW = "renew"
    REVOKE = "revoke"

    @property
    def label(self) -> str:
        return _SERVICE_LABELS[self]


_SERVICE_LABELS = {
    Service.ISSUE: "공동인증서 발급",
    Service.REISSUE: "공동인증서 재발급",
    Service.RENEW: "공동인증서 갱신",
    Service.REVOKE: "공동인증서 폐기",
}

FLOWS: dict[Service, tuple[Step, ...]] = {
    Service.ISSUE: (
        Step.IDENTITY,
        Step.PRODUCT,
        Step.AUTH,
        Step.MEDIUM,
        Step.PASSWORD,
        Step.CONFIRM,
        Step.RESULT,
    ),
    Service.REISSUE: (
        Step.IDENTITY,
        Step.CHOOSE_CERT,
        Step.AUTH,
        Step.MEDIUM,
        Step.PASSWORD,
        Step.CONFIRM,
        Step.RESULT,
    ),
    # Renewal starts from the certificate itself: its password, then the VID
    # recomputed from the resident number proves whose it is.
    Service.RENEW: (Step.OPEN_CERT, Step.VID_CHECK, Step.AUTH, Step.CONFIRM, Step.RESULT),
    Service.REVOKE: (Step.IDENTITY, Step.CHOOSE_CERT, Step.REVOKE_CONFIRM, Step.RESULT),
}


class AuthMethod(Enum):
    SMS = "sms"
    OTP = "otp"
    ARS = "ars"
    SECURITY_CARD = "security_card"


# The extra authentication each service offers, in the order the screen numbers them.
# DESIGN lists ARS, SMS and OTP for issuing; the 보안카드 is offered too so that a
# customer whose security medium is a card rather than an OTP token is not turned away.
_CERTIFICATE_METHODS = (AuthMethod.SMS, AuthMethod.OTP, AuthMethod.ARS, AuthMethod.SECURITY_CARD)
AUTH_METHODS: dict[Service, tuple[AuthMethod, ...]] = {
    Service.ISSUE: _CERTIFICATE_METHODS,
    Service.REISSUE: _CERTIFICATE_METHODS,
    Service.RENEW: _CERTIFICATE_METHODS,
    Service.REVOKE: (),
}

# What the home menu offers, in order (number keys pick them).
MENU: tuple[Service, ...] = (Service.ISSUE, Service.REISSUE, Service.RENEW, Service.REVOKE)
