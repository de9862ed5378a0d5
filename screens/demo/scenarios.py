"""Scripted scenarios: the kiosk driven by key presses, as a customer would.

Trainers play them to a room; automated checks play them headless. Each
scenario is a coroutine on a Driver (screens/demo/driver.py); screens/demo/play.py
plays one and reads its outcome from the App's state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from kiosk.certs.products import BANK_USE, GENERAL_SIGNKOREA, by_code
from kiosk.npki.encodings import KeyEncoding
from kiosk.people.demo_customers import DEMO_PASSWORD
from kiosk.terminal.media import Medium
from kiosk.training.stages import NOTHING, StageSpec, brought, own
from kiosk.visit.flows import Service, Step
from screens.demo import cloud as demo_cloud
from screens.demo.driver import Driver

KICA_GENERAL = by_code("kica-general")
CROSSCERT_BANK = by_code("crosscert-bank")
TRADESIGN_GENERAL = by_code("tradesign-general")


Play = Callable[[Driver], Awaitable[None]]


@dataclass(frozen=True)
class Scenario:
    name: str
    service: Service
    summary: str
    play: Play
    stage: StageSpec = NOTHING  # what the trainer prepares before the customer arrives


async def _issue(
    d: Driver, name: str, document: str, product: int, method: str, medium: Medium
) -> None:
    await d.start(Service.ISSUE)
    await d.identify(name, document=document)
    await d.choose_product(product)
    await d.authenticate(method)
    await d.choose_medium(medium)
    await d.set_password()
    await d.confirm(1)
    await d.at(Step.RESULT)


async def issue_bank(d: Driver) -> None:
    await _issue(d, "김민준", "resident_card", 1, "sms", Medium.HARD_DISK)


async def issue_general_yessign(d: Driver) -> None:
    await _issue(d, "김민준", "driver_licence", 2, "otp", Medium.USB)


async def issue_general_signkorea(d: Driver) -> None:
    await _issue(d, "왕웨이", "alien_card", 3, "sms", Medium.HARD_DISK)


async def refuse_expired_id(d: Driver) -> None:
    await d.start(Service.ISSUE)
    await d.identify("박지훈", document="passport")


async def refuse_under_14(d: Driver) -> None:
    await d.start(Service.ISSUE)
    await d.identify("최유나", document="passport")


async def refuse_no_balance(d: Driver) -> None:
    await d.start(Service.ISSUE)
    await d.identify("이서연")
    await d.choose_product(2)  # refused here, with the free product offered


async def refuse_weak_password(d: Driver) -> None:
    await d.start(Service.ISSUE)
    await d.identify("김민준")
    await d.choose_product(1)
    await d.authenticate("sms")
    await d.choose_medium(Medium.HARD_DISK)
    await d.at(Step.PASSWORD)
    await d.type("password1")
    await d.press("enter")
    await d.type("password1")
    await d.press("enter")


async def reissue(d: Driver) -> None:
    await d.start(Service.REISSUE)
    await d.identify("김민준")
    await d.choose_cert(1)
    await d.authenticate("sms")
    await d.authenticate("otp", Step.SECURITY_MEDIUM)
    await d.choose_medium(Medium.HARD_DISK)
    await d.set_password("Reissue#2026pw")
    await d.confirm(1)
    await d.at(Step.RESULT)


async def renew(d: Driver) -> None:
    await d.start(Service.RENEW)
    await d.open_cert(1)
    await d.vid_check("김민준")
    await d.authenticate("otp")
    await d.confirm(1)
    await d.at(Step.RESULT)


async def renew_refused(d: Driver) -> None:
    await d.start(Service.RENEW)
    await d.open_cert(1)


async def revoke(d: Driver) -> None:
    await d.start(Service.REVOKE)
    await d.identify("김민준")
    await d.choose_cert(1)
    await d.authenticate("sms")
    await d.revoke_reason(1)
    await d.at(Step.RESULT)


async def issue_ars(d: Driver) -> None:
    await _issue(d, "김민준", "resident_card", 1, "ars", Medium.HARD_DISK)


async def _register(d: Driver, name: str, *, by: str, password: str = DEMO_PASSWORD) -> None:
    await d.start(Service.REGISTER)
    await d.account_check(name, by=by)
    await d.find_cert(1, password)


async def register_other(d: Driver) -> None:
    await _register(d, "김민준", by="pin")
    await d.authenticate("sms")
    await d.authenticate("otp", Step.SECURITY_MEDIUM)
    await d.confirm_with_enter(Step.REGISTER_CONFIRM)
    await d.at(Step.RESULT)


async def register_refused(d: Driver) -> None:
    await _register(d, "김민준", by="pin")


async def register_wrong_password(d: Driver) -> None:
    await _register(d, "김민준", by="pin", password="Wrong!2026pw")


async def register_auth_securitycard(d: Driver) -> None:
    await _register(d, "한지우", by="one_won")
    await d.authenticate("ars")
    await d.authenticate("security_card", Step.SECURITY_MEDIUM)
    await d.confirm_with_enter(Step.REGISTER_CONFIRM)
    await d.at(Step.RESULT)


async def unregister(d: Driver) -> None:
    await d.start(Service.UNREGISTER)
    await d.account_check("김민준")
    await d.at(Step.CHOOSE_REGISTERED)
    await d.press("1")
    await d.confirm_with_enter(Step.UNREGISTER_CONFIRM)
    await d.at(Step.RESULT)


async def change_password(d: Driver) -> None:
    await d.start(Service.CERT_PASSWORD)
    await d.pick_file(1)
    await d.change_password(DEMO_PASSWORD, "Changed#2026pw")
    await d.at(Step.RESULT)


async def copy_to_usb(d: Driver) -> None:
    await d.start(Service.CERT_COPY)
    await d.pick_file(1, DEMO_PASSWORD)
    await d.copy_to(Medium.USB)
    await d.at(Step.RESULT)


async def issue_otp_lockout(d: Driver) -> None:
    await d.start(Service.ISSUE)
    await d.identify("박지훈", document="driver_licence")
    await d.choose_product(1)
    await d.at(Step.AUTH)
    await d.press("2")
    right = d.otp_code()
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    for _ in range(10):  # the tenth wrong code locks the token
        await d.type(wrong)
        await d.press("enter")
    # A new visit: the lock is in the bank's records, not in this session.
    await d.press("f1")
    await d.start(Service.ISSUE)
    await d.identify("박지훈", document="driver_licence")
    await d.choose_product(1)
    await d.at(Step.AUTH)
    await d.press("2")


async def issue_sms_expired(d: Driver) -> None:
    await d.start(Service.ISSUE)
    await d.identify("김민준")
    await d.choose_product(1)
    await d.at(Step.AUTH)
    await d.press("1")
    code = d.sms_code()
    await d.press("f8", "f8", "f8", "f8")  # the trainer moves time on four minutes
    await d.type(code)
    await d.press("enter")


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("issue-bank", Service.ISSUE, "김민준: 은행용(무료), SMS, 하드디스크", issue_bank),
        Scenario(
            "issue-general-yessign",
            Service.ISSUE,
            "김민준: 금융결제원 범용(4,400원), 운전면허증, OTP, USB",
            issue_general_yessign,
        ),
        Scenario(
            "issue-general-signkorea",
            Service.ISSUE,
            "왕웨이(외국인): 코스콤 범용(4,400원), 외국인등록증, SMS, 하드디스크",
            issue_general_signkorea,
        ),
        Scenario(
            "refuse-expired-id",
            Service.ISSUE,
            "박지훈: 만료된 여권으로 본인확인 → 거절",
            refuse_expired_id,
        ),
        Scenario(
            "refuse-under-14",
            Service.ISSUE,
            "최유나(2021년생): 만 14세 미만 → 법정대리인과 영업점 창구 안내",
            refuse_under_14,
        ),
        Scenario(
            "refuse-no-balance",
            Service.ISSUE,
            "이서연: 잔액 1,000원 계좌로 범용 수수료 → 거절",
            refuse_no_balance,
        ),
        Scenario(
            "refuse-weak-password",
            Service.ISSUE,
            "김민준: 특수문자 없는 비밀번호 → 규칙 안내",
            refuse_weak_password,
        ),
        Scenario(
            "issue-ars",
            Service.ISSUE,
            "김민준: ARS 전화 인증으로 은행용 발급(F7 휴대폰)",
            issue_ars,
        ),
        Scenario(
            "register-auth-securitycard",
            Service.REGISTER,
            "한지우: 1원 이체로 본인확인, ARS, 보안카드(앞 2자리·뒤 2자리)로 타행 인증서 등록",
            register_auth_securitycard,
            brought("한지우", CROSSCERT_BANK.code),
        ),
        Scenario(
            "issue-otp-lockout",
            Service.ISSUE,
            "박지훈: OTP 10회 오류 → 사용 정지, 새 이용에서도 정지",
            issue_otp_lockout,
        ),
        Scenario(
            "issue-sms-expired",
            Service.ISSUE,
            "김민준: 인증번호 유효시간(3분) 경과 → 재발송 안내",
            issue_sms_expired,
        ),
        Scenario(
            "reissue",
            Service.REISSUE,
            "김민준: 60일 전 발급한 인증서 재발급(SMS, OTP, 무료, 기존 만료일 유지, 기존 인증서 폐기)",
            reissue,
            own(60, BANK_USE.code),
        ),
        Scenario(
            "renew",
            Service.RENEW,
            "김민준: 만료 10일 전 범용 인증서 갱신(4,400원, 1년 연장, PBES2)",
            renew,
            own(355),
        ),
        Scenario(
            "renew-too-early",
            Service.RENEW,
            "김민준: 발급 100일째 인증서 갱신 시도 → 갱신 가능일 안내",
            renew_refused,
            own(100),
        ),
        Scenario(
            "renew-expired",
            Service.RENEW,
            "김민준: 만료된 인증서 갱신 시도 → 신규 발급 안내",
            renew_refused,
            own(400),
        ),
        Scenario(
            "revoke",
            Service.REVOKE,
            "김민준: 분실한 인증서 폐기(SMS 추가인증, CRL 등록)",
            revoke,
            own(30, GENERAL_SIGNKOREA.code),
        ),
        Scenario(
            "register-other",
            Service.REGISTER,
            "김민준: 한국정보인증 범용 인증서(USB) 등록 — 계좌 비밀번호, SMS, OTP",
            register_other,
            brought("김민준", KICA_GENERAL.code, encoding=KeyEncoding.PBES2.value),
        ),
        Scenario(
            "register-expired",
            Service.REGISTER,
            "김민준: 만료된 한국전자인증 인증서 등록 시도 → 거절",
            register_refused,
            brought("김민준", CROSSCERT_BANK.code, days_ago=400),
        ),
        Scenario(
            "register-not-mine",
            Service.REGISTER,
            "김민준: 이서연의 인증서 등록 시도 → VID 불일치로 거절",
            register_refused,
            brought("이서연", TRADESIGN_GENERAL.code),
        ),
        Scenario(
            "register-wrong-password",
            Service.REGISTER,
            "김민준: 인증서 비밀번호 오류 → 횟수 안내(5회면 이번 이용 중 잠김)",
            register_wrong_password,
            brought("김민준", KICA_GENERAL.code),
        ),
        Scenario(
            "unregister",
            Service.UNREGISTER,
            "김민준: 등록한 한국정보인증 인증서의 등록 해제(파일은 그대로)",
            unregister,
            brought("김민준", KICA_GENERAL.code, registered=True),
        ),
        Scenario(
            "change-password",
            Service.CERT_PASSWORD,
            "김민준: 인증서 관리 → 비밀번호 변경(개인키만 새 비밀번호로 다시 암호화)",
            change_password,
            own(30, GENERAL_SIGNKOREA.code),
        ),
        Scenario(
            "copy-to-usb",
            Service.CERT_COPY,
            "김민준: 인증서 관리 → 하드디스크의 인증서를 USB로 복사",
            copy_to_usb,
            own(30, GENERAL_SIGNKOREA.code),
        ),
        *(
            Scenario(name, service, summary, play, stage)
            for name, service, summary, play, stage in demo_cloud.SCENARIOS
        ),
    )
}
