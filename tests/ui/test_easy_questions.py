"""쉬운 모드's one question per screen beyond 본인확인 (issue #21): 휴대폰 본인인증
(carrier, number, code), 등록's account check (resident number, account, its
password or the 1-won code), 비밀번호 (the password, then again) and 비밀번호 변경
(the one in use, the new one, again), a 보안카드's two numbers, 본인확인 by
금융인증서 (name, resident number, PIN), and the screens that asked a list and its
field at once: 인증서 선택 for 갱신, 등록, 복사 and 휴대폰으로 보내기 (the certificate,
then its password) and 확인's fee (the account, then its password). Each question
alone on the screen, in plain words; a bad answer refused on the question where it
was given, by the same rules; Esc a question back."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from kiosk.bankside.bank import Bank
from kiosk.certs.found_certs import scan
from kiosk.certs.products import BANK_USE, GENERAL_YESSIGN, by_code
from kiosk.core.i18n import english_catalog
from kiosk.npki import keyfile
from kiosk.terminal.media import Medium
from kiosk.training.staging import make_certificate, stage_certificate, stage_cloud_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp, screen_for
from screens.home import SubmenuScreen
from screens.steps.fincert import CARRIERS
from screens.steps.identity import CloudIdentityScreen
from tests.ui.kiosk_keys import (
    PASSWORD,
    cut_short,
    identify,
    key_pin,
    message,
    otp_code_from_trainer_panel,
    pass_sms,
    screen_text,
    settle,
    sms_code_from_trainer_panel,
    type_rrn,
    type_text,
    wait_for,
)
from tests.ui.test_phone_copy_flows import _phone_text, _shown_code, phone_keys, pick_up_phone

PHONE_ROWS = ("carrier-row", "phone-row", "code-row")
ACCOUNT_ROWS = ("rrn-row", "account-row", "pin-row", "code-row")
MINJUN_RRN, MINJUN_ACCOUNT, MINJUN_PIN = "8503151234566", "1002-345-678901", "1234"
MENU_FINCERT, MENU_REGISTER = "8", "5"
NEW_PASSWORD = "Changed#2026pw"


def _asked(app: KioskApp, rows: tuple[str, ...]) -> list[str]:
    return [row for row in rows if app.screen.query_one(f"#{row}").display]


def _question(app: KioskApp) -> str:
    return str(app.screen.query_one("#question", Static).render())


def _en(korean: str) -> str:
    return english_catalog()[korean]


async def _enter(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await settle(pilot)


async def _easy(pilot: Pilot[None], *keys: str, english: bool = False) -> None:
    """쉬운 모드 chosen on the home screen (in English first, if asked), then `keys`."""
    await pilot.press(*(["f4"] if english else []), "f5", *keys)


async def _to_auth(
    pilot: Pilot[None], *, english: bool = False, product: str = "1", **who: Any
) -> None:
    """쉬운 모드, then 발급 up to 추가인증: the customer's ID (`who`, as `identify`
    takes it) and the product."""
    await _easy(pilot, "1", english=english)
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot, **who)
    await wait_for(pilot, Step.PRODUCT)
    await pilot.press(product)
    await wait_for(pilot, Step.AUTH)


async def _answer(pilot: Pilot[None], text: str) -> None:
    """The question on show answered: `text` typed, then Enter."""
    await type_text(pilot, text)
    await _enter(pilot)


async def _answer_again(pilot: Pilot[None], field: str, text: str) -> None:
    """A refused answer cleared from `field` and another given."""
    app = pilot.app
    app.screen.query_one(field, Input).value = ""
    await _answer(pilot, text)


async def _refused_on(
    pilot: Pilot[None], rows: tuple[str, ...], text: str, said: str | None = None
) -> None:
    """`text` answered, refused, and said so on the question it was given on: `said`
    in the message line, or (without `said`) a message with no Korean in it."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    asked = _asked(app, rows)
    await _answer(pilot, text)
    assert (said in message(pilot)) if said else _in_english(message(pilot))
    assert _asked(app, rows) == asked


def _in_english(said: str) -> bool:
    """Something was said, and none of it in Korean."""
    return bool(said) and not re.search(r"[\uac00-\ud7a3]", said)


async def _to_phone_check(pilot: Pilot[None], *, english: bool = False) -> KioskApp:
    """쉬운 모드 chosen on the home screen, then 금융인증서 발급 up to 휴대폰 본인인증."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    await _easy(pilot, MENU_FINCERT, english=english)
    await pilot.pause()
    await pilot.press("1")
    await wait_for(pilot, Step.IDENTITY)
    await identify(pilot)
    await wait_for(pilot, Step.PHONE_CHECK)
    return app


async def test_easy_phone_check_asks_carrier_number_and_code_one_at_a_time(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_phone_check(pilot)
        assert _asked(app, PHONE_ROWS) == ["carrier-row"]
        assert "질문 1/3" in _question(app) and "통신사" in _question(app)
        assert cut_short(app) == []
        await pilot.press(*(["right"] * CARRIERS.index("KT")), "enter")  # not her carrier
        await pilot.pause()
        assert _asked(app, PHONE_ROWS) == ["phone-row"] and "질문 2/3" in _question(app)
        assert app.focused is not None and app.focused.id == "phone"
        await _answer(pilot, "12345")  # not a phone number
        assert "01로 시작하는 숫자" in message(pilot)
        assert _asked(app, PHONE_ROWS) == ["phone-row"]  # said on the number's question
        await _answer_again(pilot, "#phone", "010-1234-5678")
        # The wrong carrier is found out with the number (the bank does not say which).
        assert "통신사·휴대폰 번호가 등록된 정보와 다릅니다" in message(pilot)
        assert _asked(app, PHONE_ROWS) == ["phone-row"]
        await pilot.press("escape")  # a question back: the carrier
        await pilot.pause()
        assert isinstance(app.screen, screen_for(Step.PHONE_CHECK))
        assert _asked(app, PHONE_ROWS) == ["carrier-row"] and message(pilot) == ""
        await pilot.press("left", "enter")  # SKT
        await pilot.pause()
        assert app.screen.query_one("#phone", Input).value == "010-1234-5678"  # kept
        await _enter(pilot)
        assert _asked(app, PHONE_ROWS) == ["code-row"] and "질문 3/3" in _question(app)
        assert "문자로 온 숫자 6자리" in _question(app)
        code = await sms_code_from_trainer_panel(pilot)
        await pilot.press("f2")  # the panel closed again
        await _refused_on(
            pilot, PHONE_ROWS, f"{(int(code) + 1) % 1_000_000:06d}", said="오류 1/"
        )  # a wrong code
        await pilot.press("escape")  # back to the number, and on with it unchanged
        await pilot.pause()
        assert _asked(app, PHONE_ROWS) == ["phone-row"]
        await _enter(pilot)
        assert _asked(app, PHONE_ROWS) == ["code-row"]
        assert "보냈습니다" not in message(pilot)  # no second code: the first still holds
        await _answer(pilot, code)
        await wait_for(pilot, Step.FIN_NEW_PIN)


async def test_easy_phone_check_in_english(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_phone_check(pilot, english=True)
        assert "Question 1 of 3" in _question(app) and "phone company" in _question(app)
        await pilot.press("enter")  # SKT, the one shown first
        await pilot.pause()
        assert "Question 2 of 3" in _question(app) and "phone number" in _question(app)
        await _refused_on(
            pilot,
            PHONE_ROWS,
            "010-9999-9999",
            said=_en("입력하신 통신사·휴대폰 번호가 등록된 정보와 다릅니다."),
        )  # not her phone
        await _answer_again(pilot, "#phone", "010-1234-5678")
        assert "Question 3 of 3" in _question(app)
        await _refused_on(pilot, PHONE_ROWS, "12")  # too short
        assert cut_short(app) == []


async def _to_account_check(pilot: Pilot[None], way: str, *, english: bool = False) -> KioskApp:
    app = pilot.app
    assert isinstance(app, KioskApp)
    await _easy(pilot, MENU_REGISTER, english=english)
    await wait_for(pilot, Step.ACCOUNT_CHECK)
    assert not app.screen.query_one("#question").display  # the ways first, as a list
    await pilot.press(way)
    await pilot.pause()
    return app


async def test_easy_account_check_asks_number_account_and_password_one_at_a_time(
    bank: Bank,
) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_account_check(pilot, "1")
        assert _asked(app, ACCOUNT_ROWS) == ["rrn-row"] and "질문 1/3" in _question(app)
        assert app.focused is not None and app.focused.id == "rrn-front"
        await type_rrn(pilot, "8503151234567")  # a check digit that cannot be
        await _enter(pilot)
        assert "검증번호 불일치" in message(pilot)
        assert _asked(app, ACCOUNT_ROWS) == ["rrn-row"]  # said on the number's question
        for field in ("#rrn-front", "#rrn-back"):
            app.screen.query_one(field, Input).value = ""
        app.screen.query_one("#rrn-front", Input).focus()
        await type_rrn(pilot, MINJUN_RRN)
        await _enter(pilot)
        assert _asked(app, ACCOUNT_ROWS) == ["account-row"] and "질문 2/3" in _question(app)
        assert "계좌번호" in _question(app) and message(pilot) == ""
        await _answer(pilot, "1002-999-999999")  # not his account
        assert "계좌" in message(pilot)
        assert _asked(app, ACCOUNT_ROWS) == ["account-row"]  # said on the account's question
        await _answer_again(pilot, "#account", MINJUN_ACCOUNT)
        assert _asked(app, ACCOUNT_ROWS) == ["pin-row"] and "질문 3/3" in _question(app)
        assert "비밀번호 숫자 4자리" in _question(app)
        await _answer(pilot, "9999")
        assert "계좌 비밀번호가 일치하지 않습니다" in message(pilot) and "1/5" in message(pilot)
        assert _asked(app, ACCOUNT_ROWS) == ["pin-row"]
        assert app.session.customer is None
        await pilot.press("escape", "escape")  # two questions back, answers kept
        await pilot.pause()
        assert _asked(app, ACCOUNT_ROWS) == ["rrn-row"]
        assert app.screen.query_one("#account", Input).value == MINJUN_ACCOUNT
        await pilot.press("escape")  # and back to the ways of checking
        await pilot.pause()
        assert isinstance(app.screen, screen_for(Step.ACCOUNT_CHECK))
        assert _asked(app, ACCOUNT_ROWS) == [] and not app.screen.query_one("#question").display
        await pilot.press("1")
        await pilot.pause()
        assert _asked(app, ACCOUNT_ROWS) == ["rrn-row"]
        # The answers kept: Enter through the number's two halves, then the account.
        await _enter(pilot)
        await _enter(pilot)
        await _enter(pilot)
        assert _asked(app, ACCOUNT_ROWS) == ["pin-row"]
        await _answer(pilot, MINJUN_PIN)
        await wait_for(pilot, Step.FIND_CERT)
        assert app.session.customer is not None and app.session.customer.name == "김민준"


async def test_easy_account_check_by_one_won_asks_the_code_on_its_own(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_account_check(pilot, "2")
        await type_rrn(pilot, MINJUN_RRN)
        await _enter(pilot)
        await _answer(pilot, MINJUN_ACCOUNT)
        assert "1원을 보냈습니다" in message(pilot)
        assert _asked(app, ACCOUNT_ROWS) == ["code-row"] and "질문 3/3" in _question(app)
        assert "1원이 들어왔습니다" in _question(app)
        await pilot.press("f2")
        await pilot.pause()
        panel = str(app.screen.query_one("#trainer").render())
        memo = re.search(r"입금자명: \D+(\d{4})", panel)
        assert memo, panel
        await _refused_on(
            pilot, ACCOUNT_ROWS, f"{(int(memo.group(1)) + 1) % 10_000:04d}", said="오류 1/5회"
        )
        await _answer(pilot, memo.group(1))
        await wait_for(pilot, Step.FIND_CERT)


async def test_easy_account_check_in_english(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_account_check(pilot, "1", english=True)
        assert "Question 1 of 3" in _question(app) and "resident" in _question(app)
        await type_rrn(pilot, "85031512")  # too short
        await _enter(pilot)
        assert _en("주민등록번호는 숫자 13자리(앞 6자리, 뒤 7자리)로 입력해 주세요.") in (
            message(pilot)
        )
        assert _asked(app, ACCOUNT_ROWS) == ["rrn-row"]
        for field in ("#rrn-front", "#rrn-back"):
            app.screen.query_one(field, Input).value = ""
        app.screen.query_one("#rrn-front", Input).focus()
        await type_rrn(pilot, MINJUN_RRN)
        await _enter(pilot)
        assert "Question 2 of 3" in _question(app) and "account" in _question(app)
        await _refused_on(pilot, ACCOUNT_ROWS, "12")
        await _answer_again(pilot, "#account", MINJUN_ACCOUNT)
        assert "Question 3 of 3" in _question(app) and "password" in _question(app)
        await _refused_on(
            pilot, ACCOUNT_ROWS, "0000", said=_en("계좌 비밀번호가 일치하지 않습니다.")
        )
        assert cut_short(app) == []


PASSWORD_ROWS = ("password-row", "confirm-row")
CHANGE_ROWS = ("old-row", "new-row", "new-confirm-row")


async def _to_password(pilot: Pilot[None], *, english: bool = False) -> KioskApp:
    """쉬운 모드 chosen on the home screen, then 발급 up to 비밀번호."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    await _to_auth(pilot, english=english)
    await pilot.press("1", "f2")  # SMS; the code read off the phone in the trainer panel
    await pilot.pause()
    sent = re.search(r"\[(\d{6})\]", str(app.screen.query_one("#trainer", Static).render()))
    assert sent
    await type_text(pilot, sent.group(1))
    await pilot.press("enter")
    await wait_for(pilot, Step.MEDIUM)
    await pilot.press("1")
    await wait_for(pilot, Step.PASSWORD)
    if app.trainer_visible:
        await pilot.press("f2")  # the panel opened to read the code: closed again
    return app


async def test_easy_password_asks_it_then_asks_it_again(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_password(pilot)
        assert _asked(app, PASSWORD_ROWS) == ["password-row"] and "질문 1/2" in _question(app)
        await _answer(pilot, "password1")  # no special character
        assert "특수문자" in message(pilot)
        assert _asked(app, PASSWORD_ROWS) == ["password-row"]  # said where it was typed
        await _answer_again(pilot, "#password", PASSWORD)
        assert _asked(app, PASSWORD_ROWS) == ["confirm-row"] and "질문 2/2" in _question(app)
        assert "한 번 더" in _question(app) and message(pilot) == ""
        await _refused_on(
            pilot, PASSWORD_ROWS, "Other!2026pw", said="비밀번호 확인이 일치하지 않습니다"
        )
        assert app.screen.query_one("#confirm", Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        assert _asked(app, PASSWORD_ROWS) == ["password-row"]
        await _enter(pilot)  # the password kept
        await _answer(pilot, PASSWORD)
        await wait_for(pilot, Step.CONFIRM)


async def test_easy_password_in_english(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_password(pilot, english=True)
        assert "Question 1 of 2" in _question(app)
        await _refused_on(pilot, PASSWORD_ROWS, "short")
        await _answer_again(pilot, "#password", PASSWORD)
        assert "Question 2 of 2" in _question(app) and "once more" in _question(app)
        await _refused_on(
            pilot, PASSWORD_ROWS, "Other!2026pw", said=_en("비밀번호 확인이 일치하지 않습니다.")
        )
        assert cut_short(app) == []


async def test_easy_change_password_asks_old_new_and_again_one_at_a_time(bank: Bank) -> None:
    staged = stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", "7")
        await pilot.pause()
        await pilot.press("2")
        await wait_for(pilot, Step.PICK_FILE)
        await pilot.press("1")
        await wait_for(pilot, Step.CHANGE_PASSWORD)
        assert _asked(app, CHANGE_ROWS) == ["old-row"] and "질문 1/3" in _question(app)
        await _answer(pilot, "Wrong!2026pw")  # not the password in use
        assert _asked(app, CHANGE_ROWS) == ["new-row"] and "질문 2/3" in _question(app)
        await _answer(pilot, "password1")  # breaks a rule: said on this question
        assert "특수문자" in message(pilot) and _asked(app, CHANGE_ROWS) == ["new-row"]
        await _answer_again(pilot, "#new-password", NEW_PASSWORD)
        assert _asked(app, CHANGE_ROWS) == ["new-confirm-row"] and "질문 3/3" in _question(app)
        await _answer(pilot, NEW_PASSWORD)
        # The password in use was wrong: said back on its own question.
        assert "오류 1/5회" in message(pilot)
        assert _asked(app, CHANGE_ROWS) == ["old-row"]
        assert app.screen.query_one("#old-password", Input).value == ""
        await pilot.press("escape")  # out of the step from the first question
        await wait_for(pilot, Step.PICK_FILE)
        await pilot.press("1")
        await wait_for(pilot, Step.CHANGE_PASSWORD)
        await _answer(pilot, PASSWORD)
        await _answer(pilot, NEW_PASSWORD)
        await _answer(pilot, "Other!2026pw")  # not the same twice
        assert "일치하지 않습니다" in message(pilot)
        assert _asked(app, CHANGE_ROWS) == ["new-row"]  # back to choosing the new one
        await pilot.press("escape")
        await pilot.pause()
        assert _asked(app, CHANGE_ROWS) == ["old-row"]
        await _enter(pilot)
        await _answer(pilot, NEW_PASSWORD)
        await _answer(pilot, NEW_PASSWORD)
        await wait_for(pilot, Step.RESULT)
    key = (staged.directory / "signPri.key").read_bytes()
    assert keyfile.decrypt_key(key, NEW_PASSWORD).random_num is not None


CARD_ROWS = ("card-first-row", "card-last-row")


def _card_number(app: KioskApp, label: str) -> int:
    return int(re.findall(r"\d+", str(app.screen.query_one(label, Label).render()))[0])


async def _to_card(pilot: Pilot[None], bank: Bank, *, english: bool = False) -> list[str]:
    """쉬운 모드 chosen on the home screen; 발급 for 한지우 (who has a 보안카드) up to
    추가인증, her card chosen; her card's codes."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    customer = bank.registry.find_by_rrn("9508172234561")
    assert customer is not None
    codes = bank.cards.codes(customer.id)
    assert codes is not None
    await _to_auth(
        pilot, english=english, name="한지우", rrn="950817-2234561", fields=("20160901",)
    )
    await pilot.press("4")
    await pilot.pause()
    return list(codes)


async def test_easy_security_card_asks_its_two_numbers_one_at_a_time(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        codes = await _to_card(pilot, bank)
        assert _asked(app, CARD_ROWS) == ["card-first-row"] and "질문 1/2" in _question(app)
        assert "앞 2자리" in _question(app)
        first = _card_number(app, "#card-first-label")
        await _answer(pilot, codes[first - 1][:2])
        assert _asked(app, CARD_ROWS) == ["card-last-row"] and "질문 2/2" in _question(app)
        await pilot.press("escape")  # back to the first number, not to the list
        await pilot.pause()
        assert _asked(app, CARD_ROWS) == ["card-first-row"]
        await _enter(pilot)
        second = _card_number(app, "#card-last-label")
        wrong = f"{(int(codes[second - 1][2:]) + 1) % 100:02d}"
        await _answer(pilot, wrong)
        # The bank checks the pair and gives a new one: asked again from its first number.
        assert "1/" in message(pilot) and _asked(app, CARD_ROWS) == ["card-first-row"]
        first = _card_number(app, "#card-first-label")
        second = _card_number(app, "#card-last-label")
        await _answer(pilot, codes[first - 1][:2])
        await _answer(pilot, codes[second - 1][2:])
        await wait_for(pilot, Step.MEDIUM)


async def test_easy_security_card_in_english(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        codes = await _to_card(pilot, bank, english=True)
        assert "Question 1 of 2" in _question(app) and "first 2 digits" in _question(app)
        first = _card_number(app, "#card-first-label")
        await _answer(pilot, f"{(int(codes[first - 1][:2]) + 1) % 100:02d}")
        assert "Question 2 of 2" in _question(app) and "last 2 digits" in _question(app)
        await _answer(pilot, "00")
        # Said on the first number: the bank checks the pair and gives a new one.
        assert _in_english(message(pilot))
        assert _asked(app, CARD_ROWS) == ["card-first-row"]
        assert cut_short(app) == []


CLOUD_ROWS = ("cloud-name-row", "cloud-rrn-row", "cloud-pin-row")
FINCERT_PIN, WRONG_FINCERT_PIN = "280514", "135790"


async def test_easy_identity_by_financial_certificate_one_question_at_a_time(
    bank: Bank,
) -> None:
    """본인확인 by 금융인증서 (F6): the name, the resident number, then the PIN."""
    stage_cloud_certificate(
        bank, "김민준", bank.clock.now().date() - dt.timedelta(days=100), FINCERT_PIN
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", "1")
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, CloudIdentityScreen)
        assert _asked(app, CLOUD_ROWS) == ["cloud-name-row"] and "질문 1/3" in _question(app)
        await _answer(pilot, "김민준")
        assert _asked(app, CLOUD_ROWS) == ["cloud-rrn-row"] and "질문 2/3" in _question(app)
        await type_rrn(pilot, "8503151234567")  # a number that cannot be
        await _enter(pilot)
        assert message(pilot) and _asked(app, CLOUD_ROWS) == ["cloud-rrn-row"]
        app.screen.query_one("#rrn-back", Input).value = ""
        app.screen.query_one("#rrn-back", Input).focus()
        await _answer(pilot, "1234566")
        assert _asked(app, CLOUD_ROWS) == ["cloud-pin-row"] and "질문 3/3" in _question(app)
        await key_pin(pilot, WRONG_FINCERT_PIN)
        assert "오류 1/5회" in message(pilot)
        assert _asked(app, CLOUD_ROWS) == ["cloud-pin-row"]
        await pilot.press("escape")  # back to the number; Enter finds the certificate again
        await pilot.pause()
        assert _asked(app, CLOUD_ROWS) == ["cloud-rrn-row"]
        await _enter(pilot)  # the number's two halves, kept
        await _enter(pilot)
        assert _asked(app, CLOUD_ROWS) == ["cloud-pin-row"]
        await key_pin(pilot, FINCERT_PIN)
        await wait_for(pilot, Step.CONSENT)


async def test_easy_identity_by_financial_certificate_in_english(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _easy(pilot, "1", english=True)
        await wait_for(pilot, Step.IDENTITY)
        await pilot.press("f6")
        await settle(pilot)
        assert "Question 1 of 3" in _question(app) and "name" in _question(app)
        await _answer(pilot, "김민준")
        assert "Question 2 of 3" in _question(app)
        await type_rrn(pilot, "8503151234566")  # his, but he has no 금융인증서
        await _enter(pilot)
        assert _in_english(message(pilot))
        assert _asked(app, CLOUD_ROWS) == ["cloud-rrn-row"]
        assert cut_short(app) == []


# --- A list, then its field: the certificate and its password, the fee's account
# and its password. The list is the first question; the field the second, alone.

FOUND_ROWS = ("found", "password-row")
PAY_ROWS = ("choices", "pin-row")
MENU_RENEW, MENU_MANAGE = "3", "7"
MANAGE_COPY, MANAGE_EXPORT = "3", "6"


def _picked(app: KioskApp) -> str:
    picked = app.screen.query_one("#picked", Static)
    return str(picked.render()) if picked.display else ""


async def _wrong_then_back_then_right(
    pilot: Pilot[None], rows: tuple[str, ...], wrong: str, right: str, refused: str
) -> None:
    """On a list asked as question 1 of 2: choose the first, a wrong answer said on
    question 2, Esc back to the list, the first again, the right answer."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    assert _asked(app, rows) == [rows[0]] and "질문 1/2" in _question(app)
    assert _picked(app) == ""
    await pilot.press("1")
    await settle(pilot)
    assert _asked(app, rows) == [rows[1]] and "질문 2/2" in _question(app)
    assert _picked(app) and app.focused is not None and isinstance(app.focused, Input)
    await _answer(pilot, wrong)
    assert refused in message(pilot)
    assert _asked(app, rows) == [rows[1]]  # said on the question it is about
    await pilot.press("escape")  # a question back: the list again
    await pilot.pause()
    assert _asked(app, rows) == [rows[0]] and "질문 1/2" in _question(app)
    assert message(pilot) == "" and _picked(app) == ""
    await pilot.press("1")
    await settle(pilot)
    assert _asked(app, rows) == [rows[1]]
    await _answer(pilot, right)


async def test_easy_renewal_asks_the_certificate_its_password_the_account_and_its_password(
    bank: Bank,
) -> None:
    """갱신 from the home screen to its result: 인증서 선택 and 확인 (the fee) each ask
    their list, then its field, one at a time."""
    stage_certificate(
        bank, "김민준", GENERAL_YESSIGN, bank.clock.now().date() - dt.timedelta(days=355), PASSWORD
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", MENU_RENEW)
        await wait_for(pilot, Step.OPEN_CERT)
        assert "갱신할 인증서를 골라 주세요" in _question(app)
        await _wrong_then_back_then_right(pilot, FOUND_ROWS, "Wrong!2026pw", PASSWORD, "오류 1/5회")
        await wait_for(pilot, Step.VID_CHECK)
        await type_rrn(pilot, MINJUN_RRN)
        await _enter(pilot)
        await wait_for(pilot, Step.AUTH)
        await pilot.press("2")  # OTP
        await type_text(pilot, await otp_code_from_trainer_panel(pilot))
        await pilot.press("f2")
        await _enter(pilot)
        await wait_for(pilot, Step.CONFIRM)
        assert "수수료를 낼 통장" in _question(app)
        assert app.screen.query_one("#summary").display
        await pilot.press("1")
        await settle(pilot)
        assert _asked(app, PAY_ROWS) == ["pin-row"] and "질문 2/2" in _question(app)
        assert "통장의 비밀번호" in _question(app) and "1002-" in _picked(app)
        assert not app.screen.query_one("#summary").display  # one thing on the screen
        await pilot.press("escape")
        await pilot.pause()
        assert _asked(app, PAY_ROWS) == ["choices"] and app.screen.query_one("#summary").display
        await _wrong_then_back_then_right(
            pilot, PAY_ROWS, "9999", MINJUN_PIN, "계좌 비밀번호가 일치하지 않습니다"
        )
        await wait_for(pilot, Step.RESULT)
        assert "갱신되었습니다" in screen_text(pilot)
    issued = app.session.issuance.issued
    assert issued is not None and issued.fee_paid == 4400


async def test_easy_registration_asks_the_certificate_then_its_password(bank: Bank) -> None:
    """등록 from the home screen to its result, its 인증서 선택 one question at a time."""
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN_RRN,
        product=by_code("kica-general"),
        medium=Medium.USB,
        password=PASSWORD,
        issued_on=bank.clock.now().date() - dt.timedelta(days=30),
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_account_check(pilot, "1")
        await type_rrn(pilot, MINJUN_RRN)
        await _enter(pilot)
        await _answer(pilot, MINJUN_ACCOUNT)
        await _answer(pilot, MINJUN_PIN)
        await wait_for(pilot, Step.FIND_CERT)
        assert "한빛은행에 올릴 인증서" in _question(app)
        await _wrong_then_back_then_right(pilot, FOUND_ROWS, "Wrong!2026pw", PASSWORD, "오류 1/5회")
        await pass_sms(pilot)
        await wait_for(pilot, Step.SECURITY_MEDIUM)
        await pilot.press("1")
        await type_text(pilot, await otp_code_from_trainer_panel(pilot))
        await pilot.press("f2")
        await _enter(pilot)
        await wait_for(pilot, Step.REGISTER_CONFIRM)
        await _enter(pilot)
        await wait_for(pilot, Step.RESULT)
        assert "등록되었습니다" in screen_text(pilot)
    customer = bank.registry.find_by_rrn(MINJUN_RRN)
    assert customer is not None
    assert [r.serial for r in bank.registrations.active(customer.id)] == [str(made.serial)]


async def _to_pick_file(pilot: Pilot[None], action: str, *, english: bool = False) -> None:
    await _easy(pilot, MENU_MANAGE, english=english)
    await pilot.pause()
    await pilot.press(action)
    await wait_for(pilot, Step.PICK_FILE)


async def test_easy_copy_asks_the_certificate_then_its_password(bank: Bank) -> None:
    stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_pick_file(pilot, MANAGE_COPY)
        assert "쓰실 인증서를 골라 주세요" in _question(app)
        await pilot.press("escape")  # from the list, the first question: out of the step
        await pilot.pause()
        assert isinstance(app.screen, SubmenuScreen)
        await pilot.press(MANAGE_COPY)
        await wait_for(pilot, Step.PICK_FILE)
        await _wrong_then_back_then_right(pilot, FOUND_ROWS, "Wrong!2026pw", PASSWORD, "오류 1/5회")
        await wait_for(pilot, Step.COPY_TARGET)
        await pilot.press("f3")  # the USB stick in
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        assert "복사되었습니다" in screen_text(pilot)
    assert sorted(f.medium.value for f in scan(bank.media)) == ["hdd", "usb"]


async def test_easy_export_to_phone_asks_the_certificate_its_password_then_the_code(
    bank: Bank,
) -> None:
    stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_pick_file(pilot, MANAGE_EXPORT)
        await _wrong_then_back_then_right(pilot, FOUND_ROWS, "Wrong!2026pw", PASSWORD, "오류 1/5회")
        await wait_for(pilot, Step.PHONE_EXPORT)
        await pick_up_phone(pilot)
        await phone_keys(pilot, "1")  # 인증서 가져오기: the phone shows its number
        code = _shown_code(_phone_text(pilot))
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "copy-code"
        await _answer(pilot, code)
        await wait_for(pilot, Step.RESULT)
        assert "휴대폰으로 보냈습니다" in screen_text(pilot)


async def test_easy_list_then_password_in_english(bank: Bank) -> None:
    stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_pick_file(pilot, MANAGE_COPY, english=True)
        assert "Question 1 of 2" in _question(app) and "Choose the certificate" in (_question(app))
        await pilot.press("1")
        await settle(pilot)
        assert "Question 2 of 2" in _question(app) and "password" in _question(app)
        assert _picked(app).startswith("The certificate you chose:")
        assert _asked(app, FOUND_ROWS) == ["password-row"]
        await _refused_on(pilot, FOUND_ROWS, "Wrong!2026pw")
        assert cut_short(app) == []


async def test_easy_fee_account_then_its_password_in_english(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_auth(pilot, english=True, product="2")  # 범용: 4,400 won
        await pilot.press("2")  # OTP
        await pilot.press("f2")
        await pilot.pause()
        otp = re.search(r"OTP[^\d]*(\d{6})", str(app.screen.query_one("#trainer").render()))
        assert otp
        await type_text(pilot, otp.group(1))
        await pilot.press("f2")
        await _enter(pilot)
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("1")
        await wait_for(pilot, Step.PASSWORD)
        for _ in range(2):
            await _answer(pilot, PASSWORD)
        await wait_for(pilot, Step.CONFIRM)
        assert "Question 1 of 2" in _question(app) and "fee" in _question(app)
        await pilot.press("1")
        await settle(pilot)
        assert "Question 2 of 2" in _question(app) and "password" in _question(app)
        assert _picked(app).startswith("The account you chose:")
        await _refused_on(pilot, PAY_ROWS, "0000", said=_en("계좌 비밀번호가 일치하지 않습니다."))
        assert cut_short(app) == []
