"""The lesson on 본인확인 by 금융인증서 (scenario issue-by-fincert), by key presses:
guided mode asks for F6 on 본인확인 and then for every key of the name, the
resident number and the PIN on the shuffled keypad, and the run ends issued; the
learner's card gives both secrets the lesson needs."""

from __future__ import annotations

from kiosk.bankside.bank import Bank
from kiosk.people.demo_customers import DEMO_PASSWORD, DEMO_PIN
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.demo.scenarios import SCENARIOS
from screens.steps.identity import CloudIdentityScreen
from tests.ui.kiosk_keys import caption, learn, settle, until

SCENARIO = SCENARIOS["issue-by-fincert"]


async def test_guided_run_proves_identity_with_the_fincert_and_issues(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        coach = await learn(app, SCENARIO, "guided", "홍길동")
        assert coach is not None
        await until(pilot, lambda: bool(coach.waiting_for))
        card = caption(app)
        assert f"인증서 비밀번호 {DEMO_PASSWORD} · PIN {DEMO_PIN}" in card
        while app.session.step is not Step.IDENTITY:
            await pilot.press(coach.waiting_for)
            await settle(pilot)
            await until(pilot, lambda: bool(coach.waiting_for))
        await until(pilot, lambda: coach.waiting_for == "f6")
        assert "F6" in caption(app) and "금융인증서" in caption(app)
        pressed = 0
        while app.session.step is not Step.RESULT:
            await until(pilot, lambda: bool(coach.waiting_for) or app.session.step is Step.RESULT)
            if app.session.step is Step.RESULT:
                break
            await pilot.press(coach.waiting_for)
            pressed += 1
            await settle(pilot)
            if pressed == 1:
                assert isinstance(app.screen, CloudIdentityScreen)
        assert app.demo_task is not None
        await app.demo_task
        assert coach.run.finished
    result = coach.run.result
    assert result is not None and result.completed and result.outcome == "issued"
    assert result.errors == ()
