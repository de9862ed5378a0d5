"""A learner's run scored in plain Python: which step, which kind of error, the
time per step, and what a refusal scenario's own refusal counts as."""

from __future__ import annotations

import pytest

from kiosk.training import learning
from kiosk.training.learning import LearnerRun
from kiosk.training.scenario_files import builtins
from kiosk.visit.flows import Service, Step

SCENARIOS = builtins()
ISSUE = SCENARIOS["issue-bank"]  # 은행용 (1), SMS, hard disk


def _run(name: str = "issue-bank", mode: str = "test") -> LearnerRun:
    return LearnerRun(SCENARIOS[name], mode, "홍길동", started=100.0)


def test_a_right_run_is_completed_with_the_time_of_each_step_and_no_errors() -> None:
    run = _run()
    run.moved(Step.IDENTITY, {}, 103.0)
    run.moved(Step.CONSENT, {"customer": "김민준"}, 110.0)
    run.moved(Step.PRODUCT, {"customer": "김민준"}, 112.0)
    run.moved(Step.AUTH, {"product": "bank"}, 115.0)
    run.moved(Step.RESULT, {"product": "bank", "method": "sms", "medium": "hdd"}, 130.0)
    result = run.finish("issued", True, 131.0)
    assert result.completed and result.outcome == "issued" and result.errors == ()
    assert [(s.step, s.seconds) for s in result.steps] == [
        ("identity", 7),
        ("consent", 2),
        ("product", 3),
        ("auth", 15),
        ("result", 1),
    ]
    assert result.seconds == 31


def test_another_choice_than_the_scenarios_is_a_wrong_step_on_the_screen_left() -> None:
    run = _run()
    run.moved(Step.PRODUCT, {}, 100.0)
    error = run.moved(Step.AUTH, {"product": "general-yessign"}, 101.0)
    assert error is not None and error.kind == learning.WRONG_STEP
    assert error.step == "product" and error.code == "product:general-yessign"
    assert run.moved(Step.MEDIUM, {"product": "general-yessign", "method": "sms"}, 102.0) is None


def test_another_service_is_a_wrong_step_and_the_scenarios_is_not() -> None:
    run = _run()
    error = run.service_started(Service.REISSUE)
    assert error is not None and error.kind == learning.WRONG_STEP
    assert run.service_started(Service.ISSUE) is None


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("auth_failed", learning.INPUT_ERROR),
        ("weak_password", learning.INPUT_ERROR),
        ("auth_expired", learning.TIMEOUT),
        ("ars_expired", learning.TIMEOUT),
    ],
)
def test_refusals_are_input_errors_unless_time_ran_out(code: str, kind: str) -> None:
    run = _run()
    run.moved(Step.AUTH, {}, 100.0)
    error = run.refused(code)
    assert error is not None and error.kind == kind and error.step == "auth"


def test_the_refusal_a_refusal_scenario_teaches_is_its_end_not_an_error() -> None:
    scenario = SCENARIOS["refuse-weak-password"]
    run = LearnerRun(scenario, "practice", "", started=0.0)
    assert scenario.expect.reason is not None
    assert run.expects_refusal(scenario.expect.reason)
    assert run.refused(scenario.expect.reason) is None
    assert run.errors == []


def test_a_run_left_midway_ends_as_gave_up_or_timeout_with_that_error() -> None:
    run = _run()
    run.moved(Step.AUTH, {}, 100.0)
    result = run.finish(learning.GAVE_UP, False, 160.0, why=learning.GAVE_UP)
    assert not result.completed and result.outcome == "gave_up"
    assert [(e.kind, e.step) for e in result.errors] == [("gave_up", "auth")]
    walked = _run()
    walked.moved(Step.PASSWORD, {}, 100.0)
    timed = walked.finish(learning.TIMEOUT, False, 400.0, why=learning.TIMEOUT)
    assert timed.count(learning.TIMEOUT) == 1 and timed.outcome == "timeout"


def test_a_finished_kiosk_with_another_result_is_not_completed() -> None:
    run = _run()
    result = run.finish("refused", False, 10.0)
    assert not result.completed and result.count(learning.WRONG_STEP) == 1


def test_guided_wrong_keys_count_by_where_they_were_pressed() -> None:
    run = _run("issue-bank", "guided")
    run.moved(Step.IDENTITY, {}, 0.0)
    assert run.wrong_key("text:김").kind == learning.INPUT_ERROR
    assert run.wrong_key("enter").kind == learning.WRONG_STEP
    assert run.finish("issued", True, 5.0).steps[0].errors == 2


def test_a_hint_names_what_to_do_on_the_current_step_and_is_counted() -> None:
    run = _run("issue-bank", "practice")
    run.moved(Step.PRODUCT, {}, 0.0)
    hint = run.hint().render()
    assert "1번" in hint and "은행" in hint
    assert run.finish("issued", True, 1.0).hints == 1


def test_the_data_card_is_the_scenarios_customer_and_password() -> None:
    card = learning.data_card(ISSUE)
    assert card.name == "김민준" and card.rrn == "850315-1234566"
    # Whole, so that it can be typed, and marked as a fictional person's.
    assert card.line().render().startswith("가상 고객 카드: 김민준 · 주민등록번호 850315-1234566")
    assert card.password == "Kiosk!2026pw"
    weak = learning.data_card(SCENARIOS["refuse-weak-password"])
    assert weak.password == "password1"  # what the customer wants, which the rules refuse


def test_the_score_line_says_completed_time_and_errors_by_kind() -> None:
    run = _run()
    run.moved(Step.AUTH, {}, 100.0)
    run.refused("auth_failed")
    line = learning.score_line(run.finish("issued", True, 160.0)).render()
    assert "완료" in line and "60초" in line and "오류 1회" in line and "입력 오류 1" in line


def test_only_the_learner_modes_make_a_run() -> None:
    with pytest.raises(ValueError):
        LearnerRun(ISSUE, "demo", "", started=0.0)


def test_what_a_scenario_does_wrong_on_purpose_is_not_the_learners_error() -> None:
    lockout = LearnerRun(SCENARIOS["issue-otp-lockout"], "practice", "", started=0.0)
    assert lockout.goes_home  # it presses 처음으로 itself, then starts again
    lockout.moved(Step.AUTH, {}, 1.0)
    assert lockout.refused("auth_failed") is None
    expiry = LearnerRun(SCENARIOS["issue-sms-expired"], "practice", "", started=0.0)
    expiry.moved(Step.AUTH, {}, 1.0)
    assert expiry.refused("auth_expired") is None
    assert _run().goes_home is False
    pins = LearnerRun(SCENARIOS["fincert-pin-lockout"], "test", "", started=0.0)
    pins.moved(Step.FIN_PIN, {}, 1.0)
    assert pins.refused("fincert_pin_wrong") is None
    assert learning.data_card(SCENARIOS["fincert-pin-lockout"]).pin == "280514"


def test_a_choice_put_right_after_going_back_counts_once() -> None:
    run = _run()
    run.moved(Step.PRODUCT, {}, 0.0)
    run.moved(Step.AUTH, {"product": "general-yessign"}, 1.0)  # wrong product
    run.moved(Step.PRODUCT, {"product": "general-yessign"}, 2.0)  # Esc: back to it
    assert run.moved(Step.AUTH, {"product": "bank"}, 3.0) is None  # put right
    assert [e.code for e in run.errors] == ["product:general-yessign"]


def test_the_data_card_shows_the_id_and_account_the_kiosk_asks_for() -> None:
    line = learning.data_card(ISSUE).line().render()
    assert "주민등록증 발급일 2015-06-10" in line and "1002-345-678901 (1234)" in line
    licence = learning.data_card(SCENARIOS["refuse-expired-id"]).line().render()
    assert "M12345678" in licence and "2024-05-31" in licence  # the expired passport
    cloud = learning.data_card(SCENARIOS["fincert-issue"]).line().render()
    assert "PIN 280514" in cloud and "Kiosk!2026pw" not in cloud
    assert "Kiosk!2026pw" in learning.data_card(ISSUE).line().render()


def test_going_on_past_the_fraud_warning_is_the_scam_lessons_wrong_step() -> None:
    went_on = _run("scam-call-reissue", "practice")
    went_on.moved(Step.FRAUD_WARNING, {}, 101.0)
    error = went_on.moved(Step.AUTH, {"warning": "continued"}, 102.0)
    assert error is not None
    assert (error.kind, error.step, error.code) == (
        "wrong_step",
        "fraud_warning",
        "warning:continued",
    )
    explained = learning.explain(went_on, error).render()
    assert "전화로 재촉받은 재발급" in explained and "Esc" in explained
    stopped = _run("scam-call-reissue")
    stopped.moved(Step.FRAUD_WARNING, {}, 101.0)
    assert stopped.moved(Step.CHOOSE_CERT, {}, 102.0) is None  # back, not yet answered
    stopped.moved(Step.FRAUD_WARNING, {}, 103.0)
    assert stopped.moved(Step.RESULT, {"warning": "stopped"}, 104.0) is None
    result = stopped.finish("scam_stopped", True, 105.0)
    assert result.completed and result.errors == ()
