"""The trainer's hand on a demo: the summary waits for a key, → steps one step at a
time, Esc stops it cleanly, F10's box never gets the autopilot's keys, a code read
off a device names the device, and a refusal ends naming its rule."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, OptionList

from kiosk.bankside.bank import Bank
from kiosk.bankside.operator import DEFAULT_OPERATOR_PIN
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.demo.play import autopilot
from screens.demo.scenarios import SCENARIOS
from screens.home import HomeScreen
from screens.modals.operator import OperatorPinScreen, OperatorScreen
from tests.ui.kiosk_keys import ROUNDS, caption, settle, type_text, until


async def test_the_summary_waits_then_right_steps_one_step_and_esc_stops(bank: Bank) -> None:
    app = KioskApp(bank)
    app.autoplay = True
    async with app.run_test(size=(80, 24)) as pilot:
        run = asyncio.create_task(autopilot(app, pilot, SCENARIOS["issue-bank"], pace=0))
        await until(pilot, lambda: "issue-bank" in caption(app))
        for _ in range(ROUNDS):  # however long the room reads, the summary stays
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and "issue-bank" in caption(app)
        assert app.autoplay_waiting == "start"
        await pilot.press("right")  # start, one step: the service is chosen, then a pause
        await until(pilot, lambda: app.autoplay_paused)
        for _ in range(ROUNDS):
            await settle(pilot)
        assert app.session.step is Step.IDENTITY
        assert app.screen.query_one("#name", Input).value == ""  # nothing of the next step
        await pilot.press("right")  # the identity step, and nothing more
        await until(pilot, lambda: app.autoplay_paused and app.session.step is not Step.IDENTITY)
        for _ in range(ROUNDS):
            await settle(pilot)
        stepped_to = app.session.step
        assert stepped_to in (Step.CONSENT, Step.PRODUCT)
        await pilot.press("escape")
        report = await asyncio.wait_for(run, 60)
        assert report["outcome"] == "stopped"
        assert isinstance(app.screen, HomeScreen) and app.session.service is None
        assert app.session.state is None  # nothing of the visit is kept


async def test_f10_during_a_demo_gets_none_of_the_autopilots_keys(bank: Bank) -> None:
    app = KioskApp(bank)
    app.autoplay = True
    async with app.run_test(size=(80, 24)) as pilot:
        run = asyncio.create_task(autopilot(app, pilot, SCENARIOS["issue-bank"], pace=0))
        await until(pilot, lambda: app.autoplay_waiting == "start")
        await pilot.press("enter")
        await until(pilot, lambda: app.session.step is Step.IDENTITY)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, OperatorPinScreen))
        for _ in range(4 * ROUNDS):  # the autopilot would be typing the name by now
            await settle(pilot)
        assert app.screen.query_one("#operator-pin", Input).value == ""
        assert app.bank.operator_failures() == 0
        await pilot.press("escape")  # the trainer closes the box: the demo goes on
        await until(pilot, lambda: app.session.step is Step.PRODUCT)
        await pilot.press("escape")
        assert (await asyncio.wait_for(run, 60))["outcome"] == "stopped"


async def test_a_read_code_names_its_device_and_a_refusal_ends_with_its_rule(
    bank: Bank,
) -> None:
    app = KioskApp(bank)
    app.autoplay = True
    seen: list[str] = []
    shown = app.show_caption

    def watch(text: str) -> None:
        seen.append(text)
        shown(text)

    app.show_caption = watch  # type: ignore[method-assign]
    scenario = SCENARIOS["issue-sms-expired"]
    async with app.run_test(size=(80, 24)) as pilot:
        run = asyncio.create_task(autopilot(app, pilot, scenario, pace=0))
        await until(pilot, lambda: app.autoplay_waiting == "start")
        await pilot.press("enter")
        await until(pilot, lambda: app.autoplay_waiting == "end")
        for _ in range(ROUNDS):  # the end stays until a key
            await settle(pilot)
        assert not run.done()
        assert "규칙" in caption(app) and "3분" in caption(app)
        await pilot.press("enter")
        report = await asyncio.wait_for(run, 60)
    assert report["outcome"] == "refused" and report["reason"] == "auth_expired"
    assert any("휴대폰 문자" in text for text in seen)


async def test_the_operator_menu_picks_a_scenario_that_plays_here(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, OperatorPinScreen))
        await type_text(pilot, DEFAULT_OPERATOR_PIN)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, OperatorScreen))
        await pilot.press("7")
        listing = app.screen.query_one("#scenario-list", OptionList)
        assert listing.display and listing.option_count == len(SCENARIOS)
        assert "refuse-expired-id" in str(listing.get_option_at_index(3).prompt)
        await pilot.press("down", "down", "down", "enter")  # the fourth: refuse-expired-id
        await until(pilot, lambda: app.screen.query_one("#mode-list").display)
        await pilot.press("enter")  # 1. 시연: the autopilot plays it (the learner modes follow)
        await until(pilot, lambda: app.autoplay_waiting == "start")
        assert isinstance(app.screen, HomeScreen) and "refuse-expired-id" in caption(app)
        await pilot.press("enter")
        await until(pilot, lambda: app.autoplay_waiting == "end")
        assert "규칙" in caption(app)
        await pilot.press("enter")  # the end: the kiosk is a kiosk again
        assert app.demo_task is not None
        await asyncio.wait_for(app.demo_task, 60)
        assert not app.autoplay and isinstance(app.screen, HomeScreen)
        assert app.session.service is None
