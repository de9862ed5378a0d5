"""쉬운 모드 (easy mode), chosen on the home screen for one visit: plain words, a word
of explanation on every step, twice the time; the same services and the same rules."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from kiosk.bankside.bank import Bank
from kiosk.core.i18n import easy_mode
from kiosk.speech.voice import Voice
from kiosk.visit.flows import Step
from screens.app import KioskApp, screen_for
from screens.home import HomeScreen
from tests.ui.kiosk_keys import (
    Ticks,
    cut_short,
    identify,
    key_pin,
    message,
    pass_sms,
    pay_with_account,
    phone_check,
    screen_text,
    set_password,
    settle,
    type_rrn,
    type_text,
    wait_for,
)
from tests.ui.test_voice import Recorder

PIN = "280514"


def _explained(app: KioskApp) -> str:
    """The screen's explanation, which 쉬운 모드 puts under the title."""
    found = list(app.screen.query("#easy-explain").results(Static))
    assert found, f"{type(app.screen).__name__} has no explanation"
    return str(found[0].render())


def _title(app: KioskApp) -> str:
    return str(app.screen.query_one("#title", Static).render())


async def _step(pilot: Pilot[None], step: Step, words: str) -> None:
    """On `step`, in plain words, explained, nothing cut."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    await wait_for(pilot, step)
    assert words in _title(app) + "\n" + _explained(app), (step, _title(app))
    assert cut_short(app) == []


async def test_easy_mode_issue_from_home_to_result(bank: Bank) -> None:
    ticks = Ticks()
    app = KioskApp(bank, idle_seconds=120, ticks=ticks)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert easy_mode()
        assert "쉬운 모드입니다" in _explained(app)
        assert "공동인증서 새로 받기" in screen_text(pilot)  # the menu in plain words
        await pilot.press("1")
        await _step(pilot, Step.IDENTITY, "신분증에 적힌 그대로 써 주세요")
        app.check_walk_away()
        await pilot.pause()
        # Twice the time: 4 minutes instead of 2.
        assert "남은 시간 4:00" in str(app.screen.query_one("#bank-header").render())
        await identify(pilot)
        await _step(pilot, Step.PRODUCT, "인증서를 어디에 쓰실지 골라 주세요")
        assert "은행 일만 보시면 1번" in _explained(app)
        await pilot.press("2")
        await _step(pilot, Step.AUTH, "확인할 방법을 하나 골라 주세요")
        await pass_sms(pilot)
        await _step(pilot, Step.MEDIUM, "인증서를 넣어 둘 곳을 골라 주세요")
        await pilot.press("1")
        await _step(pilot, Step.PASSWORD, "인증서를 열 때 쓸 비밀번호")
        await set_password(pilot)
        await _step(pilot, Step.CONFIRM, "아래 내용이 맞는지 봐 주세요")
        await pay_with_account(pilot)  # the same rules: the fee is paid as always
        await _step(pilot, Step.RESULT, "모두 끝났습니다")
        assert app.session.issuance.issued is not None
        await pilot.press("enter")  # the visit ends: 쉬운 모드 with it
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not easy_mode()
        assert not app.screen.query("#easy-explain")
        assert "공동인증서 발급" in screen_text(pilot)


async def test_easy_mode_financial_certificate_issue(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", "8")
        await pilot.pause()
        await pilot.press("1")
        await _step(pilot, Step.IDENTITY, "은행이 고객님 본인인지 알아보는 단계")
        assert "금융인증서 새로 받기" in _title(app)
        await identify(pilot)
        await _step(pilot, Step.PHONE_CHECK, "내 이름으로 된 휴대폰")
        await phone_check(pilot)
        await _step(pilot, Step.FIN_NEW_PIN, "화면의 숫자판으로 눌러 주세요")
        assert "숫자 6자리를 정합니다" in _explained(app)
        await key_pin(pilot, PIN)
        await key_pin(pilot, PIN)
        await _step(pilot, Step.RESULT, "모두 끝났습니다")
        assert app.session.cloud.result is not None


async def test_easy_mode_in_english_uses_plain_english(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4", "f5")
        await pilot.pause()
        await pilot.press("1")
        await _step(pilot, Step.IDENTITY, "copy from your ID card")
        assert "The bank checks that you are you" in _explained(app)
        await pilot.press("f4")  # back to Korean mid-visit: still plain words
        await pilot.pause()
        await pilot.pause()
        assert "신분증에 적힌 그대로" in _title(app)


def _asked(app: KioskApp) -> list[str]:
    """The 본인확인 rows on show: in 쉬운 모드, one question at a time."""
    rows = ("row-name", "row-rrn", "row-doc", "row-issue-date", "row-passport", "row-expiry")
    return [row for row in rows if app.screen.query_one(f"#{row}").display]


def _question(app: KioskApp) -> str:
    return str(app.screen.query_one("#question", Static).render())


async def test_easy_mode_identity_asks_one_question_per_screen(bank: Bank) -> None:
    """쉬운 모드's 본인확인 asks the name, the resident number, the ID card and its
    number one by one; Esc goes back a question, answers kept; the bank checks all of
    them together, as on the full screen."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        assert _asked(app) == ["row-name"] and "질문 1/4" in _question(app)
        assert "이름을" in _question(app)
        await type_text(pilot, "김민준")
        await pilot.press("enter")
        await pilot.pause()
        assert _asked(app) == ["row-rrn"] and "질문 2/4" in _question(app)
        assert app.focused is not None and app.focused.id == "rrn-front"
        await pilot.press("escape")  # back a question, not out of the step
        await pilot.pause()
        assert isinstance(app.screen, screen_for(Step.IDENTITY))
        assert _asked(app) == ["row-name"]
        assert app.screen.query_one("#name", Input).value == "김민준"
        await pilot.press("enter")
        await type_rrn(pilot, "850315-1234566")
        await pilot.press("enter")
        await pilot.pause()
        assert _asked(app) == ["row-doc"] and "질문 3/4" in _question(app)
        await pilot.press("right", "right", "enter")  # 여권: two questions of its own
        await pilot.pause()
        assert _asked(app) == ["row-passport"] and "질문 4/5" in _question(app)
        await pilot.press("escape")
        await pilot.pause()
        assert _asked(app) == ["row-doc"]
        await pilot.press("left", "left", "enter")  # 주민등록증 after all
        await pilot.pause()
        assert _asked(app) == ["row-issue-date"] and "질문 4/4" in _question(app)
        await type_text(pilot, "20990101")  # a wrong issue date: the bank's rule as always
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, screen_for(Step.IDENTITY))
        assert message(pilot)  # said on the question where it happened
        assert _asked(app) == ["row-issue-date"]
        app.screen.query_one("#issue-date", Input).value = ""
        await type_text(pilot, "20150610")
        await pilot.press("enter")
        await settle(pilot)
        await wait_for(pilot, Step.CONSENT)


async def test_easy_mode_identity_esc_on_the_first_question_leaves_the_step(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", "1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_full_identity_screen_still_asks_everything_at_once(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        assert _asked(app) == ["row-name", "row-rrn", "row-doc", "row-issue-date"]
        assert not app.screen.query("#question")


async def test_easy_mode_identity_says_each_question(bank: Bank, tmp_path: Path) -> None:
    """Each question is a screen of its own to a customer who listens: said as it
    comes, the first with the screen."""
    log = tmp_path / "speech.jsonl"
    app = KioskApp(bank, voice=Voice(engine=Recorder(), log_path=log, on=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", "1")
        await wait_for(pilot, Step.IDENTITY)
        await type_text(pilot, "김민준")
        await pilot.press("enter")
        await pilot.pause()
    said = "\n".join(json.loads(line)["text"] for line in log.read_text("utf-8").splitlines())
    assert "질문 1/4 — 이름을" in said and "질문 2/4 — 주민등록번호" in said
