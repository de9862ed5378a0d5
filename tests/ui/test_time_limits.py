"""Time limits as WCAG 2.2.1 asks: the time left is shown and said, a warning comes
at least 20 s before, one key extends (as often as the customer needs), a trainer
can turn the limit off, and a customer on the bank's ARS call is never timed out."""

from __future__ import annotations

import json
import re
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from kiosk.bankside.bank import Bank
from kiosk.speech.voice import Voice
from kiosk.terminal import config
from kiosk.visit.flows import Step
from kiosk_cli.main import _idle_seconds, build_parser
from screens.app import KioskApp
from screens.home import HomeScreen
from screens.modals.idle import IdleWarning
from tests.ui.kiosk_keys import Ticks, identify, type_text, wait_for, walk_away


def _header(app: KioskApp) -> str:
    return str(app.screen_stack[-1].query_one("#bank-header").render())


async def _at_product(pilot: Pilot[None]) -> None:
    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)
    await wait_for(pilot, Step.PRODUCT)


async def test_the_walk_away_timer_waits_while_the_customer_is_on_the_ars_call(
    bank: Bank,
) -> None:
    """#19 item 5: the countdown box covered the digits to key, and the visit was
    wiped 25 s after the call had passed."""
    ticks = Ticks()
    app = KioskApp(bank, idle_seconds=120, idle_warning_seconds=30, ticks=ticks)
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_product(pilot)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        await pilot.press("3")  # ARS: the bank calls the customer's phone
        await pilot.pause()
        guide = str(app.screen.query_one("#auth-guide", Static).render())
        digits = re.search(r"\[ (\d{2}) \]", guide)
        assert digits, guide
        await walk_away(pilot, ticks, 110)  # finding the phone, answering, listening
        assert not isinstance(app.screen, IdleWarning)
        assert "남은 시간 2:00" in _header(app)
        await walk_away(pilot, ticks, 110)
        assert app.session.step is Step.AUTH and app.session.customer is not None
        await pilot.press("f7")
        await type_text(pilot, digits.group(1))
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)  # the kiosk moved on by itself
        await walk_away(pilot, ticks, 85)  # the whole time again for the new step
        assert not isinstance(app.screen, IdleWarning)
        assert app.session.step is Step.MEDIUM


async def test_one_key_extends_the_time_as_often_as_the_customer_needs(bank: Bank) -> None:
    ticks = Ticks()
    app = KioskApp(bank, idle_seconds=120, idle_warning_seconds=30, ticks=ticks)
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_product(pilot)
        for _ in range(12):  # WCAG 2.2.1: at least ten times
            await walk_away(pilot, ticks, 95)
            assert isinstance(app.screen, IdleWarning)
            assert "25초 뒤 처음 화면으로" in str(app.screen.query_one("#idle-text").render())
            await pilot.press("space")
            await pilot.pause()
            assert not isinstance(app.screen, IdleWarning)
        assert app.session.step is Step.PRODUCT and app.session.customer is not None


async def test_the_time_left_is_said_with_each_screen(bank: Bank, tmp_path: Path) -> None:
    log = tmp_path / "speech.jsonl"
    ticks = Ticks()
    app = KioskApp(
        bank,
        idle_seconds=120,
        ticks=ticks,
        voice=Voice(engine=None, log_path=log, on=True),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.pause()
    said = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    identity = [line["text"] for line in said if line["screen"] == "IdentityScreen"]
    assert identity and identity[-1].endswith("남은 시간 2분 0초")
    home = [line["text"] for line in said if line["screen"] == "HomeScreen"]
    assert home and all("남은 시간" not in text for text in home)  # no limit at home


async def test_without_time_limits_nothing_counts_down(bank: Bank) -> None:
    ticks = Ticks()
    app = KioskApp(bank, idle_seconds=None, ticks=ticks)
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_product(pilot)
        await walk_away(pilot, ticks, 3600)
        assert app.session.step is Step.PRODUCT and not isinstance(app.screen, HomeScreen)
        assert "남은 시간" not in _header(app)


def test_a_trainer_turns_time_limits_off_by_setting_or_option(tmp_path: Path) -> None:
    settings = config.load(tmp_path)
    assert _idle_seconds(build_parser().parse_args([]), settings) == 120
    assert _idle_seconds(build_parser().parse_args(["--no-time-limits"]), settings) is None
    (tmp_path / "kiosk.toml").write_text("[kiosk]\ntime_limits = false\n", encoding="utf-8")
    assert _idle_seconds(build_parser().parse_args([]), config.load(tmp_path)) is None
