"""`kiosk demo --file/--dir/--handout`: a trainer's own scenario played from the
command line, a wrong one refused with its line, and the handout printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk_cli.main import main
from tests.unit.test_scenario_files import GOOD

TRAINER_FILE = (
    GOOD
    + """
[[steps]]
name = "auth"
do = "authenticate"
method = "otp"

[[steps]]
name = "medium"
do = "choose_medium"

[[steps]]
name = "password"
do = "set_password"

[[steps]]
name = "confirm"
do = "confirm"

[[steps]]
name = "result"
do = "wait_for"
screen = "result"
"""
)


def test_a_trainer_written_file_plays_to_its_expected_outcome(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "mine.toml"
    scenario.write_text(TRAINER_FILE, encoding="utf-8")
    code = main(["demo", "--file", str(scenario), "--headless", "--data-dir", str(data_dir)])
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0, report
    assert report["scenario"] == "my-issue" and report["outcome"] == "issued"
    assert report["product"] == "bank" and "error" not in report


def test_a_file_that_ends_otherwise_than_it_expects_fails(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "mine.toml"
    scenario.write_text(GOOD, encoding="utf-8")  # stops at the product screen
    code = main(["demo", "--file", str(scenario), "--headless", "--data-dir", str(data_dir)])
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 1 and report["error"] == "expected issued, got unfinished"


def test_a_malformed_file_is_refused_with_its_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "broken.toml"
    scenario.write_text(GOOD.replace('do = "identify"', 'do = "idntify"'), encoding="utf-8")
    assert main(["demo", "--file", str(scenario), "--headless"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    assert lines[0].startswith("오류: broken.toml 16행, steps[2].do: idntify")


def test_a_folder_lists_and_plays_by_name(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.toml").write_text(TRAINER_FILE, encoding="utf-8")
    assert main(["demo", "--dir", str(tmp_path), "--list"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("my-issue") and "issue-bank" not in listed
    assert main(["--lang", "en", "demo", "--dir", str(tmp_path), "--list"]) == 0
    assert "practice a banking certificate" in capsys.readouterr().out
    assert main(["demo", "--dir", str(tmp_path / "nowhere"), "--list"]) == 2
    assert "시나리오 폴더가 없습니다" in capsys.readouterr().err


def test_the_handout_of_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "mine.toml"
    scenario.write_text(TRAINER_FILE, encoding="utf-8")
    assert main(["demo", "--file", str(scenario), "--handout"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and 'lang="ko"' in page and 'lang="en"' in page
    assert "850315-1******" in page and "850315-1234566" not in page


def test_the_handout_names_the_keys_of_the_kiosk_that_prints_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Printed with the kiosk's data directory, a handout names its kiosk.toml keys
    (a learner presses what the sheet says); with --browser-keys, the room's too."""
    (tmp_path / "kiosk.toml").write_text(
        '[bindings]\nphone = "ctrl+n"\nother_way = "ctrl+o"\n', encoding="utf-8"
    )
    assert main(["demo", "scam-call-reissue", "--handout", "--data-dir", str(tmp_path)]) == 0
    page = capsys.readouterr().out
    assert "휴대폰(Ctrl+N)에 걸려온 전화" in page and "on the phone (Ctrl+N)" in page
    assert "F7" not in page
    assert main(["demo", "issue-by-fincert", "--handout", "--data-dir", str(tmp_path)]) == 0
    page = capsys.readouterr().out
    assert "금융인증서로(Ctrl+O):" in page and "(F6" not in page
    assert main(["demo", "scam-call-reissue", "--handout", "--browser-keys"]) == 0
    assert "휴대폰(F7(Alt+P))에 걸려온 전화" in capsys.readouterr().out


def test_the_handouts_key_presses_name_the_kiosks_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scenario file's `press` steps write the usual keys ("f8", "f1"); the sheet
    names the keys the printing kiosk has for them."""
    (tmp_path / "kiosk.toml").write_text(
        '[bindings]\nskip_time = "ctrl+t"\nhome = "ctrl+o"\n', encoding="utf-8"
    )
    assert main(["demo", "issue-sms-expired", "--handout", "--data-dir", str(tmp_path)]) == 0
    assert "키를 누릅니다: Ctrl+T Ctrl+T Ctrl+T Ctrl+T" in capsys.readouterr().out
    assert main(["demo", "issue-otp-lockout", "--handout", "--data-dir", str(tmp_path)]) == 0
    page = capsys.readouterr().out
    assert "키를 누릅니다: Ctrl+O" in page and "Press: Ctrl+O" in page
    assert "누릅니다: f1" not in page and "누릅니다: 2" in page


@pytest.mark.parametrize("mode", ["guided", "test"])
def test_a_headless_learner_run_reports_its_scored_result_and_the_bank_keeps_it(
    mode: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.bankside.bank import Bank
    from kiosk.bankside.classroom import ClassBoard
    from kiosk.core.clock import ShiftedClock

    code = main(
        [
            *("demo", "refuse-weak-password", "--mode", mode, "--learner", "홍길동"),
            *("--headless", "--data-dir", str(data_dir)),
        ]
    )
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0, report
    assert (report["outcome"], report["reason"]) == ("refused", "password_rule")
    result = report["learner_result"]
    assert (result["learner"], result["mode"], result["completed"]) == ("홍길동", mode, True)
    assert result["errors"] == [] and result["steps"][0]["step"] == "identity"
    bank = Bank.open(data_dir, ShiftedClock())  # a new process on the same books
    try:
        stored = ClassBoard(bank.store, bank.clock).results()
    finally:
        bank.close()
    assert [(s.result.learner, s.result.mode) for s in stored] == [("홍길동", mode)]


def test_a_learners_name_too_long_is_refused_before_anything_plays(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            *("demo", "issue-bank", "--mode", "test", "--learner", "길" * 65),
            *("--headless", "--data-dir", str(data_dir)),
        ]
    )
    assert code == 2
    assert "64" in capsys.readouterr().err
