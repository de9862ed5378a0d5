"""Scripted scenarios: the kiosk driven by key presses, as a customer would.

Trainers play them to a room; automated checks play them headless. Each
scenario is a coroutine on a Driver; the outcome comes from the App's state."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.pilot import Pilot

from kiosk.certs.cert_files import FileAction
from kiosk.certs.products import BANK_USE, by_code
from kiosk.core.i18n import tr
from kiosk.factors.keypad import POSITION_OF_KEY
from kiosk.npki.encodings import KeyEncoding
from kiosk.people import demo_customers
from kiosk.people.demo_customers import DEMO_PASSWORD, DEMO_PIN
from kiosk.terminal.media import Medium
from kiosk.training.stages import NOTHING, StageSpec, brought, own
from kiosk.visit.flows import AUTH_METHODS, AuthMethod, Service, Step, menu_path
from screens.app import KioskApp, screen_for
from screens.demo import cloud as demo_cloud
from screens.demo.captions import CAPTIONS
from screens.steps.fincert import CARRIERS

KICA_GENERAL = by_code("kica-general")
CROSSCERT_BANK = by_code("crosscert-bank")
TRADESIGN_GENERAL = by_code("tradesign-general")


class ScenarioStuck(RuntimeError):
    """The kiosk did not reach the screen the scenario expected."""


class Driver:
    def __init__(
        self, app: KioskApp, pilot: Pilot[object], pace: float, external_phone: bool = False
    ) -> None:
        self.app = app
        self.pilot = pilot
        self.pace = pace
        self.external_phone = external_phone
        self.typed_password: str | None = None
        self.holding = False

    async def pause(self) -> None:
        await self.pilot.pause(self.pace if self.pace else None)
        # A key can set the bank to work in the background (a PIN checked, a key
        # made): the next key waits for its answer, as a customer watching would.
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()
        await self.hold()

    async def hold(self) -> None:
        """While the trainer has paused autoplay (Space), nothing more is keyed."""
        while self.app.autoplay_paused:
            self.holding = True
            await self.pilot.pause(0.1)
        self.holding = False

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
            if self.pace:
                await asyncio.sleep(self.pace / 4)
                await self.hold()  # Space stops the typing at once, not after the word
        await self.pause()

    async def type(self, text: str) -> None:
        if self.pace:
            await self.press(*text)  # the room sees every key land
            return
        # Headless: the field gets the text in one event, as a paste (or a
        # keyboard wedge) gives it; nobody is watching the keys land.
        if text:
            self.app.post_message(events.Paste(text))
        await self.pause()

    async def at(self, step: Step) -> None:
        """Wait until the kiosk shows `step` (the slow part is key generation)."""
        for _ in range(400):
            if self.app.session.step is step and isinstance(self.app.screen, screen_for(step)):
                await self.pilot.pause()  # pushed is not yet drawn: let it mount
                if self.app.autoplay:
                    self.app.show_caption(CAPTIONS[step])
                    await self.pause()  # time for the room to read it
                return
            await self.app.workers.wait_for_complete()  # issuing runs in a worker
            await self.pilot.pause(self.pace or None)
        raise ScenarioStuck(f"expected {step.label}, kiosk shows {type(self.app.screen).__name__}")

    def sms_code(self) -> str:
        """Read the newest SMS on the customer's phone, as the customer would."""
        customer = self.app.session.customer
        assert customer is not None
        phone = self.app.devices.phone_of(customer.id)
        assert phone is not None
        inbox = self.app.devices.inbox(phone.number, limit=1)
        match = re.search(r"\[(\d{6})\]", inbox[0][1]) if inbox else None
        if match is None:
            raise ScenarioStuck("no SMS code on the phone")
        return match.group(1)

    def otp_code(self) -> str:
        customer = self.app.session.customer
        assert customer is not None
        shown = self.app.devices.current_otp(customer.id)
        if shown is None:
            raise ScenarioStuck("customer has no OTP token")
        return shown[0]

    # --- steps shared by scenarios ------------------------------------------------

    async def identify(self, name: str, *, document: str = "resident_card") -> None:
        person = demo_customers.find(name)
        front, back = person.rrn.split("-")
        await self.at(Step.IDENTITY)
        await self.type(person.name)
        await self.press("enter")
        await self.type(front)  # focus moves to the back half by itself
        await self.type(back)
        await self.press("enter")
        doc = {d.kind.name.lower(): d for d in person.documents}[document]
        moves = {"resident_card": 0, "driver_licence": 1, "passport": 2}[document]
        await self.press(*(["right"] * moves), "enter", "tab")
        if document == "resident_card":
            assert doc.issue_date is not None
            await self.type(doc.issue_date.replace("-", ""))
        elif document == "driver_licence":
            assert doc.number is not None
            await self.type(doc.number)
        else:
            assert doc.number is not None and doc.expiry_date is not None
            await self.type(doc.number)
            await self.press("enter")
            await self.type(doc.expiry_date.replace("-", ""))
        await self.press("enter")

    async def choose_product(self, number: int) -> None:
        await self.at(Step.PRODUCT)
        await self.press(str(number))

    def method_key(self, method: AuthMethod, step: Step) -> str:
        """The number the kiosk shows next to `method` on `step`."""
        service = self.app.session.service
        assert service is not None
        return str(AUTH_METHODS[(service, step)].index(method) + 1)

    async def authenticate(self, method: str, step: Step = Step.AUTH) -> None:
        await self.at(step)
        chosen = AuthMethod(method)
        key = self.method_key(chosen, step)
        if chosen is AuthMethod.ARS:
            await self.answer_ars_call(key)
            return
        if chosen is AuthMethod.SECURITY_CARD:
            await self.answer_security_card(key)
            return
        await self.press(key)
        await self.type(self.sms_code() if chosen is AuthMethod.SMS else self.otp_code())
        await self.press("enter")

    async def answer_security_card(self, key: str = "4") -> None:
        """Read which codes the kiosk asks for, look them up on the card in hand."""
        customer = self.app.session.customer
        assert customer is not None
        codes = self.app.devices.card_codes(customer.id)
        if codes is None:
            raise ScenarioStuck("customer has no security card")
        await self.press(key)
        first = re.search(r"(\d+)", self.screen_text("#card-first-label"))
        second = re.search(r"(\d+)", self.screen_text("#card-last-label"))
        if first is None or second is None:
            raise ScenarioStuck("the kiosk did not ask for security card codes")
        await self.type(codes[int(first.group(1)) - 1][:2])
        await self.press("enter")
        await self.type(codes[int(second.group(1)) - 1][2:])
        await self.press("enter")

    def screen_text(self, selector: str) -> str:
        widget = self.app.screen.query_one(selector)
        return str(widget.render())

    async def answer_ars_call(self, key: str = "3") -> None:
        """Ask for the call, read the number off the kiosk, key it on the phone (F7)."""
        await self.press(key)
        match = re.search(r"\[ (\d{2}) \]", self.screen_text("#auth-guide"))
        if match is None:
            raise ScenarioStuck("no ARS number on the kiosk screen")
        if self.external_phone:
            # A trainee answers on `kiosk phone`: say the number, wait for the kiosk to move on.
            print(
                tr("ARS 화면의 번호: {digits}", digits=match.group(1)), file=sys.stderr, flush=True
            )
            for _ in range(2600):
                if self.app.session.authenticated:
                    return
                await self.pilot.pause(0.05)
            raise ScenarioStuck("nobody answered the ARS call on the phone")
        await self.press("f7")
        await self.type(match.group(1))
        await self.press("enter")

    async def choose_medium(self, medium: Medium) -> None:
        await self.at(Step.MEDIUM)
        if medium is Medium.USB and not self.app.terminal.media.is_present(Medium.USB):
            await self.press("f3")  # the trainer plugs the stick in
        await self.press("1" if medium is Medium.HARD_DISK else "2")

    async def set_password(self, password: str = DEMO_PASSWORD) -> None:
        await self.at(Step.PASSWORD)
        await self.type(password)
        await self.press("enter")
        await self.type(password)
        await self.press("enter")
        self.typed_password = password

    async def confirm(self, choice: int = 1) -> None:
        await self.at(Step.CONFIRM)
        await self.press(str(choice))
        if self.app.session.fee:
            customer = self.app.session.customer
            assert customer is not None
            account = demo_customers.find(customer.name).accounts[choice - 1]
            await self.type(account.pin)  # the account password, for the withdrawal
            await self.press("enter")

    async def start(self, service: Service) -> None:
        await self.pause()
        for number in menu_path(service):
            await self.press(str(number))

    async def choose_cert(self, number: int = 1) -> None:
        await self.at(Step.CHOOSE_CERT)
        await self.press(str(number))

    async def open_cert(self, number: int = 1, password: str = DEMO_PASSWORD) -> None:
        await self.at(Step.OPEN_CERT)
        await self.press(str(number))
        if self.app.session.last_refusal is not None:
            return  # refused on sight (renewal window, revoked, ...)
        await self.type(password)
        await self.press("enter")
        self.typed_password = password

    async def vid_check(self, name: str) -> None:
        front, back = demo_customers.find(name).rrn.split("-")
        await self.at(Step.VID_CHECK)
        await self.type(front)
        await self.type(back)
        await self.press("enter")

    async def revoke_reason(self, number: int = 1) -> None:
        await self.at(Step.REVOKE_CONFIRM)
        await self.press(str(number))

    async def account_check(self, name: str, *, by: str = "pin") -> None:
        """등록's 본인확인: resident number and account, proved by its password or 1 won."""
        person = demo_customers.find(name)
        account = person.accounts[0]
        front, back = person.rrn.split("-")
        await self.at(Step.ACCOUNT_CHECK)
        await self.press("1" if by == "pin" else "2")
        await self.type(front)
        await self.type(back)
        await self.press("enter")
        await self.type(account.number)
        await self.press("enter")
        if by == "pin":
            await self.type(account.pin)
            await self.press("enter")
            return
        await self.type(self.one_won_code(name))
        await self.press("enter")

    def one_won_code(self, name: str) -> str:
        """The 4 digits in the 1-won deposit's memo, read off the customer's bank app."""
        customer = self.app.session.claimed  # the account's holder, not yet proven
        if customer is None or customer.name != name:
            raise ScenarioStuck("no account holder to read the 1-won deposit for")
        history = self.app.devices.account_history(customer.id, 1)
        match = re.search(r"(\d{4})$", history[0][2]) if history else None
        if match is None:
            raise ScenarioStuck("no 1-won deposit on the customer's account")
        return match.group(1)

    async def find_cert(self, number: int = 1, password: str = DEMO_PASSWORD) -> None:
        await self.at(Step.FIND_CERT)
        await self.press(str(number))
        if self.app.session.last_refusal is not None:
            return  # refused on sight (expired, revoked, ...)
        await self.type(password)
        await self.press("enter")

    async def confirm_with_enter(self, step: Step) -> None:
        await self.at(step)
        await self.press("enter")

    async def pick_file(self, number: int = 1) -> None:
        await self.at(Step.PICK_FILE)
        await self.press(str(number))

    async def change_password(self, old: str, new: str) -> None:
        await self.at(Step.CHANGE_PASSWORD)
        for text in (old, new, new):
            await self.type(text)
            await self.press("enter")
        self.typed_password = new

    # --- 금융인증서 -------------------------------------------------------------------

    async def phone_check(self, name: str) -> None:
        """휴대폰 본인인증: the carrier and number of the phone in hand, then the SMS code."""
        phone = demo_customers.find(name).phone
        assert phone is not None
        carrier, number = phone
        await self.at(Step.PHONE_CHECK)
        await self.press(*(["right"] * CARRIERS.index(carrier)), "enter")
        focused = self.app.focused
        if focused is None or focused.id != "phone":
            await self.press("tab")  # the carrier shown first was already the right one
        await self.type(number)
        await self.press("enter")
        await self.type(self.sms_code())
        await self.press("enter")

    def keypad_layout(self) -> dict[str, str]:
        """Read the shuffled keypad off the screen: which keyboard key presses each digit."""
        rows = self.screen_text("#keypad").splitlines()[2:]
        keys = {index: key for key, index in POSITION_OF_KEY.items()}
        layout: dict[str, str] = {}
        for row, line in enumerate(rows):
            for column, label in enumerate(line.split()):
                if label.isdigit():
                    layout[label] = keys[row * 3 + column]
        if sorted(layout) != list("0123456789"):
            raise ScenarioStuck("no secure keypad on the kiosk screen")
        return layout

    async def keypad(self, pin: str) -> None:
        layout = self.keypad_layout()
        await self.press(*(layout[digit] for digit in pin))

    async def new_pin(self, pin: str = DEMO_PIN) -> None:
        await self.at(Step.FIN_NEW_PIN)
        await self.keypad(pin)
        await self.keypad(pin)  # the layout is shuffled again for the confirmation
        self.typed_password = pin

    async def enter_pin(self, pin: str = DEMO_PIN) -> None:
        await self.at(Step.FIN_PIN)
        await self.keypad(pin)

    async def copy_to(self, medium: Medium) -> None:
        await self.at(Step.COPY_TARGET)
        if medium is Medium.USB and not self.app.terminal.media.is_present(Medium.USB):
            await self.press("f3")  # the trainer plugs the stick in
        await self.press("1")  # the one other medium


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
    await _issue(d, "왕웨이", "passport", 3, "sms", Medium.HARD_DISK)


async def refuse_expired_id(d: Driver) -> None:
    await d.start(Service.ISSUE)
    await d.identify("박지훈", document="passport")


async def refuse_no_balance(d: Driver) -> None:
    await d.start(Service.ISSUE)
    await d.identify("이서연")
    await d.choose_product(2)
    await d.authenticate("sms")
    await d.choose_medium(Medium.HARD_DISK)
    await d.set_password()
    await d.confirm(1)
    for _ in range(100):  # issuing runs in a worker; wait for its answer
        if d.app.session.last_refusal is not None:
            break
        await d.pilot.pause(0.05)


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
    await d.pick_file(1)
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
            "왕웨이(외국인): 코스콤 범용(4,400원), 여권, SMS, 하드디스크",
            issue_general_signkorea,
        ),
        Scenario(
            "refuse-expired-id",
            Service.ISSUE,
            "박지훈: 만료된 여권으로 본인확인 → 거절",
            refuse_expired_id,
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
            "김민준: 60일 전 발급한 인증서 재발급(무료, 기존 만료일 유지, 기존 인증서 폐기)",
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
            "김민준: 분실한 인증서 폐기(CRL 등록)",
            revoke,
            own(30, BANK_USE.code),
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
            own(30, BANK_USE.code),
        ),
        Scenario(
            "copy-to-usb",
            Service.CERT_COPY,
            "김민준: 인증서 관리 → 하드디스크의 인증서를 USB로 복사",
            copy_to_usb,
            own(30, BANK_USE.code),
        ),
        *(
            Scenario(name, service, summary, play, stage)
            for name, service, summary, play, stage in demo_cloud.SCENARIOS
        ),
    )
}


def outcome(app: KioskApp, scenario: Scenario, driver: Driver) -> dict[str, Any]:
    session = app.session
    result: dict[str, Any] = {"scenario": scenario.name, "service": scenario.service.value}
    cloud = demo_cloud.outcome(app)
    if cloud is not None:
        return {**result, **cloud}
    issued = session.issued
    files = session.file_outcome
    done_registration = session.registered or session.unregistered
    if done_registration is not None:
        result.update(
            outcome="registered" if session.registered is not None else "unregistered",
            serial=done_registration.serial,
            ca=done_registration.ca_name,
            product=done_registration.product_name,
            registered_now=[reg.serial for reg in app.bank.registrations(app.session.visit or "")],
        )
    elif files is not None:
        result.update(
            outcome=files.action.value,
            serial=files.serial,
            directory=str(files.directory),
            medium=files.medium.value,
        )
        if files.action is FileAction.PASSWORD_CHANGED:
            result["password"] = driver.typed_password
    elif session.revoked is not None:
        revoked = session.revoked
        result.update(
            outcome="revoked",
            revoked_serial=revoked.serial,
            reason=None if revoked.revoke_reason is None else revoked.revoke_reason.value,
        )
    elif issued is not None:
        result.update(
            outcome="issued",
            directory=str(issued.directory),
            password=driver.typed_password,
            serial=issued.serial,
            subject=issued.subject_dn,
            product=issued.product.code,
            ca=issued.product.ca.value,
            medium=issued.medium.value,
            not_after=issued.not_after.date().isoformat(),
            fee=issued.fee_paid,
            key_encoding=issued.key_encoding.value,
        )
        if issued.superseded is not None:
            result["revoked_serial"] = issued.superseded
    elif session.last_refusal is not None:
        refusal = session.last_refusal
        result.update(
            outcome="refused",
            reason=refusal.code,
            message=refusal.message,
            step=None if refusal.step is None else refusal.step.name.lower(),
        )
    else:
        result.update(outcome="unfinished")
    return result


def play(
    app: KioskApp,
    scenario: Scenario,
    staged: dict[str, Any],
    *,
    headless: bool,
    pace: float,
    external_phone: bool = False,
) -> dict[str, Any]:
    """Run the App with the scenario as autopilot, once the trainer has staged what
    it needs (`staged` says what); return the outcome."""
    report: dict[str, Any] = {}

    app.autoplay = not headless

    async def autopilot(pilot: Pilot[object]) -> None:
        driver = Driver(app, pilot, pace, external_phone)
        if app.autoplay:
            app.show_caption(f"{scenario.name}: " + tr(scenario.summary))
        try:
            await scenario.play(driver)
            report.update(outcome(app, scenario, driver))
            if not headless:
                await asyncio.sleep(3 * pace)
        except ScenarioStuck as stuck:
            report.update(outcome(app, scenario, driver))
            report.setdefault("error", str(stuck))
            if report.get("outcome") == "unfinished":
                report["error"] = str(stuck)
        finally:
            app.exit()

    app.run(headless=headless, auto_pilot=autopilot, size=(80, 24) if headless else None)
    return {**report, **staged}
