"""The kiosk speaks: every screen, message and warning said in the visit's language,
never a whole resident number, a password or a code; and what it said is logged."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from kiosk.bankside.bank import Bank
from kiosk.core.i18n import Language
from kiosk.speech.voice import DEFAULT_VOLUME, Utterance, Voice
from kiosk.visit.flows import FLOWS, Step
from kiosk_cli.main import main
from screens.app import KioskApp, screen_for
from screens.demo.scenarios import SCENARIOS
from screens.modals.idle import IdleWarning
from tests.ui.kiosk_keys import identify, message, wait_for

RRN_DIGITS = ("8503151234566", "850315-1234566", "1234566")


class Recorder:
    def __init__(self) -> None:
        self.heard: list[tuple[str, int]] = []

    def speak(self, utterance: Utterance, volume: int, rate: int) -> None:
        self.heard.append((utterance.text, volume))

    def tone(self, volume: int) -> None:
        self.heard.append(("♪", volume))

    def stop(self) -> None:
        pass


def _log(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def test_each_screen_and_refusal_is_said_and_no_resident_number(
    bank: Bank, tmp_path: Path
) -> None:
    log, engine = tmp_path / "speech.jsonl", Recorder()
    app = KioskApp(bank, voice=Voice(engine=engine, log_path=log, on=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot, fields=("20990101",))  # a wrong 발급일자: refused
        await pilot.pause()
        assert "신분증 정보가 일치하지 않습니다" in message(pilot)
        await pilot.press("ctrl+up")
        await pilot.press("ctrl+r")
        app.push_screen(IdleWarning(25))
        await pilot.pause()
    said = _log(log)
    screens = [line["screen"] for line in said]
    assert screens[0] == "HomeScreen" and "IdentityScreen" in screens
    identity = next(line["text"] for line in said if line["screen"] == "IdentityScreen")
    assert "본인확인" in identity
    after = said[screens.index("IdentityScreen") + 1 :]
    assert any("신분증 정보가 일치하지 않습니다" in line["text"] for line in after)
    assert any(line["screen"] == "IdleWarning" and "25초" in line["text"] for line in said)
    assert all(digits not in line["text"] for line in said for digits in RRN_DIGITS)
    assert all(line["language"] == "ko" for line in said)
    assert engine.heard[-2][1] > DEFAULT_VOLUME or engine.heard[-1][1] > DEFAULT_VOLUME


async def test_the_other_language_is_spoken_in_that_language(bank: Bank, tmp_path: Path) -> None:
    log = tmp_path / "speech.jsonl"
    app = KioskApp(bank, voice=Voice(engine=None, log_path=log, on=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f4", "1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.pause()
    identity = [line for line in _log(log) if line["screen"] == "IdentityScreen"]
    assert identity and identity[-1]["language"] == "en"
    assert "identity" in identity[-1]["text"].lower() or "ID" in identity[-1]["text"]


async def test_ctrl_s_turns_the_voice_on_and_off(bank: Bank, tmp_path: Path) -> None:
    log = tmp_path / "speech.jsonl"
    voice = Voice(engine=None, log_path=log)
    app = KioskApp(bank, voice=voice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not log.exists()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert voice.on and any(line["screen"] == "HomeScreen" for line in _log(log))
        await pilot.press("ctrl+s")
        count = len(_log(log))
        await pilot.press("1")
        await pilot.pause()
        assert not voice.on and len(_log(log)) == count


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_scenario_played_headless_writes_the_speech_log(
    data_dir: Path, tmp_path: Path, lang: str
) -> None:
    log = tmp_path / "speech.jsonl"
    argv = ["demo", "issue-bank", "--headless", "--data-dir", str(data_dir)]
    assert main([*argv, "--lang", lang, "--speech-log", str(log)]) == 0
    said = _log(log)
    screens = {line["screen"] for line in said}
    for step in FLOWS[SCENARIOS["issue-bank"].service]:  # every step of 발급 announced
        assert screen_for(step).__name__ in screens, step
    text = " ".join(line["text"] for line in said)
    assert "Kiosk!2026pw" not in text
    assert all(digits not in text for digits in RRN_DIGITS)
    codes = _codes_sent(data_dir)
    assert codes and all(code not in text for code in codes)  # the SMS code, never said
    assert {line["language"] for line in said} == {Language(lang).value}
    if lang == "en":
        # English: no Hangul but masked names and, as on the screen, an institution's
        # Korean name in brackets after its English one ("KFTC (금융결제원)").
        english = re.sub(r"(?<=[A-Za-z0-9] )\([^()]*\)", "", re.sub(r"\S*\*\S*", "", text))
        assert not re.search(r"[\uac00-\ud7a3]", english), english


def _codes_sent(data_dir: Path) -> list[str]:
    """The codes the bank texted to 김민준's phone in the visit just played."""
    from kiosk.core.clock import ManualClock

    opened = Bank.open(data_dir, ManualClock(dt.datetime(2026, 3, 2, 10, 0)))
    try:
        inbox = " ".join(body for _, body in opened.auth.inbox("010-1234-5678", 20))
    finally:
        opened.close()
    return re.findall(r"\[(\d{6})\]", inbox)


def test_a_kiosk_started_without_voice_can_still_speak_when_asked() -> None:
    """Ctrl+S at a kiosk started without --voice: the engine is there if installed."""
    from kiosk_cli.main import build_parser, voice_of

    voice = voice_of(build_parser().parse_args([]))
    assert not voice.on
    assert voice.audible == (shutil.which("espeak-ng") is not None)


async def test_keys_of_secret_fields_are_tones_and_the_focused_field_is_said(
    bank: Bank, tmp_path: Path
) -> None:
    log, engine = tmp_path / "speech.jsonl", Recorder()
    app = KioskApp(bank, voice=Voice(engine=engine, log_path=log, on=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press(*"김민준", "enter")  # the focus moves to the resident number
        await pilot.pause()
        await pilot.press(*"8503151234566")  # key by key, as a customer types
        await pilot.pause()
    said = _log(log)
    tones = [line for line in said if line["text"] == "♪"]
    assert len(tones) == 13  # one per digit of the resident number, nothing else
    assert sum(1 for text, _ in engine.heard if text == "♪") == 13
    assert any("주민등록번호 입력칸" in line["text"] for line in said)
    text = " ".join(line["text"] for line in said)
    assert "850315" not in text and all(digits not in text for digits in RRN_DIGITS)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_financial_certificate_visit_never_says_the_pin_or_the_code(
    data_dir: Path, tmp_path: Path, lang: str
) -> None:
    from kiosk.people.demo_customers import DEMO_PIN

    log = tmp_path / "speech.jsonl"
    argv = ["demo", "fincert-issue", "--headless", "--data-dir", str(data_dir)]
    assert main([*argv, "--lang", lang, "--speech-log", str(log)]) == 0
    said = _log(log)
    text = " ".join(line["text"] for line in said)
    screens = {line["screen"] for line in said}
    for step in ("Identity", "Consent", "PhoneCheck", "NewPin", "Result"):
        assert f"{step}Screen" in screens
    codes = _codes_sent(data_dir)
    assert codes  # the code was sent to the phone, and never said
    assert all(code not in text for code in codes)
    assert DEMO_PIN not in text and "Kiosk!2026pw" not in text
    assert all(digits not in text for digits in RRN_DIGITS)
    if lang == "en":  # the English visit speaks English: no Hangul but masked names
        assert not re.search(r"[\uac00-\ud7a3]", re.sub(r"\S*\*\S*", "", text)), text


async def test_the_help_key_shows_and_says_what_the_step_is_for(bank: Bank, tmp_path: Path) -> None:
    log = tmp_path / "speech.jsonl"
    app = KioskApp(bank, voice=Voice(engine=Recorder(), log_path=log, on=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert any("신분증을 꺼내" in str(n.message) for n in app._notifications)
        await pilot.press("f4", "ctrl+g")  # in the visit's language
        await pilot.pause()
    helped = [line for line in _log(log) if line["screen"] == "help"]
    assert "신분증을 꺼내" in helped[0]["text"] and helped[0]["language"] == "ko"
    assert "ID card" in helped[-1]["text"] and helped[-1]["language"] == "en"
