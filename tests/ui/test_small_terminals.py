"""Large-font terminals (issue #21 item 6, issue #19's 64×20): every scenario played
at 64×20 and at 40×15, every screen on the way read for what does not fit — keys
off the key bar, titles and choices cut, the field in use out of view.

Each scenario plays one of the two sizes in English (issue #19: English was never
checked there) and the other in Korean, so the English words, longer than the
Korean, are checked at both sizes without playing everything twice more. Which
size is English is chosen so that each language meets every screen that more
than one scenario passes at both sizes; a screen only one scenario passes is
English at 40×15, the tighter, and Korean at 64×20."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from kiosk.bankside.bank import Bank
from kiosk.bankside.service import BankService
from kiosk.core.clock import ManualClock
from kiosk.core.i18n import Language, set_language
from kiosk.visit.flows import FLOWS, Step
from screens.app import KioskApp
from screens.demo.scenarios import SCENARIOS
from screens.widgets.footer import KioskKey
from tests.conftest import TODAY
from tests.ui.english import Walk
from tests.ui.kiosk_keys import (
    PASSWORD,
    cut_short,
    identify,
    keys_cut_off,
    settle,
    type_text,
    until,
    wait_for,
)
from tests.ui.test_demo_scenarios import EXPECTED, play_headless

# The scenarios played in English at 64×20 (and in Korean at 40×15); the others the
# other way round. Between them, English passes every step screen at both sizes.
ENGLISH_AT_64 = frozenset(
    {
        "fincert-pin-reset",
        "fincert-renew",
        "issue-general-signkorea",
        "issue-otp-lockout",
        "issue-sms-expired",
        "refuse-expired-id",
        "refuse-under-14",
        "refuse-weak-password",
        "register-expired",
        "register-not-mine",
        "register-other",
        "register-wrong-password",
        "reissue",
        "renew-expired",
        "renew-too-early",
    }
)
SIZES = {"64x20": (64, 20), "40x15": (40, 15)}


def _language(name: str, size: str) -> Language:
    english = (name in ENGLISH_AT_64) == (size == "64x20")
    return Language.ENGLISH if english else Language.KOREAN


class Fit(Walk):
    """A walk that looks only for what is cut (the Korean kiosk: Korean is no fault)."""

    def look(self, app: KioskApp) -> None:
        name = type(app.screen).__name__
        self.screens.add(name)
        for cut in keys_cut_off(app) + cut_short(app):
            if cut not in self.korean.setdefault(name, []):
                self.korean[name].append(cut)


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_scenario_fits_a_large_font_terminal(
    name: str, size: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At `size`, in the language the table gives: in English, Korean left
    untranslated is found as well (`Walk`), as at 80×24."""
    language = _language(name, size)
    walk = Walk() if language is Language.ENGLISH else Fit()
    walk.watch(monkeypatch)
    columns_rows = SIZES[size]
    run = KioskApp.run

    def run_at(app: KioskApp, *args: Any, **kwargs: Any) -> Any:
        return run(app, *args, **{**kwargs, "size": columns_rows})

    monkeypatch.setattr(KioskApp, "run", run_at)  # `play` runs headless at 80×24
    bank = Bank.open(data_dir, ManualClock(TODAY))
    try:
        report = play_headless(KioskApp(bank, language=language), bank, name)
    finally:
        bank.close()
        set_language(Language.KOREAN)
    assert report["outcome"] == EXPECTED[name][0], report
    assert len(walk.screens) >= 2
    assert walk.korean == {}


def test_english_meets_every_step_screen_at_both_small_sizes() -> None:
    """The table above, checked against the flows: every step of a scenario's
    service is in English at 64×20 in some scenario and at 40×15 in another."""
    steps = {size: set[Step]() for size in SIZES}
    for name in EXPECTED:
        for size in SIZES:
            if _language(name, size) is Language.ENGLISH:
                steps[size].update(FLOWS[SCENARIOS[name].service])
    passed = Counter(step for name in EXPECTED for step in set(FLOWS[SCENARIOS[name].service]))
    assert steps["40x15"] == set(passed)
    shared = {step for step, scenarios in passed.items() if scenarios > 1}
    # The three 인증서 관리 scenarios that pass 인증서 선택 each have a screen only they
    # pass, so they are English at 40×15 and 인증서 선택 is English at 40×15 only.
    assert steps["64x20"] >= shared - {Step.PICK_FILE}
    assert set(EXPECTED) >= ENGLISH_AT_64


def _keys(app: KioskApp) -> list[str]:
    return [f"{key.key_display} {key.description}" for key in app.screen.query(KioskKey)]


def _key_rows(app: KioskApp) -> int:
    return len({key.region.y for key in app.screen.query(KioskKey)})


async def test_a_tiny_terminal_wraps_the_key_bar_and_the_help_lists_every_key(
    bank: Bank,
) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(40, 15), notifications=True) as pilot:
        await pilot.pause()
        assert app.has_class("-narrow") and app.has_class("-tiny")
        assert keys_cut_off(app) == [] and _key_rows(app) > 1
        keys = _keys(app)
        assert "f9 직원 호출" in keys and "^g 도움말" in keys
        assert "f2 교육용" not in keys  # the trainer's key: off the bar, not off the kiosk
        await pilot.press("ctrl+g")
        await pilot.pause()
        helped = "\n".join(str(n.message) for n in app._notifications)
        assert "f2 교육용" in helped and "f9 직원 호출" in helped and "f7 휴대폰" in helped
        await pilot.press("f2")  # still works
        await pilot.pause()
        assert app.trainer_visible


async def test_a_resized_terminal_lays_the_screen_out_again(bank: Bank) -> None:
    """The title drops the service name where the whole line does not fit, and
    takes it back when the terminal grows; the key bar follows."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("8", "4")  # 금융인증서 PIN 재설정: one of the longest titles
        await pilot.pause()
        title = app.screen.query_one("#title", Static)
        full = "금융인증서 PIN 재설정 · 본인확인 — 신분증을 보고 입력해 주세요"
        assert str(title.render()) == full and not app.has_class("-narrow")
        assert _key_rows(app) == 1
        await pilot.resize_terminal(64, 20)
        await pilot.pause()
        await pilot.pause()
        assert app.has_class("-narrow") and not app.has_class("-tiny")
        assert str(title.render()) == "본인확인 — 신분증을 보고 입력해 주세요"
        assert getattr(title, "spoken", "") == full  # said in full all the same
        assert cut_short(app) == [] and keys_cut_off(app) == []
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert str(title.render()) == full and _key_rows(app) == 1


@pytest.mark.parametrize("size", [(64, 20), (40, 15), (80, 24)], ids=["64x20", "40x15", "80x24"])
async def test_english_products_keep_each_row_whole_on_a_small_terminal(
    bank: Bank, size: tuple[int, int]
) -> None:
    """The English names are longer than the columns a small terminal has: each
    product goes on two lines of its own rather than wrap mid-row (a fee split from
    its "won", an issuer under another product's fee); 80×24 keeps the columns."""
    app = KioskApp(bank, language=Language.ENGLISH)
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.press("1")
            await wait_for(pilot, Step.IDENTITY)
            await identify(pilot)
            await wait_for(pilot, Step.PRODUCT)
            await pilot.pause()
            products = app.screen.query_one("#products", OptionList)
            width = products.scrollable_content_region.width
            prompts = [
                str(products.get_option_at_index(i).prompt) for i in range(products.option_count)
            ]
            for prompt in prompts:
                assert all(cell_len(line) <= width for line in prompt.splitlines()), prompt
            assert "4,400 won" in prompts[1]
            assert (len(prompts[1].splitlines()) == 1) == (size == (80, 24))
            assert cut_short(app) == []
    finally:
        set_language(Language.KOREAN)


async def _otp_from_trainer_panel(pilot: Pilot[None]) -> str:
    """The OTP's number, read off the trainer panel (F2) in either language; the
    panel closed again, as it takes rows from the screen."""
    app = pilot.app
    await pilot.press("f2")
    await pilot.pause()
    shown = re.search(r"OTP[^\d]*(\d{6})", str(app.screen.query_one("#trainer", Static).render()))
    assert shown
    await pilot.press("f2")
    await pilot.pause()
    return shown.group(1)


@pytest.mark.parametrize("language", list(Language), ids=lambda language: language.value)
@pytest.mark.parametrize("size", sorted(SIZES))
async def test_easy_questions_stay_in_view_on_a_large_font_terminal(
    bank: Bank, size: str, language: Language
) -> None:
    """쉬운 모드 at 64×20 and 40×15 in both languages, 발급 with its fee from the home
    screen to the result: each question is read whole with its field beside it, and
    what was refused on it with them, though the step's explanation and rules above
    take more rows than the terminal has (they scroll away, and back with Esc)."""
    app = KioskApp(bank, language=language)
    cut: list[tuple[str, list[str]]] = []

    async def answer(text: str, where: str) -> None:
        await type_text(pilot, text)
        await pilot.press("enter")
        await settle(pilot)
        cut.extend([(where, found)] if (found := cut_short(app) + keys_cut_off(app)) else [])

    def look(where: str) -> None:
        cut.extend([(where, found)] if (found := cut_short(app) + keys_cut_off(app)) else [])

    try:
        async with app.run_test(size=SIZES[size]) as pilot:
            await pilot.press("f5", "1")
            await wait_for(pilot, Step.IDENTITY)
            look("name")
            await answer("김민준", "resident number")
            await type_text(pilot, "850315")
            await answer("1234566", "ID card")
            await pilot.press("enter")
            await settle(pilot)
            look("issue date")
            await answer("20150610", "consent")
            await pilot.press("1")
            await wait_for(pilot, Step.PRODUCT)
            look("product")
            await pilot.press("2")  # 범용, with its fee
            await wait_for(pilot, Step.AUTH)
            await pilot.press("2")  # OTP
            await settle(pilot)
            look("OTP")
            await answer(await _otp_from_trainer_panel(pilot), "medium")
            await wait_for(pilot, Step.MEDIUM)
            await pilot.press("1")
            await wait_for(pilot, Step.PASSWORD)
            look("password")
            await answer("short", "password refused")
            app.screen.query_one("#password", Input).value = ""
            await answer(PASSWORD, "password again")
            await answer("Other!2026pw", "password again refused")
            await answer(PASSWORD, "the fee's account")
            await wait_for(pilot, Step.CONFIRM)
            look("the fee's account")
            await pilot.press("1")
            await settle(pilot)
            look("the account's password")
            await answer("0000", "the account's password refused")
            await pilot.press("escape")
            await settle(pilot)
            look("the fee's account again")
            await pilot.press("1")
            await answer("1234", "result")
            await wait_for(pilot, Step.RESULT)
            look("result")
    finally:
        set_language(Language.KOREAN)
    assert cut == []
    assert app.session.issuance.issued is not None or app.shows(Step.RESULT)


async def test_the_code_field_stays_in_view_when_the_sms_guide_comes_late(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40×15, 추가인증 by SMS while the bank is slow to answer the clock: the guide
    above the code field (유효시간, 재전송) is filled in after the field was shown
    and focused, and takes rows. The body scrolls again so the field stays in view
    (before, it was left a row under the message line until the next key)."""
    app = KioskApp(bank)
    now = BankService.now
    slow = threading.Event()

    def slow_now(service: BankService) -> dt.datetime:
        if slow.is_set():
            time.sleep(0.3)  # in the bank's thread: the screen goes on meanwhile
        return now(service)

    monkeypatch.setattr(BankService, "now", slow_now)
    async with app.run_test(size=SIZES["40x15"]) as pilot:
        await pilot.press("f5", "1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        slow.set()
        await pilot.press("1")  # SMS
        guide = app.screen.query_one("#auth-guide", Static)
        await until(pilot, lambda: bool(str(guide.render()).strip()))
        await settle(pilot)
        assert app.focused is app.screen.query_one("#code", Input)
        assert cut_short(app) == []
