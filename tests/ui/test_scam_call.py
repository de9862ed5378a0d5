"""The scam-call lesson (scenario scam-call-reissue) in each learner mode, by key
presses: a scripted call on the phone presses the customer to re-issue; the bank
texts the phone about the 재발급 and holds it with a warning (an unknown number
called just before). Guided waits for 1 (stop) there; practice explains going on;
test scores going on as failed and stopping as passed."""

from __future__ import annotations

from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.bankside.classroom import ClassBoard
from kiosk.bankside.devices import CustomerDevices
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.demo.coach import Coach
from screens.demo.scenarios import SCENARIOS
from tests.ui.kiosk_keys import (
    ROUNDS,
    caption,
    identify,
    learn,
    otp_code_from_trainer_panel,
    pass_sms,
    screen_text,
    set_password,
    settle,
    type_text,
    until,
    wait_for,
)

SCENARIO = SCENARIOS["scam-call-reissue"]
PHONE = "010-1234-5678"  # 김민준's


async def _to_the_warning(app: KioskApp, pilot: Pilot[None]) -> None:
    """재발급 from home, as the customer the scenario plays: ID, consent, the certificate."""
    await pilot.press("2")
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)
    await wait_for(pilot, Step.CHOOSE_CERT)
    await pilot.press("1")
    await wait_for(pilot, Step.FRAUD_WARNING)


async def _follow_the_guide(app: KioskApp, pilot: Pilot[None], coach: Coach, goal: Step) -> None:
    """Press each key the guide asks for, one at a time, until the kiosk shows `goal`."""
    while app.session.step is not goal:
        await until(pilot, lambda: bool(coach.waiting_for) or app.session.step is goal)
        if app.session.step is goal:
            break
        await pilot.press(coach.waiting_for)
        await settle(pilot)


async def test_the_call_shows_on_the_phone_and_the_bank_texts_and_warns(bank: Bank) -> None:
    """What the room sees: the call on the phone (F7), the bank's SMS about the
    재발급, and the warning screen naming the caller and the 2-channel rule."""
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIO, "practice", "이영희")
        assert coach is not None
        await pilot.press("f7")  # before any visit: the phone asks which one is in hand
        await type_text(pilot, PHONE)
        await pilot.press("enter")
        await settle(pilot)
        phone = screen_text(pilot)
        assert "070-4812-5530" in phone and "모르는 번호" in phone
        assert "인증번호를 저에게 불러 주세요" in phone
        await pilot.press("escape")
        await _to_the_warning(app, pilot)
        warning = screen_text(pilot)
        assert "070-4812-5530" in warning and "두 가지로 확인합니다" in warning
        assert "1. 재발급을 멈춥니다" in warning
        inbox = [body for _, body in CustomerDevices(bank).inbox(PHONE, 1)]
        assert "재발급이 신청되었습니다" in inbox[0] and "본인이 아닌 경우 즉시 신고" in inbox[0]


async def test_guided_waits_for_stop_on_the_warning(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIO, "guided", "홍길동")
        assert coach is not None
        await until(pilot, lambda: coach.waiting_for == "f7")  # first the call, on the phone
        assert "F7" in caption(app)
        await _follow_the_guide(app, pilot, coach, Step.FRAUD_WARNING)
        await until(pilot, lambda: coach.waiting_for == "1")
        assert "다음 키: [1]" in caption(app) and "재발급을 멈춥니다" in caption(app)
        await pilot.press("2")  # going on: not acted on, and explained
        await until(pilot, lambda: "[2]은(는) 지금 누를 키가 아닙니다" in caption(app))
        for _ in range(ROUNDS):
            await settle(pilot)
        assert (
            app.session.step is Step.FRAUD_WARNING and app.session.issuance.warning_answer is None
        )
        await pilot.press("1")
        assert app.demo_task is not None
        await app.demo_task  # the guide's last step: 완료
        assert coach.run.finished
        assert app.session.step is Step.RESULT and "잘 멈추셨습니다" in screen_text(pilot)
    result = coach.run.result
    assert result is not None and result.completed and result.outcome == "scam_stopped"
    assert [(e.kind, e.step, e.code) for e in result.errors] == [
        ("wrong_step", "fraud_warning", "1")  # the key asked for, not pressed
    ]


async def test_practice_explains_why_going_on_is_the_mistake(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIO, "practice", "이영희")
        assert coach is not None
        await _to_the_warning(app, pilot)
        await pilot.press("2")  # "it is my own wish": the mistake the lesson is about
        await wait_for(pilot, Step.AUTH)
        await until(pilot, lambda: "전화로 재촉받은 재발급을 계속했습니다" in caption(app))
        assert "Esc" in caption(app) and "인증번호" in caption(app)
        assert [(e.kind, e.code) for e in coach.run.errors] == [("wrong_step", "warning:continued")]
        await pilot.press("escape")  # put right: back to the warning, and stop
        await wait_for(pilot, Step.FRAUD_WARNING)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        await until(pilot, lambda: coach.run.finished)
    result = coach.run.result
    assert result is not None and result.completed and result.outcome == "scam_stopped"
    assert len(result.errors) == 1  # the one explained


async def test_test_mode_scores_going_on_past_the_warning_as_failed(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIO, "test", "박철수")
        assert coach is not None
        await _to_the_warning(app, pilot)
        await pilot.press("2")
        await pass_sms(pilot)  # the code the caller would ask for: typed at the kiosk here
        assert "전화로 재촉받은" not in caption(app)  # a test explains nothing
        await wait_for(pilot, Step.SECURITY_MEDIUM)
        await pilot.press("1")  # OTP
        await type_text(pilot, await otp_code_from_trainer_panel(pilot))
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("1")
        await wait_for(pilot, Step.PASSWORD)
        await set_password(pilot)
        await wait_for(pilot, Step.CONFIRM)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        await until(pilot, lambda: coach.run.finished)
        assert (
            app.session.issuance.issued is not None
        )  # the bank did re-issue: the customer said so
        assert "평가 결과" in caption(app) and "미완료" in caption(app)
    result = coach.run.result
    assert result is not None and not result.completed and result.outcome == "issued"
    assert ("wrong_step", "fraud_warning", "warning:continued") in [
        (e.kind, e.step, e.code) for e in result.errors
    ]
    stored = ClassBoard(bank.store, bank.clock).results()
    assert [(s.result.learner, s.result.completed) for s in stored] == [("박철수", False)]


async def test_test_mode_scores_stopping_at_the_warning_as_passed(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIO, "test", "최민수")
        assert coach is not None
        await _to_the_warning(app, pilot)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        await until(pilot, lambda: coach.run.finished)
        assert "평가 결과 — 완료" in caption(app) and "오류 0회" in caption(app)
        assert app.session.issuance.issued is None
    result = coach.run.result
    assert result is not None and result.completed and result.outcome == "scam_stopped"
    assert result.errors == ()


async def test_the_room_reads_the_call_and_the_rule_it_teaches(bank: Bank) -> None:
    """Autoplay on screen: the call's words are captioned while the phone is up, and
    the end names the rule (the room is not left with raw JSON)."""
    import asyncio

    from kiosk.training.stages import run_stage
    from screens.demo.play import autopilot

    run_stage(bank, SCENARIO.stage)
    app = KioskApp(bank)
    app.autoplay = True
    shown: list[str] = []
    show = app.show_caption

    def record(text: str) -> None:
        shown.append(text)
        show(text)

    app.show_caption = record  # type: ignore[method-assign]
    async with app.run_test(size=(100, 40)) as pilot:
        run = asyncio.create_task(autopilot(app, pilot, SCENARIO, pace=0))
        await until(pilot, lambda: app.autoplay_waiting == "start")
        await pilot.press("enter")
        await until(pilot, lambda: app.autoplay_waiting == "end")
        assert "재발급을 멈췄습니다 — 규칙" in caption(app) and "요구하지 않습니다" in caption(app)
        await pilot.press("enter")
        report = await asyncio.wait_for(run, 60)
    assert report["outcome"] == "scam_stopped"
    assert any("서울중앙지검" in text for text in shown)
    assert any("두 채널" in text for text in shown)  # the warning step's caption
