"""`kiosk demo` on screen: a caption per step for the room, space pauses and resumes."""

from __future__ import annotations

import asyncio
import contextlib

from textual.widgets import Input

from kiosk.bankside.bank import Bank
from kiosk.core.i18n import Language, set_language, tr
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.demo.captions import CAPTIONS
from screens.demo.driver import Driver
from screens.demo.scenarios import issue_bank
from tests.ui.english import HANGUL
from tests.ui.kiosk_keys import ROUNDS, settle, wait_for


async def test_captions_follow_the_steps_and_space_pauses(bank: Bank) -> None:
    app = KioskApp(bank)
    app.autoplay = True
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot, pace=0.01)
        play = asyncio.create_task(issue_bank(driver))
        await wait_for(pilot, Step.IDENTITY)
        for _ in range(ROUNDS):
            if CAPTIONS[Step.IDENTITY] in str(app.screen.query_one("#caption").render()):
                break
            await settle(pilot)
        assert CAPTIONS[Step.IDENTITY] in str(app.screen.query_one("#caption").render())
        await pilot.press("space")
        assert app.autoplay_paused
        for _ in range(20 * ROUNDS):  # the key already on its way still lands
            if driver.holding:
                break
            await settle(pilot)
        assert driver.holding
        typed = app.screen.query_one("#name", Input).value
        for _ in range(10):  # whatever the kiosk gets to do, the autopilot holds
            await settle(pilot)
        assert app.screen.query_one("#name", Input).value == typed  # held while paused
        assert not play.done()
        assert "일시정지" in str(app.screen.query_one("#caption").render())
        await pilot.press("space")
        await asyncio.wait_for(play, 60)
        assert app.session.issuance.issued is not None
        assert CAPTIONS[Step.RESULT] in str(app.screen.query_one("#caption").render())


async def test_without_autoplay_space_is_typed_and_no_caption_shows(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("a", "space", "b")
        assert app.screen.query_one("#name", Input).value == "a b"
        assert not app.screen.query_one("#caption").display


async def test_captions_and_the_pause_are_in_english_with_the_language_option(
    bank: Bank,
) -> None:
    app = KioskApp(bank, language=Language.ENGLISH)
    app.autoplay = True
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            driver = Driver(app, pilot, pace=0.01)
            play = asyncio.create_task(issue_bank(driver))
            await wait_for(pilot, Step.IDENTITY)
            wanted = tr(CAPTIONS[Step.IDENTITY])
            caption = app.screen.query_one("#caption")
            for _ in range(ROUNDS):
                if wanted in str(caption.render()):
                    break
                await settle(pilot)
            await pilot.press("space")
            shown = str(caption.render())
            assert wanted in shown and "Paused" in shown
            assert not HANGUL.search(shown)
            await pilot.press("space")
            # The rest of the visit plays as in Korean (the test above) and every
            # scenario's screens are read in English in test_demo_scenarios.py.
            play.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await play
    finally:
        set_language(Language.KOREAN)
