"""Key-press helpers for pilot tests: what a customer's fingers do."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from rich.cells import cell_len
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, RadioButton, RadioSet, Static

from kiosk.bankside.visits import Proof
from kiosk.people.customers import Customer
from kiosk.training.scenario_files import Scenario
from kiosk.visit.flows import Step
from screens.app import KioskApp, screen_for
from screens.demo.coach import Coach
from screens.demo.driver import Driver, keypad_layout, workers_done
from screens.steps.fincert import CARRIERS
from screens.widgets.footer import KioskKey
from screens.widgets.frame import MessageLine, StepIndicator
from screens.widgets.keypad import SecureKeypad

PASSWORD = "Kiosk!2026pw"
# How many times a helper lets the kiosk handle what is queued before it gives
# up on a screen: rounds of messages and workers, never seconds.
ROUNDS = 50


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Fill the focused field in one event, as a paste does (see `type_keys`): the
    scenarios' driver typing headless."""
    await Driver(app_of(pilot), pilot, pace=0).type(text)


async def enter_each(pilot: Pilot[None], *texts: str) -> None:
    """Each text into the focused field, then Enter (which moves on to the next field)."""
    for text in texts:
        await type_text(pilot, text)
        await pilot.press("enter")


async def type_rrn(pilot: Pilot[None], rrn: str) -> None:
    """A resident number into its two-part field: after the front six digits the
    field moves on to the back half by itself."""
    digits = rrn.replace("-", "")
    await type_text(pilot, digits[:6])
    await type_text(pilot, digits[6:])


async def type_keys(pilot: Pilot[None], text: str) -> None:
    """Key by key, where the keys themselves matter: a field that moves on by itself,
    keys refused as they come, a burst from a keyboard wedge."""
    await pilot.press(*text)


class Ticks:
    """A monotonic clock moved by hand: the walk-away rule without waiting for it."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def walk_away(pilot: Pilot[None], ticks: Ticks, seconds: float) -> None:
    """The customer leaves the kiosk alone for `seconds`; its timer looks."""
    ticks.advance(seconds)
    app_of(pilot).check_walk_away()
    await pilot.pause()


async def tick(pilot: Pilot[None]) -> None:
    """The step screen's twice-a-second look at the clock and the call, now (also
    under a box, as the phone: its timer runs there too)."""
    stack = app_of(pilot).screen_stack
    looks = [screen.tick for screen in reversed(stack) if hasattr(screen, "tick")]
    assert looks, f"{type(stack[-1]).__name__} has no clock to look at"
    looks[0]()
    await pilot.pause()


async def settle(pilot: Pilot[object]) -> None:
    """Until the kiosk has done what the last key set off, workers included."""
    await workers_done(pilot.app)
    await pilot.pause()


def app_of(pilot: Pilot[None]) -> KioskApp:
    app = pilot.app
    assert isinstance(app, KioskApp)
    return app


async def wait_for(pilot: Pilot[None], step: Step) -> None:
    app = app_of(pilot)
    for round_ in range(ROUNDS):
        if isinstance(app.screen, screen_for(step)):
            await settle(pilot)  # pushed is not yet drawn: let it compose and mount
            return
        # Issuing runs in a worker thread (the bank signs while the screen waits):
        # its end, not a number of message rounds, is what the next step waits on.
        await workers_done(app)
        await settle(pilot)
        if round_ >= 5:
            # Threads outside Textual's queues (the key pool making RSA keys) get
            # the CPU too: on a loaded machine, rounds alone can outrun them.
            await asyncio.sleep(0.02 * round_)
    raise AssertionError(f"kiosk did not reach {step.label}; it shows {type(app.screen).__name__}")


def message(pilot: Pilot[None]) -> str:
    return app_of(pilot).screen.query_one(MessageLine).text


def screen_text(pilot: Pilot[None]) -> str:
    """The text of the visible labels and option lists of the current screen."""
    screen = app_of(pilot).screen
    parts = [str(w.render()) for w in screen.query(Static) if w.display]
    parts.extend(str(pad.render()) for pad in screen.query(SecureKeypad) if pad.display)
    for option_list in screen.query(OptionList):
        parts.extend(
            str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)
        )
    for table in screen.query(DataTable):
        parts.extend(str(column.label) for column in table.columns.values())
        parts.extend(
            " ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)
        )
    return "\n".join(parts)


async def identify(
    pilot: Pilot[None],
    name: str = "김민준",
    rrn: str = "850315-1234566",
    document: int = 0,
    fields: tuple[str, ...] = ("20150610",),
    *,
    agree: bool = True,
) -> None:
    """본인확인 with an ID document, then (where the service asks it) 약관 동의 unless
    `agree` is False."""
    front, back = rrn.split("-") if "-" in rrn else (rrn[:6], rrn[6:])
    await type_text(pilot, name)
    await pilot.press("enter")
    await type_text(pilot, front)
    await type_text(pilot, back)
    await pilot.press("enter")
    await pilot.press(*(["right"] * document), "enter")  # Enter moves on to the field
    if isinstance(app_of(pilot).focused, RadioSet):
        # A short resident number left the cursor a field behind: Enter only reached the set.
        await pilot.press("tab")
    for index, value in enumerate(fields):
        if index:
            await pilot.press("enter")
        await type_text(pilot, value)
    await pilot.press("enter")
    await settle(pilot)
    if agree and app_of(pilot).session.step is Step.CONSENT:
        await wait_for(pilot, Step.CONSENT)
        await pilot.press("1")  # 약관 동의: all of them


async def sms_code_from_trainer_panel(pilot: Pilot[None]) -> str:
    """Open the trainer panel (F2) and read the code from the phone's SMS, as a trainer would."""
    app = app_of(pilot)
    if not app.trainer_visible:
        await pilot.press("f2")
    await pilot.pause()
    text = str(app.screen.query_one("#trainer", Static).render())
    match = re.search(r"인증번호 \[(\d{6})\]", text)
    assert match, text
    return match.group(1)


async def otp_code_from_trainer_panel(pilot: Pilot[None]) -> str:
    app = app_of(pilot)
    if not app.trainer_visible:
        await pilot.press("f2")
    await pilot.pause()
    text = str(app.screen.query_one("#trainer", Static).render())
    match = re.search(r"OTP 표시 번호: (\d{6})", text)
    assert match, text
    return match.group(1)


async def set_password(
    pilot: Pilot[None], password: str = PASSWORD, again: str | None = None
) -> None:
    await type_text(pilot, password)
    await pilot.press("enter")
    await type_text(pilot, password if again is None else again)
    await pilot.press("enter")


async def pay_with_account(pilot: Pilot[None], choice: str = "1", pin: str = "1234") -> None:
    """On 확인: pick the account for the fee and key its 4-digit password."""
    await pilot.press(choice)
    await type_text(pilot, pin)
    await pilot.press("enter")


async def pass_sms(pilot: Pilot[None]) -> None:
    """On 추가인증: choose SMS and key the code the customer's phone received."""
    await wait_for(pilot, Step.AUTH)
    await pilot.press("1")
    await type_text(pilot, await sms_code_from_trainer_panel(pilot))
    await pilot.press("enter")


async def to_password(pilot: Pilot[None], *, product: str = "1", medium: str = "1") -> None:
    """From 인증서 종류 to 비밀번호: the product, SMS and the medium."""
    await wait_for(pilot, Step.PRODUCT)
    await pilot.press(product)
    await pass_sms(pilot)
    await wait_for(pilot, Step.MEDIUM)
    await pilot.press(medium)
    await wait_for(pilot, Step.PASSWORD)


async def to_confirm(pilot: Pilot[None], *, product: str = "1", medium: str = "1") -> None:
    """From 인증서 종류 to 확인: the product, SMS, the medium and the demo password."""
    await to_password(pilot, product=product, medium=medium)
    await set_password(pilot)
    await wait_for(pilot, Step.CONFIRM)


def keypad_keys(pilot: Pilot[None]) -> dict[str, str]:
    """Read the shuffled secure keypad off the screen, as the scenarios' driver does."""
    drawn = str(app_of(pilot).screen.query_one("#keypad").render())
    layout = keypad_layout(drawn)
    assert layout is not None, drawn
    return layout


async def keypad_ready(pilot: Pilot[None]) -> None:
    """Wait until the secure keypad holds the focus, as a person waits for the cursor."""
    for _ in range(ROUNDS):
        pads = app_of(pilot).screen.query("#keypad")
        if pads and pads.first().has_focus:
            return
        await settle(pilot)
    raise AssertionError("the secure keypad never took the focus")


async def key_pin(pilot: Pilot[None], pin: str) -> None:
    """Key a PIN on the secure keypad by the positions its digits are shown at."""
    await keypad_ready(pilot)
    keys = keypad_keys(pilot)
    await pilot.press(*(keys[digit] for digit in pin))
    await settle(pilot)  # the bank checks a PIN in the background


async def phone_check(
    pilot: Pilot[None], carrier: str = "SKT", number: str = "010-1234-5678"
) -> None:
    """휴대폰 본인인증: carrier (arrows), number, then the SMS code from the trainer panel."""
    await wait_for(pilot, Step.PHONE_CHECK)
    await pilot.press(*(["right"] * CARRIERS.index(carrier)), "enter")
    await pilot.click("#phone")
    await type_text(pilot, number)
    await pilot.press("enter")
    await pilot.pause()
    await type_text(pilot, await sms_code_from_trainer_panel(pilot))
    await pilot.press("enter")


def keys_cut_off(app: App[object]) -> list[str]:
    """The key bar's keys that do not fit on the terminal (a customer would never see them)."""
    # A box (modal screen) has no key bar of its own: the one showing is the
    # bar of the nearest screen under it.
    for screen in reversed(app.screen_stack):
        keys = list(screen.query(KioskKey))
        if keys:
            width = app.size.width
            return [f"{key.key} {key.description}" for key in keys if key.region.right > width]
    return []


def _lines_needed(text: str, width: int) -> int:
    """Rows `text` takes wrapped between words at `width` cells; a word wider than
    the row counts as never fitting."""
    rows = 0
    for line in text.splitlines() or [""]:
        words = line.split(" ")
        if any(cell_len(word) > width for word in words):
            return 10**6
        used = -1
        rows += 1
        for word in words:
            if used + 1 + cell_len(word) > width:
                rows += 1
                used = cell_len(word)
            else:
                used += 1 + cell_len(word)
    return rows


def cut_short(app: App[object]) -> list[str]:
    """Titles and choices whose words do not fit where the screen puts them."""
    screen = app.screen
    cut = []
    # Widgets not laid out yet (a screen just pushed) have no width to judge by.
    for title in screen.query("#title").results(Static):
        text = str(title.render()).rstrip()
        if title.content_region and _lines_needed(text, title.content_region.width) > max(
            1, title.content_region.height
        ):
            cut.append(text)
    # The step bar must show the current step, however long the flow or its words.
    for bar in screen.query(StepIndicator):
        text = str(bar.render())
        if bar.content_region and (
            cell_len(text) > bar.content_region.width or f"[{bar.current.label}]" not in text
        ):
            cut.append(text)
    for button in screen.query(RadioButton):
        label = str(button.label)
        # The mark (▐●▌) and a space come before the label, and Textual cuts a
        # label that would touch the button's last cell.
        if button.content_region and cell_len(label) + 5 > button.content_region.width:
            cut.append(label)
    # Where the customer types or chooses is in view, not below the key bar, past
    # the edge or scrolled out of the body (a small terminal scrolls it there).
    focused = app.focused
    if focused is not None and focused.screen is screen and focused.size.area:
        bars = [bar.region.y for bar in screen.query("Footer") if bar.region.height]
        bottom = min(bars, default=app.size.height)
        region = focused.region
        seen = _seen(focused)
        if (
            region.height == 0
            or region.y >= bottom
            or region.right > app.size.width
            or seen.height == 0
            or seen.y != region.y
        ):
            cut.append(f"focus {type(focused).__name__}#{focused.id} at {region}")
    # 쉬운 모드's question is read whole, beside its field.
    for line in screen.query("#question").results(Static):
        if line.display and line.region.height and _seen(line) != line.region:
            cut.append(f"question {str(line.render())!r} at {line.region}, seen {_seen(line)}")
    return cut


def _seen(widget: Widget) -> Region:
    """The part of `widget` on the screen: its region as the containers it sits in
    (a scrolled body) clip it."""
    seen = widget.region
    for container in widget.ancestors:
        if isinstance(container, Widget) and container.region.area:
            seen = seen.intersection(container.scrollable_content_region)
    return seen


def as_if_proven(app: KioskApp, customer: Customer, *proofs: Proof) -> None:
    """Start mid-flow: the bank records the visit's earlier checks as passed (what
    the skipped screens would have proven), and the kiosk knows the customer."""
    visit = app.session.visit
    assert visit is not None
    for proof in proofs or (Proof.ID_DOCUMENT, Proof.CONSENT):
        app.bank.visits.prove(visit, proof, customer.id)
    app.session.customer = customer


async def learn(app: KioskApp, scenario: Scenario, mode: str, learner: str) -> Coach | None:
    """The trainer starts a learner's run: once the bank has staged it (in a thread),
    the run that began."""
    app.start_learning(scenario, mode, learner)
    await app.bank_settled()
    return app.coach


def caption(app: KioskApp) -> str:
    """The room's caption line (autoplay, learner modes)."""
    return str(app.screen.query_one("#caption").render())


async def until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Until `done()`, in short pauses; an AssertionError after a minute."""
    for _ in range(1200):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the kiosk never got there")
