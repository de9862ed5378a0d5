"""The kiosk as a terminal of `kiosk bank serve`: every scenario over real HTTP, a
terminal that holds nothing of the bank's, and a kiosk that says so when the bank
does not answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.bank import Bank
from kiosk.bankside.kiosk_tokens import KioskTokens
from kiosk.clock import ManualClock
from kiosk.terminal import KioskLink
from kiosk.training_stages import stage_remotely
from screens.app import KioskApp
from screens.demo import SCENARIOS, play
from tests.conftest import without_books
from tests.fleet.live_bank import live_bank
from tests.ui.kiosk_keys import message
from tests.ui.test_demo_scenarios import EXPECTED, check_report

# What a terminal's data directory may hold: its settings, its media, its receipts.
TERMINAL_FILES = {"kiosk.toml", "media", "receipts"}


@pytest.fixture
def pg_bank(data_dir: Path, clock: ManualClock, pg_url: str) -> Iterator[Bank]:
    """The bank on PostgreSQL: the data directory keeps its CA keys and secrets."""
    without_books(data_dir)
    opened = Bank.open(data_dir, clock, pg_url)
    yield opened
    opened.close()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_scenario_against_a_bank_server_on_postgresql(
    name: str, pg_bank: Bank, pg_url: str, tmp_path: Path
) -> None:
    """Embedded on SQLite in tests/ui/test_demo_scenarios.py; here over HTTP on PostgreSQL."""
    bank = pg_bank
    kiosk_dir = tmp_path / "kiosk"
    scenario = SCENARIOS[name]
    with live_bank(bank) as live:
        link = KioskLink.remote(live.url, live.token, kiosk_dir)
        report = play(
            KioskApp(link), scenario, stage_remotely(link, scenario.stage), headless=True, pace=0
        )
    check_report(name, report, kiosk_dir, bank.data_dir, pg_url)
    assert {path.name for path in kiosk_dir.iterdir()} <= TERMINAL_FILES
    for path in kiosk_dir.rglob("*"):
        assert path.suffix not in (".sqlite3", ".secret", ".pem"), path


async def test_an_unreachable_bank_is_said_on_the_screen_and_the_kiosk_goes_on(
    tmp_path: Path,
) -> None:
    link = KioskLink.remote("http://127.0.0.1:9", "no-such-token", tmp_path / "kiosk")
    app = KioskApp(link)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert "은행 서버에 연결할 수 없습니다" in message(pilot)
        assert app.session.service is None and app.is_running


async def test_a_bank_gone_mid_visit_is_said_on_that_step(bank: Bank, tmp_path: Path) -> None:
    from tests.ui.kiosk_keys import identify

    with live_bank(bank) as live:
        link = KioskLink.remote(live.url, live.token, tmp_path / "kiosk")
        app = KioskApp(link)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1")
            await pilot.pause()
            visit = app.session.visit
            assert visit is not None
            KioskTokens(bank.store, bank.clock).remove("test-kiosk")  # the bank stops answering it
            await identify(pilot)
            await pilot.pause()
            assert "등록되어 있지 않습니다" in message(pilot)
            assert app.is_running and app.session.customer is None
