"""A real `kiosk bank serve` process killed (SIGKILL) in the middle of a kiosk's
request: its books stay consistent, the kiosk says so and keeps nothing the bank
has not confirmed, nothing is charged twice, and no certificate is lost."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk.bankside.bank import Bank
from kiosk.bankside.kiosk_tokens import KioskTokens
from kiosk.certs.products import GENERAL_YESSIGN
from kiosk.core.clock import ShiftedClock
from kiosk.npki import layout
from kiosk.terminal.link import KioskLink
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.demo.driver import workers_done
from screens.home import HomeScreen
from tests.ui.kiosk_keys import identify, message, pay_with_account, to_confirm, wait_for

ACCOUNT, BALANCE = "1002-345-678901", 1_250_000
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def bank_process(
    data_dir: Path, port: int, kill_at: str | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    serve = ["bank", "serve", "--data-dir", str(data_dir), "--port", str(port), "--training"]
    command = [sys.executable, "-m", "kiosk_cli", *serve]
    if kill_at is not None:
        command = [sys.executable, "-m", "tests.fleet.killing_bank", kill_at, *serve]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(400):
            if process.poll() is not None:
                raise AssertionError(f"the bank ended at start: {process.stderr.read()!r}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/pki/", timeout=1):
                    break
            except OSError:
                time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(10)


def _books(data_dir: Path) -> tuple[int, list[tuple[int, str]]]:
    bank = Bank.open(data_dir, ShiftedClock())
    try:
        balance = bank.store.db.execute(
            "SELECT balance FROM accounts WHERE number = ?", (ACCOUNT,)
        ).fetchone()[0]
        rows = bank.store.db.execute(
            "SELECT serial, status FROM certificates WHERE customer_id = 1 AND product = ?",
            (GENERAL_YESSIGN.code,),
        ).fetchall()
        return int(balance), [(int(row[0]), str(row[1])) for row in rows]
    finally:
        bank.close()


def _token(data_dir: Path) -> str:
    bank = Bank.open(data_dir, ShiftedClock())
    try:
        return KioskTokens(bank.store, bank.clock).add("killed-bank-test")
    finally:
        bank.close()


async def _issue_general(app: KioskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot)
        await to_confirm(pilot, product="2")
        await pay_with_account(pilot)
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "은행 서버에 연결할 수 없습니다" in message(pilot)


def _usable(kiosk_dir: Path) -> list[Path]:
    return layout.find_cert_dirs(kiosk_dir / "media" / "hdd")


@pytest.mark.slow  # two bank processes
async def test_a_bank_killed_inside_its_signing_transaction_charges_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    port, token, kiosk_dir = _free_port(), _token(data_dir), tmp_path / "kiosk"
    before = _books(data_dir)
    with bank_process(data_dir, port, kill_at="signing") as process:
        await _issue_general(
            KioskApp(KioskLink.remote(f"http://127.0.0.1:{port}", token, kiosk_dir))
        )
        assert process.wait(10) == -signal.SIGKILL
    assert _books(data_dir) == before  # the debit went with the uncommitted transaction
    assert not list((kiosk_dir / "media").rglob("signPri.key"))
    with bank_process(data_dir, port):
        app = KioskApp(KioskLink.remote(f"http://127.0.0.1:{port}", token, kiosk_dir))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1")
            await identify(pilot)
            await to_confirm(pilot, product="2")
            await pay_with_account(pilot)
            await wait_for(pilot, Step.RESULT)
    balance, certificates = _books(data_dir)
    assert balance == BALANCE - GENERAL_YESSIGN.fee_won
    assert [status for _, status in certificates] == ["valid"] and len(_usable(kiosk_dir)) == 1


@pytest.mark.slow  # two bank processes
async def test_a_bank_killed_after_recording_a_delivery_loses_no_certificate(
    data_dir: Path, tmp_path: Path
) -> None:
    """The bank recorded the delivery and died before the kiosk heard of it. The
    kiosk cannot know which: it keeps the files out of sight, and puts them in
    place when the bank, answering again, says it holds them as delivered."""
    port, token, kiosk_dir = _free_port(), _token(data_dir), tmp_path / "kiosk"
    with bank_process(data_dir, port, kill_at="delivered") as process:
        await _issue_general(
            KioskApp(KioskLink.remote(f"http://127.0.0.1:{port}", token, kiosk_dir))
        )
        assert process.wait(10) == -signal.SIGKILL
    balance, certificates = _books(data_dir)
    assert balance == BALANCE - GENERAL_YESSIGN.fee_won
    assert [status for _, status in certificates] == ["valid"]
    assert _usable(kiosk_dir) == []  # not confirmed to the kiosk: not offered yet
    with bank_process(data_dir, port):
        app = KioskApp(KioskLink.remote(f"http://127.0.0.1:{port}", token, kiosk_dir))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1")  # any visit: the bank answers again
            await wait_for(pilot, Step.IDENTITY)
    placed = _usable(kiosk_dir)
    assert len(placed) == 1 and (placed[0] / layout.KEY_FILE).is_file()
    assert _books(data_dir)[0] == BALANCE - GENERAL_YESSIGN.fee_won  # charged once
    assert not list((kiosk_dir / "media").rglob(".unconfirmed-*"))
