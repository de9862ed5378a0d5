"""Contrast and colour: every piece of text the kiosk draws, in both themes (normal
and 고대비), stands out from what is behind it by at least 4.5:1 (KS X 9211, WCAG
1.4.3), never red on green or yellow on blue, and a choice is marked by a symbol,
not by colour alone (WCAG 1.4.1).

The colours are read from what Textual actually draws (the screen's segments, the
theme's variables and the TCSS resolved, transparency blended), not from the
stylesheet's text: a rule that never applies cannot hide a failing pair."""

from __future__ import annotations

import colorsys
import io

from rich.color import Color
from rich.console import Console
from rich.segment import Segment
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import RadioButton

from kiosk.bankside.bank import Bank
from kiosk.core.refusal import RefusalCode
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.base import KioskScreen
from screens.modals.idle import IdleWarning
from tests.ui.kiosk_keys import (
    app_of,
    identify,
    keypad_ready,
    pass_sms,
    pay_with_account,
    phone_check,
    set_password,
    settle,
    type_text,
    wait_for,
)

MINIMUM = 4.5
NON_TEXT_MINIMUM = 3.0
DRAWING = set("▁▂▃▄▅▆▇█▔▕▏▎▍▌▋▊▉▐━─│┃╸╺╹╻▀┏┓┗┛┌┐└┘╭╮╰╯═║╔╗╚╝")


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = color.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(foreground: Color, background: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _blend(foreground: Color, background: Color, amount: float) -> Color:
    fg, bg = foreground.get_truecolor(), background.get_truecolor()
    return Color.from_rgb(*(b + (f - b) * amount for f, b in zip(fg, bg, strict=True)))


def _hue(color: Color) -> str:
    """ "red", "green", "yellow", "blue" for a clearly coloured colour, else ""."""
    red, green, blue = (channel / 255 for channel in color.get_truecolor())
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.4 or not 0.15 < lightness < 0.85:
        return ""
    degrees = hue * 360
    for name, low, high in (
        ("red", -1, 20),
        ("red", 340, 361),
        ("yellow", 45, 70),
        ("green", 90, 150),
        ("blue", 200, 250),
    ):
        if low < degrees < high:
            return name
    return ""


# Pairs that colour-blind customers cannot tell apart, whatever their luminance.
CONFUSED = ({"red", "green"}, {"yellow", "blue"})


def drawn(app: KioskApp) -> list[Segment]:
    """The segments of the screen as the terminal gets them (as a screenshot is made)."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return list(console._record_buffer)


def _in_use(app: KioskApp) -> list[Region]:
    """Where the customer reads now: the whole screen, or a box's own widgets (the
    screen under a box is dimmed on purpose, out of use until the box is closed:
    incidental text in WCAG 1.4.3's words)."""
    screen = app.screen
    if not isinstance(screen, ModalScreen):
        return [Region(0, 0, *app.size)]
    return [child.region for child in screen.children if child.display]


def low_contrast(app: KioskApp) -> set[str]:
    """Each drawn text whose colour is under 4.5:1 against its background."""
    failing = set()
    regions = _in_use(app)
    x = y = 0
    for segment in drawn(app):
        if segment.text == "\n":
            x, y = 0, y + 1
            continue
        at = x
        x += segment.cell_length
        if not any(region.contains(at, y) for region in regions):
            continue
        style = segment.style
        text = segment.text.strip()
        if not text or style is None or style.color is None or style.bgcolor is None:
            continue
        foreground, background = style.color, style.bgcolor
        if style.reverse:
            foreground, background = background, foreground
        if style.dim:
            foreground = _blend(foreground, background, 0.5)  # as a terminal dims it
        if {_hue(foreground), _hue(background)} in CONFUSED:
            failing.add(f"{type(app.screen).__name__} {text[:30]!r}: red/green or yellow/blue")
        ratio = contrast(foreground, background)
        # Lines and bars are drawing, not text: 3:1 for them (WCAG 1.4.11).
        drawing = all(char in DRAWING for char in text)
        if ratio < (NON_TEXT_MINIMUM if drawing else MINIMUM):
            failing.add(
                f"{type(app.screen).__name__} {text[:30]!r} {foreground.get_truecolor().hex}"
                f" on {background.get_truecolor().hex} = {ratio:.2f}"
            )
    return failing


async def _look(pilot: Pilot[None], seen: set[str]) -> None:
    await settle(pilot)
    seen |= low_contrast(app_of(pilot))


async def _walk(pilot: Pilot[None]) -> set[str]:
    """Home, a step with fields, choices and messages of every kind, the boxes, the
    trainer's panel and large text: each look the kiosk has."""
    app = app_of(pilot)
    seen: set[str] = set()
    await _look(pilot, seen)  # home, with the toast of the theme just switched
    await pilot.press("f12")
    await _look(pilot, seen)
    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)
    await type_text(pilot, "김민준")
    await _look(pilot, seen)
    await identify(pilot, name="", rrn="", fields=("20990101",))
    await _look(pilot, seen)
    screen = app.screen
    assert isinstance(screen, KioskScreen)
    screen.show_error("잘못 입력하셨습니다.", RefusalCode.NO_PHONE)
    await _look(pilot, seen)
    screen.show_info("인증번호를 보냈습니다.")
    await _look(pilot, seen)
    await pilot.press("f2")  # the trainer's panel
    await _look(pilot, seen)
    await pilot.press("f7")  # the customer's phone, a box over the kiosk
    await _look(pilot, seen)
    await pilot.press("escape")
    app.push_screen(IdleWarning(25))
    await _look(pilot, seen)
    await pilot.press("x")
    app.autoplay = True
    app.show_caption("본인확인: 이름과 주민등록번호를 입력합니다.")
    await _look(pilot, seen)
    await pilot.press("f10")
    await _look(pilot, seen)
    await pilot.press("escape")
    app.autoplay = False
    await pilot.press("f2", "f1")
    # 발급 through every step to 완료: lists, fields, the summary and the result.
    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)
    await wait_for(pilot, Step.PRODUCT)
    await _look(pilot, seen)
    await pilot.press("2")  # 범용, with a fee: the accounts to pay from
    await wait_for(pilot, Step.AUTH)
    await _look(pilot, seen)
    await pass_sms(pilot)
    await wait_for(pilot, Step.MEDIUM)
    await _look(pilot, seen)
    await pilot.press("1")
    await wait_for(pilot, Step.PASSWORD)
    await _look(pilot, seen)
    await set_password(pilot)
    await wait_for(pilot, Step.CONFIRM)
    await _look(pilot, seen)
    await pay_with_account(pilot)
    await wait_for(pilot, Step.RESULT)
    await _look(pilot, seen)
    # 금융인증서 발급: the carriers (radio choices) and the secure keypad.
    await pilot.press("f1", "8")
    await pilot.pause()
    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)
    await wait_for(pilot, Step.PHONE_CHECK)
    await _look(pilot, seen)
    await phone_check(pilot)
    await wait_for(pilot, Step.FIN_NEW_PIN)
    await keypad_ready(pilot)
    await _look(pilot, seen)
    return seen


async def test_every_text_has_contrast_of_at_least_4_5_in_the_normal_theme(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        failing = await _walk(pilot)
    assert not failing, "\n".join(sorted(failing))


async def test_every_text_has_contrast_of_at_least_4_5_in_high_contrast(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f11")
        failing = await _walk(pilot)
    assert not failing, "\n".join(sorted(failing))


async def test_the_chosen_radio_choice_is_marked_by_a_symbol(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        buttons = list(app.screen.query(RadioButton))
        assert len(buttons) == 4
        marks = [str(button.render())[:3] for button in buttons]
        assert marks == ["(●)", "( )", "( )", "( )"], marks
