"""Large-font terminals (issue #21 item 6, issue #19's 64×20): every scenario played
at 64×20 and at 40×15, every screen on the way read for what does not fit — keys
off the key bar, titles and choices cut, the field in use out of view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
        if not self.korean[name]:
            del self.korean[name]


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
