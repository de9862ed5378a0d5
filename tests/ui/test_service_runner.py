"""A service runs as one worker (KioskApp.run_service): each step screen is pushed
and waited for, and ends by dismissing itself with a typed result that the visit
machine takes; 이전 and 처음으로 end a step too. What goes wrong inside that
worker ends the visit, never the kiosk (issue 17, items 1 and 3)."""

from __future__ import annotations

import asyncio
import logging
import threading

import pytest
from textual.worker import Worker

from kiosk.bankside.bank import Bank
from kiosk.bankside.service import BankService
from kiosk.core.i18n import tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.visit.flows import Step
from kiosk.visit.results import IdentityVerified, PasswordSet, StepEnd
from kiosk.visit.session import Session
from screens.app import APOLOGY, KioskApp
from screens.bank_calls import SERVICE
from screens.base import ServiceBackdrop, StandIn, StepScreen
from screens.home import HomeScreen
from screens.steps.confirm import ConfirmScreen
from tests.settle import BankWaits
from tests.ui.kiosk_keys import (
    identify,
    message,
    set_password,
    settle,
    to_password,
    wait_for,
)


def _service_workers(app: KioskApp) -> list[Worker[object]]:
    return [w for w in app.workers if w.group == SERVICE and not w.is_finished]


async def test_a_step_is_dismissed_with_its_result_and_the_service_is_one_worker(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    dismissed: list[tuple[str, StepEnd | StandIn | None]] = []
    dismiss = StepScreen.dismiss

    def noted(screen: StepScreen, result: StepEnd | StandIn | None = None) -> object:
        dismissed.append((type(screen).__name__, result))
        return dismiss(screen, result)

    monkeypatch.setattr(StepScreen, "dismiss", noted)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        [runner] = _service_workers(app)
        assert runner.name == "service" and runner.is_running
        identity = app.screen
        await identify(pilot, agree=False)
        await wait_for(pilot, Step.CONSENT)
        # 본인확인 handed back who was proven, as a value; the machine recorded it.
        [(name, result)] = dismissed
        assert name == "IdentityScreen" and isinstance(result, IdentityVerified)
        assert result.customer.name == "김민준" and app.session.customer == result.customer
        assert _service_workers(app) == [runner]  # the same worker walks every step
        # 이전 is a result too, and shows the step before as it was left.
        await pilot.press("escape")
        await wait_for(pilot, Step.IDENTITY)
        assert app.screen is identity
        assert type(dismissed[-1][1]).__name__ == "Back"
        assert _service_workers(app) == [runner]
        # 처음으로 abandons the visit: the worker is cancelled, nothing waits for a step.
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.screen_stack == [app.screen]
        assert runner.is_cancelled and _service_workers(app) == []
        # The next customer's service is a worker of its own.
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        [following] = _service_workers(app)
        assert following is not runner


async def test_an_error_inside_the_service_worker_sends_the_kiosk_home_with_an_audit_entry(
    bank: Bank, caplog: pytest.LogCaptureFixture
) -> None:
    """A step hands back a result its place does not allow (a programming error):
    the visit machine raises inside the service worker, whose error handler goes
    through the kiosk's guard."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot, agree=False)
        await wait_for(pilot, Step.CONSENT)
        screen = app.screen
        assert isinstance(screen, StepScreen)
        with caplog.at_level(logging.ERROR, logger="kiosk"):
            screen.end(PasswordSet("Kiosk!2026pw"))  # 비밀번호 at 약관 동의
            await settle(pilot)
        assert "unexpected OutOfOrder in KioskApp.run_service" in caplog.text
        assert isinstance(app.screen, HomeScreen)
        assert tr(APOLOGY) in message(pilot) and "F9를 눌러" in message(pilot)
        assert app.session.service is None and _service_workers(app) == []
        entry = bank.audit.latest(1)[0]
        assert (entry.service, entry.outcome, entry.reason) == ("issue", "error", "OutOfOrder")
        assert app.is_running
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)


async def test_the_bank_refusing_what_the_next_step_shows_leaves_the_customer_on_this_step(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """확인 shows the accounts the fee is paid from, asked before its screen is
    pushed: refused, the customer is back on 비밀번호 as they left it, told why,
    and the visit goes on from there."""
    refusing = [True]
    ask = ConfirmScreen.ask_bank.__func__  # type: ignore[attr-defined]

    def accounts(cls: type[ConfirmScreen], bank: BankService, session: Session) -> object:
        if refusing[0]:
            raise Refused(RefusalCode.REFUSED, "처리할 수 없습니다.")
        return ask(cls, bank, session)

    monkeypatch.setattr(ConfirmScreen, "ask_bank", classmethod(accounts))
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await to_password(pilot)
        await set_password(pilot)
        await settle(pilot)
        assert app.session.step is Step.PASSWORD and app.shows(Step.PASSWORD)
        assert app.session.last_refusal is not None
        assert app.session.last_refusal.code is RefusalCode.REFUSED
        assert "처리할 수 없습니다" in message(pilot)
        refusing[0] = False
        await pilot.press("enter")  # the password as it was typed, again
        await wait_for(pilot, Step.CONFIRM)


async def test_between_two_steps_the_service_frame_waits_and_keys_do_not_reach_the_menu(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the bank is asked what the next step shows, the step just done is
    gone: under it is the service's frame saying 잠시만 기다려 주세요 (not the
    home menu), and a key pressed meanwhile starts nothing."""
    asked, answer = threading.Event(), threading.Event()
    ask = ConfirmScreen.ask_bank.__func__  # type: ignore[attr-defined]

    def slow(cls: type[ConfirmScreen], bank: BankService, session: Session) -> object:
        asked.set()
        answer.wait(60)
        return ask(cls, bank, session)

    monkeypatch.setattr(ConfirmScreen, "ask_bank", classmethod(slow))
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await to_password(pilot)
        BankWaits.on = False
        try:
            await set_password(pilot)
            assert await asyncio.get_running_loop().run_in_executor(None, asked.wait, 60)
            await pilot.pause()
            assert isinstance(app.screen, ServiceBackdrop) and app.moving_on()
            assert "잠시만 기다려 주세요" in message(pilot)
            await pilot.press("2")  # on the menu, 재발급
            assert app.session.service is not None and app.session.service.value == "issue"
        finally:
            answer.set()
            BankWaits.on = True
        await wait_for(pilot, Step.CONFIRM)
        assert not app.moving_on()
