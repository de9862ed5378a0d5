"""Start-up does its styling and its drawing once: the kiosk's theme is in place
before the first paint, so the stylesheet is not parsed and applied a second time,
and the first frame is the whole home screen, laid out once (the cold-start
benchmark, benchmarks/run.py, measures what that costs)."""

from __future__ import annotations

import pytest
from textual.app import App

from kiosk.bankside.bank import Bank
from screens.app import KioskApp
from screens.display import DEFAULT_THEME
from screens.home import HomeScreen
from screens.widgets.footer import KioskFooter, KioskKey
from tests.ui.kiosk_keys import settle


async def test_the_kiosks_theme_is_there_from_the_first_paint(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    refreshes: list[object] = []
    original = App.refresh_css

    def counted(self: App[object], animate: bool = True) -> None:
        refreshes.append(self)
        original(self, animate)

    monkeypatch.setattr(App, "refresh_css", counted)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        assert f"-theme-{DEFAULT_THEME}" in app.classes
        assert refreshes == []  # no second pass over the whole stylesheet
        await pilot.press("f11")  # the customer's high contrast still restyles
        await settle(pilot)
        assert app.theme != DEFAULT_THEME and refreshes


async def test_the_first_frame_is_the_whole_home_screen(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ready comes with the first layout, as its frame goes out: what is laid out
    # then is what the customer first sees. The home screen is the App's first
    # screen (pushed over Textual's blank one, it was laid out and drawn twice),
    # and its key bar has its keys from the start, not brought in by a second
    # compose, layout and frame.
    at_ready: dict[str, object] = {}
    recomposed: list[KioskFooter] = []
    ready, recompose = KioskApp.on_ready, KioskFooter.recompose

    def noted(self: KioskApp) -> None:
        at_ready["stack"] = [type(screen) for screen in self.screen_stack]
        # Rules of the services' look (services.tcss), none of which home uses.
        at_ready["services_rules"] = [
            name
            for name in ("#steps", "#operator-box", "#doc-kind", "#audit-box")
            if name in self.stylesheet.rules_map
        ]
        at_ready["keys"] = [(key.key, key.region.width > 0) for key in self.screen.query(KioskKey)]
        ready(self)

    async def counted(self: KioskFooter) -> None:
        recomposed.append(self)
        await recompose(self)

    monkeypatch.setattr(KioskApp, "on_ready", noted)
    monkeypatch.setattr(KioskFooter, "recompose", counted)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert at_ready["stack"] == [HomeScreen]
        assert at_ready["services_rules"] == []  # parsed later: not needed for this frame
        assert at_ready["keys"] == [
            (key, True) for key in ("f11", "f12", "f5", "f4", "f2", "f7", "f9")
        ]
        assert recomposed == []  # the bar as first composed is the bar on show
        await pilot.press("f4")  # the bar still follows what changes: here, the language
        await settle(pilot)
        assert "한국어" in [key.description for key in app.screen.query(KioskKey)]


async def test_a_screen_pushed_before_home_is_idle_has_the_whole_look(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rest of the look (services.tcss) is added once home is drawn and idle, or
    # before, by the first screen pushed over home: a scenario's autopilot presses
    # keys from Ready on. Here home never gets to its idle moment, so only the push
    # can bring the rest in.
    monkeypatch.setattr(KioskApp, "_after_first_paint", lambda self: None)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f10")  # the operator's PIN box, styled by services.tcss only
        await settle(pilot)
        box = app.screen.query_one("#operator-box")
        assert (box.outer_size.width, box.styles.border_top[0]) == (76, "heavy")
