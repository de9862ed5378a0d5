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
from kiosk.training.stages import run_stage
from screens.app import KioskApp
from screens.demo.play import play
from screens.demo.scenarios import SCENARIOS
from tests.conftest import TODAY
from tests.ui.test_demo_scenarios import EXPECTED, check_report

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
    check_report(name, report, data_dir, data_dir)
