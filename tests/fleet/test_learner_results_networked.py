"""A kiosk on a networked bank keeps its learner's result in the bank's books, and
the class data the bank serves (`GET /api/class`) shows it."""

from __future__ import annotations

from pathlib import Path

from kiosk.bankside.bank import Bank
from kiosk.bankside.classroom import LearnerError, LearnerResult, StationStatus, StepTime
from kiosk.terminal.link import KioskLink
from kiosk_cli.class_pages import class_data
from tests.fleet.live_bank import kiosk_dir, live_bank


def test_a_networked_kiosks_learner_result_is_in_the_banks_class_data(
    bank: Bank, tmp_path: Path
) -> None:
    result = LearnerResult(
        "홍길동",
        "issue-bank",
        "practice",
        False,
        "gave_up",
        30,
        (StepTime("identity", 30, 1),),
        (
            LearnerError("input_error", "identity", "identity_mismatch"),
            LearnerError("gave_up", "identity"),
        ),
        2,
    )
    with live_bank(bank, "강남-1") as live:
        link = KioskLink.remote(live.url, live.token, kiosk_dir(tmp_path))
        link.bank.report_station(
            "tab-1",
            StationStatus(learner="홍길동", mode="practice", service="issue", step="identity"),
        )
        link.bank.record_learner_result("tab-1", result)
    data = class_data(bank)
    kiosk = data["kiosks"][0]
    assert kiosk["kiosk"] == "강남-1" and kiosk["mode"] == "practice"
    assert kiosk["result"]["outcome"] == "gave_up" and kiosk["result"]["hints"] == 2
    assert kiosk["result"]["error_counts"] == {
        "wrong_step": 0,
        "input_error": 1,
        "timeout": 0,
        "gave_up": 1,
    }
