"""The scenarios' fingers: keys pressed and text typed into the real kiosk, waiting
as a customer would for each screen, and reading codes off the customer's phone.

The pilot tests use the same reading of the secure keypad (`keypad_layout`)."""

from __future__ import annotations

import asyncio
import re
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, REPLACED_KEYS, key_to_character
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState

from kiosk.core.i18n import Phrase, tr
from kiosk.factors.keypad import POSITION_OF_KEY
from kiosk.people import demo_customers
from kiosk.people.demo_customers import DEMO_PASSWORD, DEMO_PIN
from kiosk.terminal.media import Medium
from kiosk.visit.flows import AUTH_METHODS, AuthMethod, Service, Step, menu_path
from screens.bank_calls import SERVICE
from screens.demo.captions import CAPTIONS
from screens.key_names import key_for
from screens.steps.fincert import CARRIERS

if TYPE_CHECKING:
    from textual.app import App

    from screens.app import KioskApp


def keypad_layout(drawn: str) -> dict[str, str] | None:
    """Read the shuffled secure keypad as drawn: which keyboard key presses each
    digit (None when the drawing is not a whole keypad)."""
    keys = {index: key for key, index in POSITION_OF_KEY.items()}
    layout: dict[str, str] = {}
    for row, line in enumerate(drawn.splitlines()[2:]):
        for column, label in enumerate(line.split()):
            if label.isdigit():
                layout[label] = keys[row * 3 + column]
    return layout if sorted(layout) == list("0123456789") else None


def key_event(key: str) -> events.Key:
    """The Key event a keyboard sends for `key`: a key name ("enter", "f7") or one
    character ("-" is sent as "minus"), as Textual's Pilot.press builds it."""
    if len(key) == 1 and not key.isalnum():
        try:
            name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        except ValueError:  # a control character has no name
            name = {"\t": "tab"}.get(key, key)
        key = KEY_NAME_REPLACEMENTS.get(name, name)
    return events.Key(key, key_to_character(REPLACED_KEYS.get(key, key)))


class ScenarioStuck(RuntimeError):
    """The kiosk did not reach the screen the scenario expected."""


class ScenarioStopped(Exception):
    """The trainer stopped the demo (Esc): no key more is pressed."""


async def workers_done(app: App[Any]) -> None:
    """Until every worker has ended. One cancelled has ended too (a newer exclusive
    worker took its place, or the screen that ran it closed): Textual's own wait
    raises WorkerCancelled for it, and would leave the others unwaited. The service
    runner is not waited for: it lasts the visit (bank_settled waits for its steps)."""
    while True:
        live = [
            w for w in app.workers if w.state is not WorkerState.CANCELLED and w.group != SERVICE
        ]
        if not live:
            return
        try:
            await app.workers.wait_for_complete(live)
            return
        except WorkerCancelled:
            continue


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
        self.step_caption: str | None = None  # the scenario step's own words, if it has any
        self.code: str | None = None  # the last code read off a device (read_code)

    async def pause(self) -> None:
        await self.pilot.pause(self.pace if self.pace else None)
        # A key can set the bank to work in the background (a PIN checked, a key
        # made): the next key waits for its answer, as a customer watching would.
        await self.settle()
        await self.hold()

    async def settle(self) -> None:
        """Until the kiosk's calls to the bank (screens/bank_calls.py) and what their
        answers set off, further calls included, are done and drawn."""
        await workers_done(self.app)
        await self.app.bank_settled()
        await self.pilot.pause()
        while self.app.bank_busy():
            await self.app.bank_settled()
            await self.pilot.pause()

    async def hold(self) -> None:
        """While the trainer has paused autoplay (Space), a summary waits for its key,
        or staff have a box of their own open (F10), nothing more is keyed; after Esc,
        nothing at all."""
        while True:
            if self.app.autoplay_stopped:
                raise ScenarioStopped
            if not self.app.autoplay_held():
                break
            self.holding = True
            await self.pilot.pause(0.1)
        self.holding = False

    async def press_for(self, binding_id: str) -> None:
        """The key this kiosk has for `binding_id` (kiosk.toml [bindings] may have
        moved it off its usual key: a keypad without F7)."""
        await self.press(key_for(self.app.screen, binding_id))

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.hold()
            while not await self._send(key):
                await self.hold()  # it reached a staff box: again once that is closed
            if self.pace:
                await asyncio.sleep(self.pace / 4)
                await self.hold()  # Space stops the typing at once, not after the word
        await self.pause()

    async def _send(self, key: str) -> bool:
        """One key, sent as Pilot.press sends it but marked as the autopilot's: the
        kiosk takes the trainer's keys apart from it, and never lets it into a box it
        did not open. False when the key was kept from such a box."""
        app = self.app
        event = key_event(key)
        event.set_sender(app)
        if app.marks_autopilot:  # only autoplay and the guide tell their keys apart
            app.autopilot_keys.append(event)
        app.post_message(event)
        # As Pilot.press waits: the key handled, what it animates done, the screen
        # it leaves on has taken what followed.
        await self.pilot.wait_for_scheduled_animations()
        kept = event in app.autopilot_kept
        if kept:
            app.autopilot_kept.remove(event)
        return not kept

    async def type(self, text: str) -> None:
        if self.pace:
            await self.press(*text)  # the room sees every key land
            return
        # Headless: the field gets the text in one event, as a paste (or a
        # keyboard wedge) gives it; nobody is watching the keys land.
        while text:
            await self.hold()
            paste = events.Paste(text)
            if self.app.autoplay:  # only autoplay tells the autopilot's input apart
                self.app.autopilot_keys.append(paste)
            self.app.post_message(paste)
            await self.pilot.pause()
            if paste not in self.app.autopilot_kept:
                break
            self.app.autopilot_kept.remove(paste)  # kept from a staff box: again, later
        await self.pause()

    async def at(self, step: Step) -> None:
        """Wait until the kiosk shows `step` (the slow part is key generation)."""
        for _ in range(400):
            if self.app.autoplay_stopped:
                raise ScenarioStopped
            if self.app.shows(step):
                await self.pilot.pause()  # pushed is not yet drawn: let it mount
                caption = self.step_caption or CAPTIONS[step]
                if self.app.autoplay and self.app.caption != caption:
                    self.app.show_caption(caption)
                    await self.pause()  # time for the room to read it
                return
            await workers_done(self.app)  # issuing runs in a worker
            await self.app.bank_settled()  # so does every call to the bank
            await self.pilot.pause(self.pace or None)
        raise ScenarioStuck(f"expected {step.label}, kiosk shows {type(self.app.screen).__name__}")

    async def step_done(self) -> None:
        """Between two steps: after the trainer's →, pause again here."""
        if self.app.autoplay_step_once:
            self.app.autoplay_step_once = False
            self.app.autoplay_paused = True
            self.app.show_caption(self.app.caption)
        await self.hold()

    async def type_code(self, *, wrong: bool = False) -> None:
        """The code read last (read_code), or one that is surely wrong, then Enter."""
        if self.code is None:
            raise ScenarioStuck("no code was read before type_code")
        code = f"{(int(self.code) + 500_000) % 1_000_000:06d}" if wrong else self.code
        await self.type(code)
        await self.press("enter")

    async def wait_refusal(self) -> None:
        """Issuing runs in a worker: wait for the bank's answer."""
        for _ in range(100):
            if self.app.session.last_refusal is not None:
                return
            await self.pilot.pause(0.05)

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
        self.tell(
            Phrase("휴대폰 문자에서 인증번호 {code}을(를) 읽어 입력합니다.", code=match.group(1))
        )
        return match.group(1)

    def tell(self, words: Phrase) -> None:
        """Autoplay: the room sees where a code the customer types came from."""
        if self.app.autoplay:
            self.app.show_caption(words.render())

    def otp_code(self) -> str:
        customer = self.app.session.customer
        assert customer is not None
        shown = self.app.devices.current_otp(customer.id)
        if shown is None:
            raise ScenarioStuck("customer has no OTP token")
        self.tell(
            Phrase("OTP 단말기(토큰) 화면의 숫자 {code}을(를) 읽어 입력합니다.", code=shown[0])
        )
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
        moves = {"resident_card": 0, "driver_licence": 1, "passport": 2, "alien_card": 3}[document]
        await self.press(*(["right"] * moves), "enter")  # Enter moves on to the field
        if document in ("resident_card", "alien_card"):
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
        if self.app.session.step is Step.CONSENT:
            await self.agree()

    async def identify_by_fincert(self, name: str, pin: str = DEMO_PIN) -> None:
        """본인확인 with the 금융인증서 in place of an ID (F6): name and resident number
        find it in the cloud, its PIN on the shuffled keypad signs the bank's challenge."""
        person = demo_customers.find(name)
        front, back = person.rrn.split("-")
        await self.at(Step.IDENTITY)
        await self.press_for("other_way")
        await self.type(person.name)
        await self.press("enter")
        await self.type(front)  # focus moves to the back half by itself
        await self.type(back)
        await self.press("enter")  # the bank finds the certificate; the keypad shows
        await self.keypad(pin)
        if self.app.session.step is Step.CONSENT:
            await self.agree()

    async def agree(self) -> None:
        """약관 동의: 1, all of them (the terms are on the screen for the room to read)."""
        await self.at(Step.CONSENT)
        await self.press("1")

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
        front = codes[int(first.group(1)) - 1][:2]
        back = codes[int(second.group(1)) - 1][2:]
        self.tell(
            Phrase(
                "보안카드 {first}번의 앞 2자리({front})와 {second}번의 뒤 2자리({back})를 "
                "카드에서 찾아 입력합니다.",
                first=first.group(1),
                front=front,
                second=second.group(1),
                back=back,
            )
        )
        await self.type(front)
        await self.press("enter")
        await self.type(back)
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
        self.tell(
            Phrase(
                "휴대폰({key_for[phone]})으로 온 ARS 전화에 키오스크 화면의 번호 {digits}을(를) 누릅니다.",
                digits=match.group(1),
            )
        )
        await self.press_for("phone")
        await self.type(match.group(1))
        await self.press("enter")

    async def choose_medium(self, medium: Medium) -> None:
        await self.at(Step.MEDIUM)
        if medium is Medium.USB and not self.app.terminal.media.is_present(Medium.USB):
            # The trainer plugs the stick in (a real port, --usb-path: it must be in already).
            await self.press_for("usb")
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
        if self.app.session.issuance.fee:
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
        """The reason, then the same key again to confirm (a revocation is final)."""
        await self.at(Step.REVOKE_CONFIRM)
        await self.press(str(number))
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
        self.tell(
            Phrase(
                "은행 앱의 입금 내역에서 1원 입금자명 끝의 숫자 {code}을(를) 읽어 입력합니다.",
                code=match.group(1),
            )
        )
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

    async def pick_file(self, number: int = 1, password: str | None = None) -> None:
        await self.at(Step.PICK_FILE)
        await self.press(str(number))
        if password is not None:  # 복사 asks the certificate's password
            await self.type(password)
            await self.press("enter")

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
        layout = keypad_layout(self.screen_text("#keypad"))
        if layout is None:
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
        if self.app.session.service is Service.FIN_PIN_RESET:
            await self.press("enter")  # PIN 재설정 asks once more: it cannot be undone

    async def enter_pin(self, pin: str = DEMO_PIN) -> None:
        await self.at(Step.FIN_PIN)
        await self.keypad(pin)

    async def copy_to(self, medium: Medium) -> None:
        await self.at(Step.COPY_TARGET)
        if medium is Medium.USB and not self.app.terminal.media.is_present(Medium.USB):
            # The trainer plugs the stick in (a real port, --usb-path: it must be in already).
            await self.press_for("usb")
        await self.press("1")  # the one other medium
