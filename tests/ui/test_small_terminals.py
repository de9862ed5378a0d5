"""Large-font terminals (issue #21 item 6, issue #19's 64×20): every scenario played
at 64×20 and at 40×15, every screen on the way read for what does not fit — keys
off the key bar, titles and choices cut, the field in use out of view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ManualClock
from kiosk.training.stages import run_stage
from screens.app import KioskApp
from screens.demo.play import play
from screens.demo.scenarios import SCENARIOS
from tests.conftest import TODAY
from tests.ui.english import Walk
from tests.ui.kiosk_keys import cut_short, keys_cut_off
from tests.ui.test_demo_scenarios import EXPECTED


class Fit(Walk):
    """A walk that looks only for what is cut (the Korean kiosk: Korean is no fault)."""

    def look(self, app: KioskApp) -> None:
        name = type(app.screen).__name__
        self.screens.add(name)
        for cut in keys_cut_off(app) + cut_short(app):
            if cut not in self.korean.setdefault(name, []):
                self.korean[name].append(cut)


@pytest.mark.parametrize("size", [(64, 20), (40, 15)], ids=["64x20", "40x15"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_scenario_fits_a_large_font_terminal(
    name: str, size: tuple[int, int], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walk = Fit()
    walk.watch(monkeypatch)
    run = KioskApp.run

    def run_at(app: KioskApp, *args: Any, **kwargs: Any) -> Any:
        return run(app, *args, **{**kwargs, "size": size})

    monkeypatch.setattr(KioskApp, "run", run_at)  # `play` runs headless at 80×24
    bank = Bank.open(data_dir, ManualClock(TODAY))
    try:
        report = play(
            KioskApp(bank),
            SCENARIOS[name],
            run_stage(bank, SCENARIOS[name].stage),
            headless=True,
            pace=0,
        )
    finally:
        bank.close()
    assert report["outcome"] == EXPECTED[name][0], report
    assert len(walk.screens) >= 2
    assert walk.korean == {}


def _keys(app: KioskApp) -> list[str]:
    return [
        f"{getattr(key, 'key_display', '')} {getattr(key, 'description', '')}"
        for key in app.screen.query("FooterKey")
    ]


def _key_rows(app: KioskApp) -> int:
    return len({key.region.y for key in app.screen.query("FooterKey")})


async def test_a_tiny_terminal_wraps_the_key_bar_and_the_help_lists_every_key(
    bank: Bank,
) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(40, 15), notifications=True) as pilot:
        await pilot.pause()
        assert app.has_class("-narrow") and app.has_class("-tiny")
        assert keys_cut_off(app) == [] and _key_rows(app) > 1
        keys = _keys(app)
        assert "f9 직원 호출" in keys and "^g 도움말" in keys
        assert "f2 교육용" not in keys  # the trainer's key: off the bar, not off the kiosk
        await pilot.press("ctrl+g")
        await pilot.pause()
        helped = "\n".join(str(n.message) for n in app._notifications)
        assert "f2 교육용" in helped and "f9 직원 호출" in helped and "f7 휴대폰" in helped
        await pilot.press("f2")  # still works
        await pilot.pause()
        assert app.trainer_visible


async def test_a_resized_terminal_lays_the_screen_out_again(bank: Bank) -> None:
    """The title drops the service name where the whole line does not fit, and
    takes it back when the terminal grows; the key bar follows."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("8", "4")  # 금융인증서 PIN 재설정: one of the longest titles
        await pilot.pause()
        title = app.screen.query_one("#title", Static)
        full = "금융인증서 PIN 재설정 · 본인확인 — 신분증을 보고 입력해 주세요"
        assert str(title.render()) == full and not app.has_class("-narrow")
        assert _key_rows(app) == 1
        await pilot.resize_terminal(64, 20)
        await pilot.pause()
        await pilot.pause()
        assert app.has_class("-narrow") and not app.has_class("-tiny")
        assert str(title.render()) == "본인확인 — 신분증을 보고 입력해 주세요"
        assert getattr(title, "spoken", "") == full  # said in full all the same
        assert cut_short(app) == [] and keys_cut_off(app) == []
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert str(title.render()) == full and _key_rows(app) == 1
