"""The learner modes, by key presses: guided waits for the key it asks for (a wrong
one is not acted on, and is explained); practice explains an error and gives a
hint on F9; test scores a run with a known mistake. Every result goes through the
bank's interface into its books, and the class dashboard's data shows it."""

from __future__ import annotations

import re

from textual.widgets import Input

from kiosk.bankside.bank import Bank
from kiosk.bankside.classroom import ClassBoard
from kiosk.terminal import config
from kiosk.visit.flows import Step
from kiosk_cli.class_pages import class_data
from screens.app import KioskApp
from screens.demo.scenarios import SCENARIOS
from screens.home import HomeScreen
from screens.steps.identity import CloudIdentityScreen
from tests.ui.kiosk_keys import (
    ROUNDS,
    Ticks,
    caption,
    identify,
    learn,
    set_password,
    settle,
    sms_code_from_trainer_panel,
    type_text,
    until,
    wait_for,
    walk_away,
)


def _asked(app: KioskApp) -> str:
    match = re.search(r"다음 키: \[([^\]]+)\]", caption(app))
    assert match, caption(app)
    return match.group(1)


async def test_guided_waits_for_the_right_key_and_explains_a_wrong_one(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIOS["issue-bank"], "guided", "홍길동")
        assert coach is not None
        await until(pilot, lambda: "다음 키" in caption(app))
        # The customer's data card is there to type from.
        assert "김민준" in caption(app) and "850315-1234566" in caption(app)
        asked = _asked(app)
        wrong = "9" if asked != "9" else "8"
        await pilot.press(wrong)
        await until(pilot, lambda: "지금 누를 키가 아닙니다" in caption(app))
        for _ in range(ROUNDS):  # however long it waits, the wrong key did nothing
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.session.service is None
        assert [e.kind for e in coach.run.errors] == ["wrong_step"]
        while app.session.step is not Step.IDENTITY:  # the keys it asks for, one by one
            await pilot.press(_asked(app).lower())
            await until(
                pilot, lambda: app.session.step is Step.IDENTITY or "다음 키" in caption(app)
            )
            await settle(pilot)
        await until(pilot, lambda: "다음 글자" in caption(app))
        assert "'김민준'" in caption(app)
        await pilot.press("x")  # not the name's first letter: not typed, explained
        await until(pilot, lambda: "[x]" in caption(app))
        for _ in range(ROUNDS):
            await settle(pilot)
        assert app.screen.query_one("#name", Input).value == ""
        assert [e.kind for e in coach.run.errors] == ["wrong_step", "input_error"]
        await type_text(pilot, "김민준")  # a paste would skip the guide's letters: not taken
        await until(pilot, lambda: "한 글자씩" in caption(app))
        assert app.screen.query_one("#name", Input).value == ""
        await pilot.press("f1")  # the learner gives up: the run ends and is kept
        await until(pilot, lambda: coach.run.finished)
        result = coach.run.result
        assert result is not None and not result.completed and result.outcome == "gave_up"
    stored = ClassBoard(bank.store, bank.clock).results()
    assert [(s.result.learner, s.result.mode, s.result.completed) for s in stored] == [
        ("홍길동", "guided", False)
    ]
    assert [e.kind for e in stored[0].result.errors] == ["wrong_step", "input_error", "gave_up"]


async def test_practice_explains_an_error_and_f9_gives_a_hint(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIOS["issue-bank"], "practice", "이영희")
        assert coach is not None
        await settle(pilot)
        assert "F9" in caption(app) and "850315-1234566" in caption(app)
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("f9")  # the hint key: what to do here, and why
        await until(pilot, lambda: "힌트" in caption(app))
        assert "주민등록번호" in caption(app)
        assert not app.staff_called  # a hint, not a call for staff
        await identify(pilot, rrn="850315-1234567", agree=False)  # a digit off the card
        await until(pilot, lambda: "입력이 맞지 않습니다" in caption(app))
        assert [e.kind for e in coach.run.errors] == ["input_error"]
        assert coach.run.hints == 1
        kiosk = class_data(bank)["kiosks"][0]
        assert (kiosk["learner"], kiosk["mode"], kiosk["step"]) == (
            "이영희",
            "practice",
            "identity",
        )
        assert kiosk["errors"] == 1


async def test_a_hint_names_the_keys_kiosk_toml_gives(bank: Bank) -> None:
    """[bindings] other_way = "ctrl+n", call_staff = "ctrl+l": practice says to press
    Ctrl+L for a hint, and the hint says to press Ctrl+N (Ctrl+N을, where F6을 was)."""
    (bank.data_dir / "kiosk.toml").write_text(
        '[bindings]\nother_way = "ctrl+n"\ncall_staff = "ctrl+l"\n', encoding="utf-8"
    )
    bank.config = config.load(bank.data_dir)
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIOS["issue-by-fincert"], "practice", "이영희")
        assert coach is not None
        await settle(pilot)
        assert "힌트 키 Ctrl+L을 누르세요" in caption(app) and "F9" not in caption(app)
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("ctrl+l")
        await until(pilot, lambda: "힌트" in caption(app) and "금융인증서로" in caption(app))
        assert "Ctrl+N을 눌러 금융인증서로 본인확인합니다" in caption(app), caption(app)
        assert "본인확인합니다(Ctrl+N)" in caption(app)  # the lesson's caption too
        assert "F6" not in caption(app)
        await pilot.press("ctrl+n")  # the key the hint names is the one that works
        await settle(pilot)
        assert isinstance(app.screen, CloudIdentityScreen)


async def test_test_mode_scores_a_run_with_a_known_mistake(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIOS["issue-bank"], "test", "박철수")
        assert coach is not None
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("f9")  # no hints in a test
        await until(pilot, lambda: "힌트가 없습니다" in caption(app))
        await identify(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        await pilot.press("1")  # SMS
        code = await sms_code_from_trainer_panel(pilot)
        await type_text(pilot, f"{(int(code) + 1) % 1_000_000:06d}")  # the known mistake
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.last_refusal is not None
        assert "입력이 맞지 않습니다" not in caption(app)  # a test explains nothing
        await type_text(pilot, code)
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("1")
        await wait_for(pilot, Step.PASSWORD)
        await set_password(pilot)
        await wait_for(pilot, Step.CONFIRM)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        await until(pilot, lambda: coach.run.finished)
        assert "평가 결과" in caption(app) and "완료" in caption(app)
        assert "오류 1회" in caption(app)
    result = coach.run.result
    assert result is not None and result.completed and result.outcome == "issued"
    assert [(e.kind, e.step) for e in result.errors] == [("input_error", "auth")]
    assert [s.step for s in result.steps][:3] == ["identity", "consent", "product"]
    assert next(s for s in result.steps if s.step == "auth").errors == 1
    data = class_data(bank)
    kiosk = data["kiosks"][0]
    assert kiosk["result"]["completed"] is True and kiosk["result"]["learner"] == "박철수"
    assert kiosk["result"]["error_counts"]["input_error"] == 1
    assert "완료" in kiosk["result_summary"]
    assert [r["learner"] for r in data["results"]] == ["박철수"]


async def test_the_trainers_picker_starts_a_learner_mode_with_a_name(bank: Bank) -> None:
    from kiosk.bankside.operator import DEFAULT_OPERATOR_PIN
    from screens.modals.operator import OperatorPinScreen, OperatorScreen

    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, OperatorPinScreen))
        await type_text(pilot, DEFAULT_OPERATOR_PIN)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, OperatorScreen))
        await pilot.press("7", "enter")  # the first scenario: issue-bank
        await until(pilot, lambda: app.screen.query_one("#mode-list").display)
        await pilot.press("down", "down", "enter")  # 3. 연습
        await until(pilot, lambda: app.screen.query_one("#learner-name").display)
        await type_text(pilot, "최민수")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert (app.mode, app.learner, app.scenario) == ("practice", "최민수", "issue-bank")
        assert app.coach is not None and "F9" in caption(app)
        kiosk = class_data(bank)["kiosks"][0]
        assert (kiosk["learner"], kiosk["mode"], kiosk["scenario"]) == (
            "최민수",
            "practice",
            "issue-bank",
        )


async def test_a_learner_who_walks_away_ends_the_run_as_a_timeout(bank: Bank) -> None:
    ticks = Ticks()
    app = KioskApp(bank, idle_seconds=120, ticks=ticks)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIOS["issue-bank"], "test", "정하나")
        assert coach is not None
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        ticks.advance(100)  # time on the step: the run counts it
        await walk_away(pilot, ticks, 200)
        await until(pilot, lambda: coach.run.finished)
        assert isinstance(app.screen, HomeScreen) and "미완료" in caption(app)
    result = coach.run.result
    assert result is not None and result.outcome == "timeout" and not result.completed
    assert [(e.kind, e.step) for e in result.errors] == [("timeout", "identity")]
    assert result.steps[0].step == "identity" and result.steps[0].seconds >= 100


def test_the_class_report_prints_each_learners_scored_runs(bank: Bank) -> None:
    from kiosk.bankside.classroom import LearnerError, LearnerResult, StationStatus, StepTime
    from kiosk.bankside.service import BankService
    from kiosk_cli.class_pages import report_html

    service = BankService(bank, "강남-1")
    service.report_station(
        "tab-1", StationStatus(learner="홍길동", mode="test", service="issue", step="auth")
    )
    service.record_learner_result(
        "tab-1",
        LearnerResult(
            "홍길동",
            "issue-bank",
            "test",
            True,
            "issued",
            95,
            (StepTime("auth", 95, 1),),
            (LearnerError("input_error", "auth", "auth_failed"),),
        ),
    )
    page = report_html(bank)
    assert "학습 결과" in page and "issue-bank" in page
    assert "완료 · 95초 · 오류 1회 (입력 오류 1)" in page


async def test_practice_explains_a_wrong_choice_and_esc_lets_it_be_put_right(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIOS["issue-bank"], "practice", "이영희")
        assert coach is not None
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("2")  # 범용, where the scenario's customer wants 은행용 (1)
        await wait_for(pilot, Step.AUTH)
        await until(pilot, lambda: "시나리오와 다른 선택" in caption(app))
        assert "1번" in caption(app)  # what the step asks, in the learner's words
        await pilot.press("escape")
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        assert [(e.kind, e.step) for e in coach.run.errors] == [("wrong_step", "product")]


async def test_a_trainers_wrong_operator_pin_is_not_the_learners_error(bank: Bank) -> None:
    from screens.modals.operator import OperatorPinScreen

    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIOS["issue-bank"], "test", "박철수")
        assert coach is not None
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, OperatorPinScreen))
        await type_text(pilot, "000000")
        await pilot.press("enter")
        await settle(pilot)
        assert app.bank.operator_failures() == 1
        await pilot.press("escape")
        await settle(pilot)
        assert coach.run.errors == []
