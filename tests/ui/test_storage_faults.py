"""The kiosk's disk filling up under a customer, and its clock at the end of the
kiosk's years: a message that names the problem on the screen, nothing half kept,
and the kiosk serving the next customer. Faults are injected where they happen:
the store's connection fails the write as SQLite does on a full disk."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.bankside.bank import Bank
from kiosk.core.clock import KST, ManualClock
from kiosk.storage.store import Store
from kiosk.terminal import config
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.home import HomeScreen
from tests.ui.kiosk_keys import (
    identify,
    message,
    pay_with_account,
    screen_text,
    settle,
    to_confirm,
    wait_for,
)

FULL = "키오스크의 저장 공간이 부족해 처리하지 못했습니다"
PHONE = "010-1234-5678"  # 김민준's


def _sqlite_full() -> sqlite3.OperationalError:
    """The error SQLite itself raises when the disk is full (SQLITE_FULL)."""
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA max_page_count = 1")
    try:
        db.execute("CREATE TABLE grows (x)")
    except sqlite3.OperationalError as error:
        return error
    finally:
        db.close()
    raise AssertionError("SQLite did not report a full database")


class _FullDisk:
    """The store's connection once the disk is full: `statement` fails."""

    def __init__(self, db: sqlite3.Connection, statement: str) -> None:
        self._db, self._statement = db, statement

    def execute(self, sql: str, *params: Any) -> sqlite3.Cursor:
        if self._statement in sql:
            raise _sqlite_full()
        return self._db.execute(sql, *params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


@contextmanager
def disk_full_at(bank: Bank, statement: str) -> Iterator[None]:
    # Whichever thread writes (the UI's, a worker's) finds the disk full.
    connection = Store.db

    def full(store: Store) -> sqlite3.Connection:
        real = connection.fget(store)  # type: ignore[attr-defined]
        return _FullDisk(real, statement) if store is bank.store else real  # type: ignore[return-value]

    Store.db = property(full)  # type: ignore[assignment, method-assign]
    try:
        yield
    finally:
        Store.db = connection  # type: ignore[method-assign]


def _count(bank: Bank, sql: str, *params: object) -> int:
    return int(bank.store.db.execute(sql, params).fetchone()[0])


async def test_a_full_disk_at_sms_send_is_named_and_keeps_nothing(bank: Bank) -> None:
    sent = "SELECT COUNT(*) FROM sms_codes WHERE phone = ?"
    inbox = "SELECT COUNT(*) FROM sms_inbox WHERE phone = ?"
    codes_before, inbox_before = _count(bank, sent, PHONE), _count(bank, inbox, PHONE)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        # The code is stored, then the message to the phone finds the disk full.
        with disk_full_at(bank, "INSERT INTO sms_inbox"):
            await pilot.press("1")  # SMS
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert FULL in message(pilot) and "F9" in message(pilot)
        assert app.session.service is None
        # Rolled back whole: no code the customer never received stays valid.
        assert (_count(bank, sent, PHONE), _count(bank, inbox, PHONE)) == (
            codes_before,
            inbox_before,
        )
        entry = bank.audit.latest(1)[0]
        assert (entry.service, entry.outcome, entry.reason) == (
            "issue",
            "error",
            "OperationalError",
        )
        await pilot.press("1")  # the disk has room again: the next customer is served
        await wait_for(pilot, Step.IDENTITY)


async def _full_disk_at_sms_send(app: KioskApp, bank: Bank, pilot: Any) -> None:
    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)
    await wait_for(pilot, Step.PRODUCT)
    await pilot.press("1")
    await wait_for(pilot, Step.AUTH)
    with disk_full_at(bank, "INSERT INTO sms_inbox"):
        await pilot.press("1")  # SMS
        await settle(pilot)
    assert isinstance(app.screen, HomeScreen)


async def test_the_fault_names_the_staff_key_kiosk_toml_gives(bank: Bank) -> None:
    """[bindings] call_staff = "ctrl+l": the message names Ctrl+L, with the particle
    that reads after it (F9를, Ctrl+L을), and again once F4 redraws it in English."""
    (bank.data_dir / "kiosk.toml").write_text(
        '[bindings]\ncall_staff = "ctrl+l"\n', encoding="utf-8"
    )
    bank.config = config.load(bank.data_dir)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _full_disk_at_sms_send(app, bank, pilot)
        assert FULL in message(pilot)
        assert "Ctrl+L을 눌러 직원을 호출해 주세요" in message(pilot)
        assert "F9" not in message(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert "Press Ctrl+L to call staff" in message(pilot), message(pilot)
        await pilot.press("ctrl+l")  # the key it names is the one that calls
        assert app.staff_called


async def test_in_the_browser_room_the_domains_words_name_the_room_keys(bank: Bank) -> None:
    """`kiosk serve`'s kiosks: easy mode's words name F5's room key (F5 would reload
    the tab), and a storage fault names the staff key as the room has it — F9, which
    no browser takes, with no room key after it."""
    from kiosk_cli import devices
    from kiosk_cli.main import build_parser

    app = KioskApp(bank)
    devices.apply(build_parser().parse_args(["--browser-keys"]), app.terminal)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("alt+r")  # F5: 쉬운 모드
        await settle(pilot)
        assert "F5(Alt+R)를 누르면 쉬운 모드가 꺼집니다" in screen_text(pilot)
        assert "F9를 눌러 직원을 부르세요" in screen_text(pilot)
        await pilot.press("alt+r")
        await settle(pilot)
        await _full_disk_at_sms_send(app, bank, pilot)
        assert FULL in message(pilot) and "F9를 눌러 직원을" in message(pilot)
        assert "(Alt+" not in message(pilot)


async def test_a_full_disk_when_the_certificate_is_committed_charges_and_keeps_nothing(
    bank: Bank,
) -> None:
    balance = "SELECT balance FROM accounts WHERE number = '1002-345-678901'"
    before = _count(bank, balance)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await to_confirm(pilot, product="2")  # 범용, 4,400원
        with disk_full_at(bank, "INSERT INTO certificates"):
            await pay_with_account(pilot)
            await settle(pilot)
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert FULL in message(pilot)
        assert app.session.service is None
    assert _count(bank, balance) == before  # the fee went back with the transaction
    assert _count(bank, "SELECT COUNT(*) FROM certificates") == 0
    media = bank.media.base
    assert list(media.rglob("signCert.der")) == [] and list(media.rglob("signPri.key")) == []
    assert [path for path in media.rglob(".staging-*")] == []


async def test_f8_stops_at_the_last_day_the_kiosk_runs_on(data_dir: Path) -> None:
    start = dt.datetime(2040, 12, 31, 23, 59, 30, tzinfo=KST)
    clock = ManualClock(start)
    bank = Bank.open(data_dir, clock)
    try:
        app = KioskApp(bank)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f8")
            await settle(pilot)
            assert clock.now() == start  # not moved into the year after
            notes = [str(note.message) for note in app._notifications]
            assert any("2040-12-31까지만 앞당길 수 있습니다" in note for note in notes), notes
            assert app.is_running
    finally:
        bank.close()
