"""A kiosk whose keypad has other keys (kiosk.toml [bindings]) still plays every
demo a trainer starts: the autopilot presses the key this kiosk has for the phone,
the step's other way, the USB stick, going back, 처음으로 and the training clock,
not F7, F6, F3, Esc, F1 and F8 (which scenario files write)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.bankside.bank import Bank
from kiosk.core.clock import ManualClock
from kiosk.terminal import config
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.demo.scenarios import SCENARIOS
from screens.home import HomeScreen
from screens.steps.identity import CloudIdentityScreen
from tests.conftest import TODAY
from tests.ui.kiosk_keys import caption, learn, settle, until
from tests.ui.test_demo_scenarios import EXPECTED, check_report, play_headless

# None of F7, F6, F3, Esc, F1 or F8 does what it did: the keypad has none of them.
REMAPPED = """[bindings]
phone = "ctrl+b"
other_way = "ctrl+n"
usb = "ctrl+u"
back = "ctrl+e"
home = "ctrl+o"
skip_time = "ctrl+t"
"""


@pytest.mark.parametrize(
    "name",
    [
        "issue-by-fincert",
        "export-to-phone",
        "scam-call-reissue",
        "issue-ars",
        "issue-otp-lockout",
        "issue-sms-expired",
    ],
)
def test_a_demo_presses_the_keys_kiosk_toml_gives(name: str, data_dir: Path) -> None:
    (data_dir / "kiosk.toml").write_text(REMAPPED, encoding="utf-8")
    bank = Bank.open(data_dir, ManualClock(TODAY))
    try:
        bank.config = config.load(data_dir)
        assert bank.config.bindings["phone"] == "ctrl+b"
        report = play_headless(KioskApp(bank), bank, name)
    finally:
        bank.close()
    assert report["outcome"] == EXPECTED[name][0], report
    check_report(name, report, data_dir, data_dir)


async def test_guided_mode_asks_for_the_keys_kiosk_toml_gives(bank: Bank) -> None:
    """Guided mode on that keypad asks for Ctrl+N where the lesson goes 금융인증서로
    (F6 does nothing there), and lets the learner's own 처음으로 key through."""
    (bank.data_dir / "kiosk.toml").write_text(REMAPPED, encoding="utf-8")
    bank.config = config.load(bank.data_dir)
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIOS["issue-by-fincert"], "guided", "홍길동")
        assert coach is not None
        await until(pilot, lambda: bool(coach.waiting_for))
        while coach.waiting_for != "ctrl+n":
            assert app.session.step in (None, Step.IDENTITY), app.session.step
            await pilot.press(coach.waiting_for)
            await settle(pilot)
            await until(pilot, lambda: bool(coach.waiting_for))
        assert "[Ctrl+N]" in caption(app) and "[F6]" not in caption(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CloudIdentityScreen)
        assert not coach.run.errors
        await pilot.press("ctrl+o")  # 처음으로: the learner gives up
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
