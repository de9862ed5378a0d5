"""The kiosk as a machine: lockdown keys, operator PIN and screen, staff call, walk-away
reset, receipts and the audit log, driven by key presses."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from kiosk.bankside.bank import Bank
from kiosk.bankside.operator import DEFAULT_OPERATOR_PIN, OPERATOR_MAX_FAILURES
from kiosk.terminal import config
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.home import HomeScreen
from screens.modals.idle import IdleWarning
from screens.modals.operator import OperatorPinScreen, OperatorScreen
from screens.modals.phone import PhoneScreen
from screens.widgets.frame import MessageLine
from tests.ui.kiosk_keys import (
    Ticks,
    app_of,
    identify,
    pay_with_account,
    screen_text,
    settle,
    to_confirm,
    type_text,
    wait_for,
    walk_away,
)

LOCKED_RRN = "870212-1345673"  # 오세훈: his OTP token is already locked


def _count_exits(app: KioskApp) -> list[object]:
    exits: list[object] = []
    app.exit = lambda *args, **kwargs: exits.append(args)  # type: ignore[method-assign]
    return exits


async def test_kiosk_mode_keeps_ctrl_q_ctrl_c_and_the_palette_from_doing_anything(
    bank: Bank,
) -> None:
    app = KioskApp(bank)
    exits = _count_exits(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q", "ctrl+c", "ctrl+p")
        await pilot.pause()
        assert exits == []
        assert isinstance(app.screen, HomeScreen)
        assert app.screen_stack == [app.screen]  # home alone: no command palette or anything on top


async def test_without_kiosk_mode_ctrl_q_quits(bank: Bank) -> None:
    app = KioskApp(bank, kiosk_mode=False)
    exits = _count_exits(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert len(exits) == 1


async def _operator(pilot: Pilot[None], pin: str = DEFAULT_OPERATOR_PIN) -> None:
    await pilot.press("f10")
    await pilot.pause()
    assert isinstance(app_of(pilot).screen, OperatorPinScreen)
    await type_text(pilot, pin)
    await pilot.press("enter")
    await pilot.pause()


async def test_operator_unlocks_a_locked_otp_and_reads_the_audit_log(bank: Bank) -> None:
    locked = bank.registry.find_by_rrn(LOCKED_RRN.replace("-", ""))
    assert locked is not None and bank.auth.otp_locked(locked.id)
    app = KioskApp(bank)
    exits = _count_exits(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _operator(pilot, "000000")
        assert "일치하지 않습니다(오류 1/5회)" in app.screen.query_one(MessageLine).text
        await type_text(pilot, DEFAULT_OPERATOR_PIN)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OperatorScreen)
        await pilot.press("2")
        await pilot.pause()
        assert "오*훈" in screen_text(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "OTP 잠금을 풀었습니다" in app.screen.query_one(MessageLine).text
        await pilot.press("3")
        await pilot.pause()
        log = screen_text(pilot)
        assert "OTP 잠금 해제" in log and "오*훈 870212-1******" in log
        assert "운영자 PIN 오류" in log  # codes as words, not operator_pin_wrong
        await pilot.press("escape")
        await pilot.press("1")  # leave kiosk mode; now Ctrl+Q ends the program
        await pilot.pause()
        assert not app.kiosk_mode
        await pilot.press("escape")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert len(exits) == 1
    assert not bank.auth.otp_locked(locked.id)


async def test_operator_pin_locks_after_five_wrong(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _operator(pilot, "111111")
        for _ in range(OPERATOR_MAX_FAILURES - 1):
            await type_text(pilot, "111111")
            await pilot.press("enter")
        await pilot.pause()
        assert "잠겼습니다" in app.screen.query_one(MessageLine).text
        await pilot.press("escape")
        await _operator(pilot)  # even the right PIN no longer opens it
        assert isinstance(app.screen, OperatorPinScreen)
    assert bank.operator.locked


async def test_operator_resets_demo_data(bank: Bank) -> None:
    locked = bank.registry.find_by_rrn(LOCKED_RRN.replace("-", ""))
    assert locked is not None
    bank.auth.unlock_otp(locked.id)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _operator(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert "한 번 더" in app.screen.query_one(MessageLine).text
        await pilot.press("4")
        await pilot.pause()
        assert "초기화했습니다" in app.screen.query_one(MessageLine).text
    fresh = bank.registry.find_by_rrn(LOCKED_RRN.replace("-", ""))
    assert fresh is not None and bank.auth.otp_locked(fresh.id)  # as seeded


async def test_staff_call_shows_on_screen_and_in_the_log(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("f9")
        await pilot.pause()
        assert "직원 호출됨" in str(app.screen.query_one("#bank-header").render())
        assert any("직원을 호출했습니다" in str(n.message) for n in app._notifications)
    assert bank.audit.latest(1)[0].service == "staff_call"


async def _identified_at_product(pilot: Pilot[None]) -> None:
    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)
    await wait_for(pilot, Step.PRODUCT)


async def test_idle_warning_extension_and_reset(bank: Bank) -> None:
    ticks = Ticks()
    app = KioskApp(bank, idle_seconds=120, idle_warning_seconds=30, ticks=ticks)
    async with app.run_test(size=(80, 24)) as pilot:
        await _identified_at_product(pilot)
        await walk_away(pilot, ticks, 10)
        assert "남은 시간 1:50" in str(app.screen_stack[-1].query_one("#bank-header").render())
        await walk_away(pilot, ticks, 85)  # 25 s left: inside the 30 s warning
        assert isinstance(app.screen, IdleWarning)
        assert "25초 뒤 처음 화면으로" in str(app.screen.query_one("#idle-text").render())
        await walk_away(pilot, ticks, 10)
        assert "15초 뒤 처음 화면으로" in str(app.screen.query_one("#idle-text").render())
        await pilot.press("x")  # any key keeps the visit, with the whole time again
        assert app.session.customer is not None
        assert app.session.step is Step.PRODUCT and not isinstance(app.screen, IdleWarning)
        await walk_away(pilot, ticks, 89)
        assert not isinstance(app.screen, IdleWarning)  # 31 s left: no warning yet
        await walk_away(pilot, ticks, 31)
        assert isinstance(app.screen, HomeScreen) and app.screen_stack == [app.screen]
        session = app.session
        assert session.customer is None and session.rrn is None and session.service is None
        assert "김민준" not in screen_text(pilot) and "850315" not in screen_text(pilot)
        assert "처음 화면으로 돌아왔습니다" in app.screen.query_one(MessageLine).text
    assert bank.audit.latest(1)[0].outcome == "reset"


async def test_the_walk_away_warning_shows_over_a_box_and_returns_to_it(bank: Bank) -> None:
    ticks = Ticks()
    app = KioskApp(bank, idle_seconds=120, idle_warning_seconds=30, ticks=ticks)
    async with app.run_test(size=(80, 24)) as pilot:
        await _identified_at_product(pilot)
        await pilot.press("f7")  # the customer's phone, a box over the kiosk
        assert isinstance(app.screen, PhoneScreen)
        await walk_away(pilot, ticks, 100)
        assert isinstance(app.screen, IdleWarning)
        await pilot.press("x")
        assert isinstance(app.screen, PhoneScreen) and app.session.customer is not None


async def test_the_walk_away_box_counts_down_even_before_it_is_drawn(bank: Bank) -> None:
    """Two ticks in a row: the second reaches the box while it is still being put up
    (this ended the program with NoMatches before)."""
    ticks = Ticks()
    app = KioskApp(bank, idle_seconds=120, idle_warning_seconds=30, ticks=ticks)
    async with app.run_test(size=(80, 24)) as pilot:
        await _identified_at_product(pilot)
        ticks.advance(100)
        app.check_walk_away()
        app.check_walk_away()
        await pilot.pause()
        assert isinstance(app.screen, IdleWarning)
        assert "20초 뒤" in str(app.screen.query_one("#idle-text").render())


async def test_a_finished_service_prints_a_receipt_and_is_audited(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await to_confirm(pilot, product="2")
        await pay_with_account(pilot)
        await wait_for(pilot, Step.RESULT)
        assert "처리결과 확인서를 출력했습니다" in screen_text(pilot)
        issued = app.session.issuance.issued
        receipt = app.session.receipt
    assert issued is not None and receipt is not None
    text = Path(receipt).read_text(encoding="utf-8")
    assert "처리결과 확인서" in text and str(issued.serial) in text
    assert "4,400원" in text and "김*준 850315-1******" in text
    assert "1234566" not in text and "Kiosk!2026pw" not in text
    done = bank.audit.latest(1)[0]
    assert (done.service, done.outcome, done.customer) == ("issue", "done", "김*준 850315-1******")


async def test_high_contrast_and_large_text_are_kept_for_the_visit(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f11", "f12")
        await pilot.pause()
        assert app.current_theme.background == "#000000"
        assert app.has_class("large-text")
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        title = app.screen.query_one("#title")
        assert title.styles.text_style.bold and title.styles.text_style.reverse
        await pilot.press("f1")  # back home mid-visit: still the customer's settings
        await pilot.pause()
        assert app.current_theme.background == "#000000" and app.has_class("large-text")
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await to_confirm(pilot)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        await pilot.press("enter")  # the visit is over: the next customer gets the defaults
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.current_theme.background != "#000000" and not app.has_class("large-text")


async def test_a_keypad_with_other_keys_is_set_in_kiosk_toml(bank: Bank) -> None:
    """[bindings] call_staff = "f12": F12 calls staff, F9 no longer does."""
    (bank.data_dir / "kiosk.toml").write_text('[bindings]\ncall_staff = "f12"\n', encoding="utf-8")
    bank.config = config.load(bank.data_dir)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        assert not app.staff_called
        await pilot.press("f12")
        assert app.staff_called
    assert _binding_ids() == set(config.BINDING_IDS)  # every movable key is one the kiosk has


def _binding_ids() -> set[str]:
    """The ids of the keys of the App and of every screen and widget of screens/."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import screens

    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        importlib.import_module(module.name)
    classes: list[type[DOMNode]] = [DOMNode]
    ids: set[str] = set()
    while classes:
        cls = classes.pop()
        if cls.__module__.startswith("screens."):
            ids |= {b.id for b in cls.BINDINGS if isinstance(b, Binding) and b.id}
        classes.extend(cls.__subclasses__())
    return ids


async def test_a_keypad_without_f_keys_moves_the_screens_keys_too(bank: Bank) -> None:
    """[bindings] contrast = "ctrl+t" (the home screen's key) and phone = "f6": the
    phone opens with F6 and is put away with it, as it was with F7."""
    (bank.data_dir / "kiosk.toml").write_text(
        '[bindings]\ncontrast = "ctrl+t"\nphone = "f6"\n', encoding="utf-8"
    )
    bank.config = config.load(bank.data_dir)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        theme = app.theme
        await pilot.press("f11")
        assert app.theme == theme
        await pilot.press("ctrl+t")
        assert app.theme != theme
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, PhoneScreen)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


def _phone_hint(app: KioskApp) -> str:
    return str(app.screen.query_one(".hint", Static).render())


async def test_hints_name_the_keys_kiosk_toml_gives(bank: Bank) -> None:
    """The phone's hint names its keys as this kiosk has them: F7/Esc as shipped,
    F6/Ctrl+B where [bindings] moves them (the key bar alone would not tell)."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert _phone_hint(app) == "[교육용] F7/Esc 닫기"
    (bank.data_dir / "kiosk.toml").write_text(
        '[bindings]\nphone = "f6"\nback = "ctrl+b,escape"\n', encoding="utf-8"
    )
    bank.config = config.load(bank.data_dir)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert _phone_hint(app) == "[교육용] F6/Ctrl+B 닫기"
        await pilot.press("f4")  # in English too
        await pilot.pause()
        assert _phone_hint(app) == "[Training] F6/Ctrl+B closes"
        await pilot.press("ctrl+b")  # the key named is the key that works
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_audit_log_scrolls_and_filters_by_kiosk_and_code(bank: Bank) -> None:
    # More entries than a screen shows, from two kiosks.
    for n in range(40):
        bank.audit.record("issue", "done", kiosk_id="강남-1" if n % 2 else "강남-2")
    bank.audit.record("staff_call", "called", kiosk_id="강남-2")
    app = KioskApp(bank)
    async with app.run_test(size=(100, 30)) as pilot:
        await _operator(pilot)
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 42  # every entry, the operator's opening too
        assert "직원 호출" in screen_text(pilot) and "staff_call" not in screen_text(pilot)
        await pilot.press("ctrl+end")  # the table scrolls to the oldest entry
        await pilot.pause()
        assert table.cursor_row == 41
        await pilot.press("shift+tab", "shift+tab", "enter")  # the kiosk filter
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # 강남-1 (after 모든 키오스크, KIOSK)
        await pilot.pause()
        assert table.row_count == 20
        assert {table.get_row_at(i)[1] for i in range(table.row_count)} == {"강남-1"}
        await pilot.press("tab", "enter")  # the code filter, by words
        await pilot.pause()
        await pilot.press(*"직원")
        await pilot.press("enter")
        await pilot.pause()
        assert table.row_count == 0  # 강남-1 called nobody
        assert "(기록 없음)" in screen_text(pilot)
        await pilot.press("shift+tab", "enter", "up", "up", "enter")  # every kiosk again
        await pilot.pause()
        assert table.row_count == 1 and table.get_row_at(0)[2] == "직원 호출"
        await pilot.press("f4")  # words in English, the filters kept
        await settle(pilot)  # the entries are asked of the bank again, in a thread
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1 and table.get_row_at(0)[2] == "Call staff"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OperatorScreen)
