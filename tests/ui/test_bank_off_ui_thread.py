"""No call to the bank on the UI thread (issue 17, item 3; issue 16's networked
kiosk): while the bank works on a request the screen keeps taking the kiosk's
keys, a second Enter is not a second request, and a bank that never answers
ends the visit with 잠시 후 다시 이용해 주세요 instead of freezing the kiosk.

Every scenario is also played with each bank call's thread noted
(tests/ui/test_demo_scenarios.py)."""

from __future__ import annotations

import socket
import threading
import traceback
from pathlib import Path

from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.bankside.http_client import RemoteService
from kiosk.bankside.service import BankService
from kiosk.core.clock import ManualClock
from kiosk.core.i18n import Language, current_language
from kiosk.terminal.link import KioskLink, Terminal
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.home import HomeScreen
from screens.steps.identity import IdentityScreen
from tests.settle import BankWaits
from tests.ui.bank_threads import HeldBank, arrived, put_bank
from tests.ui.kiosk_keys import app_of, message, type_text, wait_for


async def _fill_identity(pilot: Pilot[None]) -> None:
    """본인확인 filled in up to its last Enter (which sends it to the bank)."""
    await type_text(pilot, "김민준")
    await pilot.press("enter")
    await type_text(pilot, "850315")
    await type_text(pilot, "1234566")
    await pilot.press("enter")
    await pilot.press("enter")  # 주민등록증
    await type_text(pilot, "20150610")


async def test_a_slow_bank_leaves_the_screen_answering_and_enter_twice_sends_once(
    bank: Bank, keys_do_not_wait: None
) -> None:
    app = KioskApp(bank)
    held = HeldBank(BankService(bank), "verify_identity")
    async with app.run_test(size=(80, 24)) as pilot:
        put_bank(app, held)
        await pilot.press("1")
        BankWaits.on = True
        await wait_for(pilot, Step.IDENTITY)
        BankWaits.on = False
        await _fill_identity(pilot)
        await pilot.press("enter")  # to the bank, which does not answer yet
        await arrived(held)
        screen = app.screen
        assert isinstance(screen, IdentityScreen)
        assert "잠시만 기다려 주세요" in message(pilot)
        # The customer presses Enter again, and types: neither reaches the bank or the form.
        await pilot.press("enter")
        await pilot.press("9")
        # The kiosk's own keys still work: the language switches while the bank thinks.
        await pilot.press("f4")
        assert current_language() is Language.ENGLISH
        assert app.screen is screen
        assert "Please wait" in message(pilot)
        # The walk-away clock and the header are drawn all the while.
        app.check_walk_away()
        await pilot.pause()
        assert held.calls == 1
        held.release.set()
        BankWaits.on = True
        await pilot.pause()
        await wait_for(pilot, Step.CONSENT)
        assert held.calls == 1  # Enter twice was one request
        assert app_of(pilot).session.customer is not None


async def test_a_bank_that_never_answers_sends_the_visit_home_with_the_reason(
    bank: Bank, keys_do_not_wait: None
) -> None:
    """A bank that accepts the connection and never answers: while the kiosk waits
    the screen answers keys; the client gives up at its timeout, and the customer
    sees 잠시 후 다시 이용해 주세요 on the home screen, with no traceback."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections wait in the backlog; nothing is ever read or said
        host, port = silent.getsockname()
        hung = RemoteService(f"http://{host}:{port}", "token", "bank", BankService, timeout=0.5)
        held = HeldBank(BankService(bank), "verify_identity", hung.verify_identity)
        app = KioskApp(bank)
        async with app.run_test(size=(80, 24)) as pilot:
            put_bank(app, held)
            await pilot.press("1")
            BankWaits.on = True
            await wait_for(pilot, Step.IDENTITY)
            BankWaits.on = False
            await _fill_identity(pilot)
            await pilot.press("enter")
            await arrived(held)
            # Waiting for the bank: Esc does not abandon the request, F2 still works.
            await pilot.press("escape")
            await pilot.press("f2")
            assert isinstance(app.screen, IdentityScreen)
            assert app.trainer_visible
            assert "잠시만 기다려 주세요" in message(pilot)
            held.release.set()  # on to the silent bank, and its timeout
            await app.bank_settled()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert "은행 서버에 연결할 수 없습니다. 잠시 후 다시 이용해 주세요." in message(pilot)
            assert app.session.service is None
            # The kiosk is a kiosk again: the next customer can start.
            BankWaits.on = True
            await pilot.press("1")
            await wait_for(pilot, Step.IDENTITY)


async def test_a_service_picked_while_the_bank_still_opens_does_not_freeze_the_kiosk(
    data_dir: Path, clock: ManualClock
) -> None:
    """`kiosk` opens its embedded bank once the home screen is drawn (a first start
    makes the CAs then, seconds of RSA): a service picked meanwhile waits for it in
    a thread, and the kiosk keeps answering keys."""
    terminal = Terminal.at(data_dir)
    may_open = threading.Event()
    opened: list[Bank] = []

    def open_bank() -> Bank:
        may_open.wait(5)
        opened.append(Bank.open(data_dir, clock, terminal=terminal))
        return opened[0]

    link = KioskLink.embedded_later(terminal, open_bank)
    opening = link.opening
    assert opening is not None
    waited_on_ui: list[str] = []
    bank_of = opening.bank

    def bank() -> Bank:
        if threading.current_thread() is threading.main_thread():
            waited_on_ui.append("".join(traceback.format_stack(limit=8)))
        return bank_of()

    opening.bank = bank  # type: ignore[method-assign]
    app = KioskApp(link)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1")  # 발급, with the bank not open yet
            await pilot.press("f4")  # the UI thread is free: the language switches
            assert current_language() is Language.ENGLISH
            await pilot.press("f4")
            may_open.set()
            await wait_for(pilot, Step.IDENTITY)
    finally:
        may_open.set()
        opening.close()
    assert waited_on_ui == []
