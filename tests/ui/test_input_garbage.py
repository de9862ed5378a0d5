"""Garbage typed into the kiosk's fields, key by key: a message on the same screen,
never a crash. Hypothesis feeds the domain functions behind these fields garbage
(tests/unit/test_garbage_in_domain.py, a fresh bank per example); here a few
explicit examples prove the screens carry that answer to the customer."""

from __future__ import annotations

import shutil

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input

from kiosk.bankside.bank import Bank
from kiosk.bankside.visits import Proof
from kiosk.certs.products import BANK_USE
from kiosk.people.rrn import parse
from kiosk.terminal.media import Medium
from kiosk.training.staging import stage_certificate
from kiosk.visit.flows import AuthMethod, Service, Step
from kiosk.visit.results import (
    Agreed,
    Authenticated,
    IdentityVerified,
    MediumChosen,
    ProductChosen,
    StepResult,
)
from screens.app import KioskApp
from screens.base import StepScreen
from screens.steps.identity import IdentityScreen
from screens.widgets.rrn_field import RrnField
from tests.ui.kiosk_keys import as_if_proven, message, type_keys, wait_for

# Printable characters a keyboard or keypad can send, Korean included.
typed = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=8
)


@settings(
    phases=[Phase.explicit],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=typed, front=typed, back=typed, date=typed)
@example(name="홍길동", front="9z9!", back="한글", date="2026-13-01")
@example(name="김민준", front="８５０３１５", back="1234566", date="20150611")
async def test_identity_fields_take_any_text(
    bank: Bank, name: str, front: str, back: str, date: str
) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        for selector, text in (
            ("#name", name),
            ("#rrn-front", front),
            ("#rrn-back", back),
            ("#issue-date", date),
        ):
            await pilot.click(selector)
            await type_keys(pilot, text)
        assert isinstance(app.screen, IdentityScreen)
        app.screen.submit()
        await pilot.pause()
        assert isinstance(app.screen, IdentityScreen)
        assert message(pilot).startswith("⚠ ")
        assert app.session.customer is None


@settings(
    phases=[Phase.explicit],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(first=typed, second=typed)
@example(first="Kiosk!2026pw", second="Kiosk!2026pW")
@example(first="한글비밀번호!2026abc", second="한글비밀번호!2026abc")
async def test_password_fields_take_any_text(bank: Bank, first: str, second: str) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        # Start at the password step with the earlier steps already done.
        customer = bank.registry.find_by_rrn("8503151234566")
        assert customer is not None
        app.start_service(Service.ISSUE)
        await wait_for(pilot, Step.IDENTITY)  # the bank opens the visit in a thread
        as_if_proven(app, customer, Proof.ID_DOCUMENT, Proof.CONSENT, Proof.SMS)
        rrn = parse("850315-1234566", bank.clock.now().date())
        for result in (
            IdentityVerified(customer, rrn),
            Agreed(),
            ProductChosen(BANK_USE),
            Authenticated(AuthMethod.SMS),
            MediumChosen(Medium.HARD_DISK),
        ):
            await _done(app, result)
        await wait_for(pilot, Step.PASSWORD)
        await type_keys(pilot, first)
        await pilot.press("enter")
        await type_keys(pilot, second)
        await pilot.press("enter")
        await pilot.pause()
        if app.session.issuance.password is None:
            assert message(pilot).startswith("⚠ ")
        else:
            assert app.session.issuance.password == first == second


@settings(
    phases=[Phase.explicit],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(front=typed, back=typed, account=typed, pin=typed, code=typed)
@example(front="850315", back="1234566", account="1002-345-678901", pin="12a4", code="1")
@example(front="abc", back="!!", account="한글", pin="12345", code="x")
async def test_account_check_fields_take_any_text(
    bank: Bank, front: str, back: str, account: str, pin: str, code: str
) -> None:
    """등록's 본인확인: resident number, account, its password and the 1-won code."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await wait_for(pilot, Step.ACCOUNT_CHECK)
        for method, fields in (
            (
                "1",
                (("#rrn-front", front), ("#rrn-back", back), ("#account", account), ("#pin", pin)),
            ),
            ("2", (("#account", account),)),
        ):
            app.screen.query_one("#how").focus()
            await pilot.press(method)
            for selector, text in fields:
                await pilot.click(selector)
                await type_keys(pilot, text)
            await pilot.press("enter")
            await pilot.pause()
            assert app.session.customer is None
            assert message(pilot).startswith("⚠ ")
        if app.screen.query_one("#code-row").display:  # garbage can't reach here, but if so
            await type_keys(pilot, code)
            await pilot.press("enter")
        assert app.session.customer is None


@settings(
    phases=[Phase.explicit],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(old=typed, new=typed, again=typed)
@example(old="wrong", new="Changed#2026pw", again="Changed#2026pw")
@example(old="Kiosk!2026pw", new="short1!", again="short1!")
async def test_change_password_fields_take_any_text(
    bank: Bank, old: str, new: str, again: str
) -> None:
    staged = stage_certificate(bank, "김민준", BANK_USE, bank.clock.now().date(), "Kiosk!2026pw")
    key_before = (staged.directory / "signPri.key").read_bytes()
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7", "2")
        await wait_for(pilot, Step.PICK_FILE)
        await pilot.press("1")
        await wait_for(pilot, Step.CHANGE_PASSWORD)
        for text in (old, new, again):
            await type_keys(pilot, text)
            await pilot.press("enter")
        await pilot.pause()
        assert app.session.files.outcome is None  # garbage never opens the key
        assert message(pilot).startswith("⚠ ")
    assert (staged.directory / "signPri.key").read_bytes() == key_before
    shutil.rmtree(staged.directory)  # hypothesis reuses the data directory


async def _at_cloud_step(app: KioskApp, bank: Bank, service: Service, steps: int) -> None:
    """Start a 금융인증서 service with 김민준 already through the identity check."""
    app.start_service(service)
    await app.bank_settled()  # the bank opens the visit in a thread
    customer = bank.registry.find_by_rrn("8503151234566")
    assert customer is not None
    as_if_proven(app, customer)
    rrn = parse("850315-1234566", bank.clock.now().date())
    results = (IdentityVerified(customer, rrn), Agreed(), Authenticated(AuthMethod.SMS))
    for result in results[: steps + 1]:  # 약관 동의 comes with the identity check
        await _done(app, result)


async def _done(app: KioskApp, result: StepResult) -> None:
    """The step on show hands back `result` as if the customer had done it; until
    the next step is on show."""
    await app.bank_settled()
    screen = app.screen
    assert isinstance(screen, StepScreen)
    screen.end(result)
    await app.bank_settled()


@settings(
    phases=[Phase.explicit],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(number=typed, code=typed)
@example(number="010-9999-9999", code="123456")
@example(number="01012345678901", code="abc")
async def test_phone_check_fields_take_any_text(bank: Bank, number: str, code: str) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_cloud_step(app, bank, Service.FIN_ISSUE, 1)
        await wait_for(pilot, Step.PHONE_CHECK)
        await pilot.pause()
        await pilot.click("#phone")
        await type_keys(pilot, number)
        await pilot.press("enter")
        await pilot.pause()
        if app.screen.query_one("#code-row").display:  # garbage can't be the real number
            await type_keys(pilot, code)
            await pilot.press("enter")
            await pilot.pause()
        assert app.session.step is Step.PHONE_CHECK
        assert message(pilot).startswith("⚠ ") or "보냈습니다" in message(pilot)


@settings(
    phases=[Phase.explicit],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(keys=st.lists(st.sampled_from([*"0123456789ab한", "enter", "backspace", "up", "left"])))
@example(keys=["a", "한", "enter", "backspace", "up", "left"])
@example(keys=[*"111111", *"111111"])
async def test_secure_keypad_takes_any_keys(bank: Bank, keys: list[str]) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_cloud_step(app, bank, Service.FIN_ISSUE, 2)
        await wait_for(pilot, Step.FIN_NEW_PIN)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        # Whatever was keyed: still here or done, and if done the PIN kept the rules.
        assert app.session.step in (Step.FIN_NEW_PIN, Step.RESULT)
        if app.session.step is Step.RESULT:
            assert app.session.cloud.result is not None


async def test_a_resident_number_sent_in_one_burst_fills_both_halves(bank: Bank) -> None:
    """An ID reader (or a fast typist) sends all thirteen digits before the focus has
    moved from the front half: the seven past it go on into the back half, not lost."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        app.screen.query_one("#rrn-front").focus()
        await pilot.pause()
        for digit in "8503151234566":  # queued at once, as a reader's keys arrive
            app.post_message(events.Key(digit, digit))
        await pilot.pause()
        assert app.screen.query_one(RrnField).value == "8503151234566"
        assert app.focused is not None and app.focused.id == "rrn-back"
        front = app.screen.query_one("#rrn-front", Input)
        front.value = ""
        front.focus()
        await pilot.pause()
        app.post_message(events.Paste("850315-1234566"))
        await pilot.pause()
        assert app.screen.query_one(RrnField).value == "8503151234566"
