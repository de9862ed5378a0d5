"""The kiosk as a terminal of `kiosk bank serve`: every scenario over real HTTP, a
terminal that holds nothing of the bank's, and a kiosk that says so when the bank
does not answer."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.bankside.bank import Bank
from kiosk.bankside.kiosk_tokens import KioskTokens
from kiosk.core.clock import ManualClock
from kiosk.terminal.link import KioskLink
from kiosk.training.stages import stage_remotely
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.demo.driver import workers_done
from screens.demo.play import play
from screens.demo.scenarios import SCENARIOS
from screens.home import HomeScreen
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
            # No step can go on without the bank: home, saying why.
            assert isinstance(app.screen, HomeScreen)
            assert "등록되어 있지 않습니다" in message(pilot)
            assert app.is_running and app.session.service is None


async def test_an_answer_lost_after_the_banks_commit_is_never_charged_twice(
    bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bank signs and debits, then its answer is lost (the process dies before
    replying): the kiosk says the bank did not answer and keeps no file; the
    customer's second try is free, and the certificate nobody holds is revoked."""
    from kiosk.certs.products import GENERAL_YESSIGN
    from kiosk_cli import bank_server as http_server
    from tests.ui.kiosk_keys import (
        identify,
        pay_with_account,
        screen_text,
        to_confirm,
        wait_for,
    )

    sign = http_server._OPERATIONS["bank"]["sign_certificate"]
    lost: list[int] = []

    @functools.wraps(sign)  # the server reads the operation's annotations
    def signed_then_gone(service: object, /, **arguments: object) -> object:
        signed = sign(service, **arguments)
        if not lost:
            lost.append(signed.serial)
            raise ConnectionAbortedError("the bank process was killed before it replied")
        return signed

    monkeypatch.setitem(http_server._OPERATIONS["bank"], "sign_certificate", signed_then_gone)
    kiosk_dir = tmp_path / "kiosk"
    with live_bank(bank) as live:
        app = KioskApp(KioskLink.remote(live.url, live.token, kiosk_dir))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1")
            await identify(pilot)
            await to_confirm(pilot, product="2")
            await pay_with_account(pilot)
            await workers_done(app)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert "은행 서버에 연결할 수 없습니다" in message(pilot)
            assert not list((kiosk_dir / "media").rglob("signPri.key"))  # nothing kept
            # The customer starts again; the bank answers this time.
            await pilot.press("1")
            await identify(pilot)
            await to_confirm(pilot, product="2")
            await pay_with_account(pilot)
            await wait_for(pilot, Step.RESULT)
            assert "발급" in screen_text(pilot)
    issued = app.session.issuance.issued
    assert issued is not None and issued.fee_paid == 0 and lost
    balance = bank.store.db.execute(
        "SELECT balance FROM accounts WHERE number = '1002-345-678901'"
    ).fetchone()[0]
    assert balance == 1_250_000 - GENERAL_YESSIGN.fee_won
    gone = bank.certificates.get(lost[0])
    assert gone is not None and gone.revoked


def test_a_scenario_against_a_bank_without_training_says_so_without_a_traceback(
    bank: Bank, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk_cli.main import main

    with live_bank(bank, "k1", training=False) as live:
        token_file = tmp_path / "k1.token"
        token_file.write_text(live.token, encoding="utf-8")
        argv = ["demo", "revoke", "--headless", "--bank", live.url]
        argv += ["--kiosk-token-file", str(token_file), "--data-dir", str(tmp_path / "kiosk")]
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--training" in err and "Traceback" not in err


async def test_a_bank_serving_real_customers_lends_no_simulated_phone(
    bank: Bank, tmp_path: Path
) -> None:
    """Without --training the bank keeps its customers' codes to itself: F7 and the
    trainer's panel say so on the screen, and the visit goes on."""
    from tests.ui.kiosk_keys import identify, screen_text

    with live_bank(bank, training=False) as live:
        link = KioskLink.remote(live.url, live.token, tmp_path / "kiosk")
        app = KioskApp(link)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1")
            await pilot.pause()
            await identify(pilot)
            await pilot.pause()
            step = app.screen
            await pilot.press("f7")
            await pilot.pause()
            assert app.screen is step and "교육용 기능" in message(pilot)
            await pilot.press("f2")
            await pilot.pause()
            assert "교육용 기능" in screen_text(pilot)
            assert app.is_running and app.session.service is not None
