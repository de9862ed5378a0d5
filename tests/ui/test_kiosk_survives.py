"""An error no rule foresaw ends the visit, never the kiosk: home, an apology, an audit
entry, and the next customer served. Faults are injected where they would happen."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.bankside.service import BankService
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.terminal import config
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.home import HomeScreen
from screens.modals.idle import IdleWarning
from tests.ui.kiosk_keys import identify, message, settle, to_confirm, wait_for


def _disk_full(*_: object, **__: object) -> None:
    raise OSError(28, "No space left on device")


def _bug(*_: object, **__: object) -> None:
    raise RuntimeError("a bug no rule foresaw")


async def _still_serves(app: KioskApp, pilot: object) -> None:
    """The kiosk takes the next customer: 1 on the home screen starts 발급."""
    assert app.is_running
    await pilot.press("1")  # type: ignore[attr-defined]
    await wait_for(pilot, Step.IDENTITY)  # type: ignore[arg-type]


async def _issue_identified(pilot: Pilot[None]) -> None:
    """From the home screen: 공동인증서 발급, 본인확인 and 약관 동의 done."""
    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)


async def test_an_error_in_the_issuing_worker_sends_the_visit_home(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("screens.steps.confirm.issue_through", _disk_full)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _issue_identified(pilot)
        await to_confirm(pilot)
        await pilot.press("1")  # the free product: 발급 at once
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # Named, not a generic apology: staff called with F9 know what to fix.
        assert "저장 공간이 부족해 처리하지 못했습니다" in message(pilot)
        assert app.session.service is None  # the visit and what was typed are gone
        entry = bank.audit.latest(1)[0]
        assert (entry.service, entry.outcome, entry.reason) == ("issue", "error", "OSError")
        await _still_serves(app, pilot)


async def test_a_fault_in_a_housekeeping_worker_leaves_the_kiosk_serving(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sweep of leftovers a killed kiosk left on its media (at start, in a
    thread) meets an error no rule foresaw: it is logged, and the kiosk serves on."""
    monkeypatch.setattr("kiosk.terminal.media.MediaBay.sweep_leftovers", _bug)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await _still_serves(app, pilot)


async def test_an_error_in_a_screen_handler_sends_the_visit_home(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BankService, "verify_identity", _bug)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _issue_identified(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "처리 중 문제가 생겨" in message(pilot)
        entry = bank.audit.latest(1)[0]
        assert (entry.service, entry.outcome, entry.reason) == ("issue", "error", "RuntimeError")
        # The log keeps where it happened, never what the customer typed.
        await _still_serves(app, pilot)


async def test_the_apology_names_the_staff_key_kiosk_toml_gives(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[bindings] call_staff = "ctrl+l": the apology names it, with the particle that
    reads after it in Korean (Ctrl+L을, where F9를 was)."""
    (bank.data_dir / "kiosk.toml").write_text(
        '[bindings]\ncall_staff = "ctrl+l"\n', encoding="utf-8"
    )
    bank.config = config.load(bank.data_dir)
    monkeypatch.setattr(BankService, "verify_identity", _bug)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _issue_identified(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Ctrl+L을 눌러 직원을 호출해 주세요" in message(pilot), message(pilot)


async def test_an_error_while_a_screen_is_drawn_sends_the_visit_home(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _issue_identified(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        # The next screen asks the bank while it is composed; the answer is a bug.
        monkeypatch.setattr("screens.steps.auth.AuthScreen.compose_body", _bug)
        await pilot.press("escape")
        await pilot.press("1")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "처리 중 문제가 생겨" in message(pilot)
        monkeypatch.undo()
        await _still_serves(app, pilot)


async def test_a_refusal_no_handler_expected_lands_on_its_screen(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_: object, **__: object) -> None:
        raise Refused(RefusalCode.VISIT_UNKNOWN, "이용 시간이 끝났습니다. 처음부터 다시 해 주세요.")

    monkeypatch.setattr(BankService, "verify_identity", refused)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _issue_identified(pilot)
        await settle(pilot)
        assert app.session.step is Step.IDENTITY  # on the screen where it happened
        assert "이용 시간이 끝났습니다" in message(pilot)
        assert app.session.last_refusal is not None
        assert app.session.last_refusal.code is RefusalCode.VISIT_UNKNOWN


async def test_the_walk_away_countdown_moves_before_its_box_has_drawn(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        warning = IdleWarning(30)
        app.push_screen(warning)
        warning.show_left(29)  # the next tick, before the box has composed
        warning.show_left(28)
        await settle(pilot)
        assert "28초 뒤" in str(warning.query_one("#idle-text").render())
        warning.show_left(27)
        await pilot.pause()
        assert "27초 뒤" in str(warning.query_one("#idle-text").render())
