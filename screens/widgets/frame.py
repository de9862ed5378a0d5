"""Small widgets shared by the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Static

from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import Refused
from kiosk.terminal.media import Medium
from kiosk.visit.flows import Step
from screens.bank_calls import call_bank
from screens.guard import Contained, contained
from screens.key_names import key_name

if TYPE_CHECKING:
    from kiosk.bankside.devices import CustomerDevices
    from screens.app import KioskApp


def minutes_seconds(seconds: int) -> str:
    """A countdown as the kiosk shows it everywhere: m:ss."""
    whole = max(0, seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def sms_guide(seconds_left: int, again: str) -> str:
    """What an SMS code step says under the code field, as its time runs out;
    `again` names the key that sends a new code (screens/key_names.py)."""
    if seconds_left > 0:
        return tr(
            "휴대폰으로 받은 인증번호 6자리를 입력하세요. 남은 시간 {left}  ({again} 재발송)",
            left=minutes_seconds(seconds_left),
            again=again,
        )
    return tr("인증 시간이 초과되었습니다. {key_for[again]:을/를} 눌러 인증번호를 다시 받으세요.")


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to `width` terminal cells (Korean characters take two)."""
    gap = " " * max(0, width - cell_len(text))
    return gap + text if right else text + gap


class BankHeader(Static, metaclass=Contained):
    """The bank's name, and on the right the time left and whether staff is coming.

    Drawn from the App's state whenever it changes (watched, not polled)."""

    def on_mount(self) -> None:
        self.watch(self.app, "time_left", self._changed, init=False)
        self.watch(self.app, "staff_called", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> str:
        app = cast("KioskApp", self.app)
        status = []
        if app.staff_called:
            status.append(tr("직원 호출됨"))
        if app.time_left is not None:
            status.append(tr("남은 시간 {time}", time=minutes_seconds(app.time_left)))
        name = tr("한빛은행 인증센터")
        if not status:
            return name
        right = "  ".join(status)
        return pad(name, max(0, self.size.width - 2 - cell_len(right))) + right


class ScreenTitle(Static):
    """The screen's title, "service · step — instruction", shortened to fit: where
    the whole line does not fit (a large-font terminal), the service name goes (the
    step bar and the visit say it), then the instruction goes to a line of its own
    and wraps between words. Said aloud in full either way (`spoken`)."""

    def __init__(self, text: str, *, service: str = "", id: str | None = "title") -> None:
        self.spoken = f"{service} · {text}" if service else text
        self.short = text
        self._fit_width = 0
        super().__init__(self.spoken, id=id)

    def fitted(self, width: int) -> str:
        if width <= 0 or cell_len(self.spoken) <= width:
            return self.spoken
        if cell_len(self.short) <= width:
            return self.short
        return self.short.replace(" — ", "\n", 1)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual measures the height with the width it is about to give: the
        # text is fitted to that width, not to the last one drawn.
        self._fit_width = width
        return super().get_content_height(container, viewport, width)

    def render(self) -> str:
        width = self.content_region.width or self._fit_width
        return self.fitted(width)


class StepIndicator(Static):
    """본인확인 › 인증서 종류 › … with the current step highlighted."""

    def __init__(self, steps: tuple[Step, ...], current: Step, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps = steps
        self.current = current

    def render(self) -> Text:
        steps = self.steps
        here = steps.index(self.current) if self.current in steps else 0
        width = self.size.width
        first, last = 0, len(steps) - 1
        text = self._line(first, last)
        if width <= 0 or text.cell_len <= width:
            return text
        # Too long for the screen (a long flow, English labels, a narrow
        # terminal): the steps around the current one, so it is always in view.
        first = last = here
        grown = True
        while grown:
            grown = False
            for lo, hi in ((first, last + 1), (first - 1, last)):
                if lo >= 0 and hi < len(steps) and self._line(lo, hi).cell_len <= width:
                    first, last, grown = lo, hi, True
        return self._line(first, last)

    def _line(self, first: int, last: int) -> Text:
        text = Text()
        if first > 0:
            text.append("… › ")
        for index in range(first, last + 1):
            step = self.steps[index]
            if index > first:
                text.append(" › ")
            if step is self.current:
                text.append(f"[{step.label}]", style="bold reverse")
            else:
                text.append(step.label)
        if last < len(self.steps) - 1:
            text.append(" › …")
        return text


class MessageLine(Static):
    """Where a screen says what went wrong (or right) with the customer's input."""

    class Shown(Message):
        """A message went up on the line (the App's voice says it)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    kind = ""
    source: Phrase | None = None

    def error(self, message: str | Phrase) -> None:
        self.show("error", message)

    def info(self, message: str | Phrase) -> None:
        self.show("info", message)

    def show(self, kind: str, message: str | Phrase) -> None:
        # Kept as template and values, not as text: redrawn in the other
        # language, counts and dates included, if the customer switches (F4).
        self.kind, self.source = kind, Phrase.of(message)
        self.set_classes(kind)
        text = self.source.render()
        self.update(f"⚠ {text}" if kind == "error" else text)
        # Straight to the App (its voice says it), whatever handles messages in between.
        self.app.post_message(self.Shown(text))

    def clear(self) -> None:
        self.kind, self.source = "", None
        self.set_classes("")
        self.update("")

    # What the line showed before a request went to the bank (screens/bank_calls.py).
    held: tuple[str, Phrase | None] | None = None

    def hold(self, waiting: str | Phrase) -> None:
        """While the bank works on a request: its wait words, not said aloud (a
        blink on a kiosk whose bank answers at once); the line as it was comes
        back with the answer, for the screen's handler to go on from."""
        if self.held is None:
            self.held = (self.kind, self.source)
        self.kind, self.source = "info", Phrase.of(waiting)
        self.set_classes("info")
        self.update(self.source.render())

    def release(self) -> None:
        held, self.held = self.held, None
        if held is None:
            return
        self.kind, self.source = held
        self.set_classes(self.kind)
        if self.source is None:
            self.update("")
        else:
            text = self.source.render()
            self.update(f"⚠ {text}" if self.kind == "error" else text)

    @property
    def text(self) -> str:
        return str(self.render())


class TrainerPanel(Static, metaclass=Contained):
    """The trainer's view of the customer's phone and OTP token (F2 toggles it).

    Shown and hidden as the App's `trainer_visible` changes; while shown, its
    contents are read again each second (the phone and token change by themselves)."""

    def on_mount(self) -> None:
        self.watch(self.app, "trainer_visible", self._visibility_changed)
        self.set_interval(1.0, self.refresh_content)

    def _visibility_changed(self) -> None:
        self.refresh_content()

    @contained
    def refresh_content(self) -> None:
        app = cast("KioskApp", self.app)
        self.display = app.trainer_visible
        if not app.trainer_visible:
            return
        # The customer's devices are the bank's: read in a thread, every second.
        call_bank(self, lambda: trainer_text(app), self.update, look="devices")


def trainer_text(app: KioskApp) -> str:
    devices, session = app.devices, app.session
    usb = tr("연결됨" if app.terminal.media.is_present(Medium.USB) else "분리됨")
    lines = [tr("[교육용] USB: {state} ({usb} 연결/분리)", state=usb, usb=key_name(app, "usb"))]
    customer = session.customer or session.claimed
    if customer is None:
        lines.append(tr("고객 확인 전: 휴대폰과 OTP는 본인확인 뒤에 보입니다."))
        return "\n".join(lines)
    try:
        lines += _device_lines(devices, customer.id)
    except Refused as refused:  # a bank serving real customers has no simulated devices
        lines.append(str(refused.phrase))
    return "\n".join(lines)


def _device_lines(devices: CustomerDevices, customer_id: int) -> list[str]:
    """What the customer's phone, account and OTP token show now."""
    lines: list[str] = []
    phone = devices.phone_of(customer_id)
    if phone is None:
        lines.append(tr("휴대폰: 등록된 휴대폰 없음"))
    else:
        inbox = devices.inbox(phone.number, limit=1)
        latest = tr(inbox[0][1]) if inbox else tr("(받은 문자 없음)")
        lines.append(tr("휴대폰 {phone} 최근 문자: {text}", phone=phone.masked, text=latest))
    history = devices.account_history(customer_id, 1)
    if history and history[0][1] == 1:
        lines.append(tr("계좌 1원 입금 입금자명: {memo}", memo=history[0][2]))
    otp = devices.current_otp(customer_id)
    if otp is None:
        lines.append(tr("OTP: 없음"))
    elif devices.otp_locked(customer_id):
        lines.append(tr("OTP: 사용 정지(오류 10회)"))
    else:
        lines.append(tr("OTP 표시 번호: {code} ({seconds}초 남음)", code=otp[0], seconds=otp[1]))
    return lines
