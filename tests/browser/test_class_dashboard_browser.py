"""The class dashboard in headless Chromium: two kiosks of a bank with their steps,
updated live; /api/class only for the bank's kiosks and trainers; the class
report prints one page per learner."""

from __future__ import annotations

import asyncio
import http.client
import json
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from kiosk.bankside.bank import Bank
from kiosk.bankside.classroom import StationStatus
from kiosk.bankside.kiosk_tokens import TrainerTokens
from kiosk.bankside.service import BankService
from kiosk.terminal.link import KioskLink
from kiosk.visit.flows import Step
from screens.app import KioskApp
from tests.browser.test_browser_room import CHROMIUM, CHROMIUM_ARGS
from tests.fleet.live_bank import LiveBank, kiosk_dir, live_bank
from tests.ui.kiosk_keys import identify, wait_for

pytestmark = pytest.mark.slow  # a real browser


def _get(url: str, path: str, token: str | None = None) -> tuple[int, str]:
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname or "", parsed.port, timeout=10)
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


async def _two_kiosks(live: LiveBank, tmp_path: Path) -> None:
    """강남-1 stops at 본인확인; 강남-2 gets through it to 약관 동의."""
    first = KioskApp(KioskLink.remote(live.url, live.token, kiosk_dir(tmp_path, "one")))
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
    second = KioskApp(KioskLink.remote(live.url, live.token, kiosk_dir(tmp_path, "two")))
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot, agree=False)
        await wait_for(pilot, Step.CONSENT)


def test_the_dashboard_shows_two_kiosks_with_their_steps_live(bank: Bank, tmp_path: Path) -> None:
    trainer = TrainerTokens(bank.store, bank.clock).add("강사")
    with live_bank(bank, "강남-1") as live:
        asyncio.run(_two_kiosks(live, tmp_path))
        # Nobody else reads the class: no token, a wrong one, a trainer's key as a query.
        assert _get(live.url, "/api/class")[0] == 401
        assert _get(live.url, "/api/class", "not-a-token")[0] == 401
        assert _get(live.url, f"/api/class?key={trainer}")[0] == 401
        assert _get(live.url, "/class")[0] == 401
        for token in (live.token, trainer):  # a kiosk of this bank, or its trainer
            status, text = _get(live.url, "/api/class", token)
            assert status == 200
            kiosks = json.loads(text)["kiosks"]
            assert sorted(k["step"] for k in kiosks) == ["consent", "identity"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{live.url}/class?key={trainer}")
            rows = page.locator("#kiosks tr")
            assert rows.count() == 2
            shown = [rows.nth(i).inner_text() for i in range(2)]
            assert any("본인확인" in row and "공동인증서 발급" in row for row in shown), shown
            assert any("약관 동의" in row and "김*준" in row for row in shown), shown
            # A kiosk moves on: the open page follows without a reload.
            station = json.loads(_get(live.url, "/api/class", trainer)[1])["kiosks"][0]
            BankService(bank, "강남-1").report_station(
                station["station"], StationStatus(service="issue", step="auth", errors=2)
            )
            page.locator("#kiosks", has_text="추가인증").wait_for(timeout=15000)
            # The report: one printed page per learner.
            page.goto(f"{live.url}/class/report?key={trainer}")
            page.emulate_media(media="print")
            sections = page.locator("section.learner")
            assert sections.count() == 2
            breaks = page.evaluate(
                "() => [...document.querySelectorAll('section.learner')]"
                ".map(s => getComputedStyle(s).breakAfter)"
            )
            assert breaks == ["page", "auto"], breaks
            assert "본인확인" in sections.nth(0).inner_text() + sections.nth(1).inner_text()
            page.pdf(path=str(tmp_path / "report.pdf"))  # prints
            browser.close()
        assert (tmp_path / "report.pdf").stat().st_size > 1000
