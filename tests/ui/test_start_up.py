"""Start-up does its styling once: the kiosk's theme is in place before the first
paint, so the stylesheet is not parsed and applied a second time (the cold-start
benchmark, benchmarks/run.py, measures what that costs)."""

from __future__ import annotations

import pytest
from textual.app import App

from kiosk.bankside.bank import Bank
from screens.app import KioskApp
from screens.display import DEFAULT_THEME
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
