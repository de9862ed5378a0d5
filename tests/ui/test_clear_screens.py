"""What a first-time customer could not tell from the screen (issue #19, Confusing)."""

from __future__ import annotations

import re

from textual.widgets import Input, RadioButton
from textual.widgets._toast import Toast

from kiosk.bankside.bank import Bank
from kiosk.people.demo_customers import DEMO_CUSTOMERS
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.widgets.frame import MessageLine
from tests.ui.english import shown_lines
from tests.ui.kiosk_keys import identify, pass_sms, screen_text, type_text, wait_for
from tests.ui.test_manage_flows import VIEW, _stage, open_manage


async def test_identity_says_how_to_submit_and_enter_leaves_the_document_choice(
    bank: Bank,
) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        assert "마지막 칸에서 Enter를 누르면 확인합니다" in screen_text(pilot)
        app.screen.query_one("#doc-kind").focus()
        await pilot.pause()
        await pilot.press("enter")  # 주민등록증, already chosen: on to its field
        await pilot.pause()
        assert app.focused is app.screen.query_one("#issue-date", Input)
        app.screen.query_one("#doc-kind").focus()
        await pilot.pause()
        await pilot.press("right", "right", "enter")  # 여권: on to the passport number
        await pilot.pause()
        assert app.focused is app.screen.query_one("#passport", Input)
        await type_text(pilot, "M12345678")
        assert app.screen.query_one("#passport", Input).value == "M12345678"


async def test_the_chosen_document_is_marked_by_a_symbol_not_colour_alone(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        marks = {str(b.label): str(b.render())[:3] for b in app.screen.query(RadioButton)}
        chosen = [label for label, mark in marks.items() if "●" in mark]
        assert chosen == ["주민등록증"] and all(m == "( )" for m in marks.values() if "●" not in m)


def _demo_data() -> set[str]:
    """What belongs to a demo customer: account and phone numbers, document numbers."""
    data: set[str] = set()
    for person in DEMO_CUSTOMERS:
        data |= {account.number for account in person.accounts}
        data |= {doc.number for doc in person.documents if doc.number}
        if person.phone is not None:
            data.add(person.phone[1])
    return data


def _placeholders(app: KioskApp) -> set[str]:
    return {str(field.placeholder) for field in app.screen.query(Input)}


async def test_examples_in_empty_fields_are_no_real_customers_data(bank: Bank) -> None:
    app = KioskApp(bank)
    seen: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        seen |= _placeholders(app)
        await pilot.press("f1", "5")  # 등록: the account number
        await wait_for(pilot, Step.ACCOUNT_CHECK)
        await pilot.press("1")
        seen |= _placeholders(app)
        await pilot.press("f1", "8", "1")  # 금융인증서 발급: the phone number
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await wait_for(pilot, Step.PHONE_CHECK)
        seen |= _placeholders(app)
    assert {"1002-XXX-XXXXXX", "010-XXXX-XXXX", "MXXXXXXXX"} <= seen
    assert seen & _demo_data() == set()


async def test_a_notice_leaves_the_message_line_readable(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot, rrn="850315-1234567")  # a refusal on the message line
        await pilot.press("f3")  # the USB stick goes in: a notice
        await pilot.pause()
        line = app.screen.query_one(MessageLine)
        assert line.text
        toasts = list(app.screen.query(Toast))
        assert toasts
        for toast in toasts:
            assert not toast.region.overlaps(line.region), (toast.region, line.region)


async def test_the_security_card_shows_as_whole_rows(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot, name="한지우", rrn="950817-2234561", fields=("20160901",))
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")
        await wait_for(pilot, Step.AUTH)
        await pilot.press("f7")
        await pilot.pause()
        rows = [len(re.findall(r"\d{1,2}:\d{4}", line)) for line in shown_lines(app)]
        assert [count for count in rows if count] == [7] * 5


async def test_a_distinguished_name_wraps_between_its_parts(bank: Bank) -> None:
    staged = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_manage(pilot, VIEW)
        await pilot.press("1")
        await wait_for(pilot, Step.CERT_DETAILS)
        shown = "\n".join(shown_lines(app)).lower()
        subject = staged.subject_dn
        for part in subject.split(","):
            assert part.lower() in shown, part  # each part whole on one line


async def test_f6_is_named_for_what_it_does_now(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")
        await pass_sms(pilot)
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("1")
        await wait_for(pilot, Step.PASSWORD)
        assert "입력 보기" in "\n".join(shown_lines(app))
        await pilot.press("f6")
        await pilot.pause()
        shown = "\n".join(shown_lines(app))
        assert "입력 숨기기" in shown and "입력 보기" not in shown
        await pilot.press("f6")
        await pilot.pause()
        assert "입력 보기" in "\n".join(shown_lines(app))
