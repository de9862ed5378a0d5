"""인증서 관리 (보기, 비밀번호 변경, 복사, 삭제) driven by key presses from the home screen."""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.certs.found_certs import scan
from kiosk.certs.products import BANK_USE
from kiosk.npki import keyfile
from kiosk.terminal.media import Medium
from kiosk.training.staging import stage_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp, screen_for
from screens.home import SubmenuScreen
from tests.ui.kiosk_keys import PASSWORD, enter_each, message, screen_text, type_text, wait_for

MENU_MANAGE = "7"
VIEW, CHANGE, COPY, DELETE = "1", "2", "3", "4"
NEW = "Changed#2026pw"


def _stage(bank: Bank):  # type: ignore[no-untyped-def]
    return stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    )


async def open_manage(pilot: Pilot[None], action: str) -> None:
    """From home to 인증서 관리's `action`, at its certificate list."""
    await pilot.press(MENU_MANAGE)
    await pilot.pause()
    assert isinstance(pilot.app.screen, SubmenuScreen)
    await pilot.press(action)
    await wait_for(pilot, Step.PICK_FILE)


async def _open(pilot: Pilot[None], action: str) -> None:
    await open_manage(pilot, action)
    await pilot.press("1")
    if action == COPY:  # the key leaves with its owner only: the password first
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")


async def to_change_password(pilot: Pilot[None]) -> None:
    """From home to 비밀번호 변경 of the staged certificate."""
    await _open(pilot, CHANGE)
    await wait_for(pilot, Step.CHANGE_PASSWORD)


async def test_view_details(bank: Bank) -> None:
    staged = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, VIEW)
        await wait_for(pilot, Step.CERT_DETAILS)
        text = screen_text(pilot)
        assert str(staged.serial) in text and "금융결제원" in text and "정상" in text
        await pilot.press("escape")
        await wait_for(pilot, Step.PICK_FILE)
        await pilot.press("1")
        await wait_for(pilot, Step.CERT_DETAILS)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.service is None


async def test_change_password_refusals_then_success(bank: Bank) -> None:
    staged = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_change_password(pilot)
        await enter_each(pilot, "Wrong!2026pw", NEW, NEW)
        assert "오류 1/5회" in message(pilot)
        await enter_each(pilot, PASSWORD, "password1", "password1")
        assert "특수문자" in message(pilot)
        await pilot.click("#new-password")
        await enter_each(pilot, NEW, NEW)
        await wait_for(pilot, Step.RESULT)
        assert "비밀번호가 변경되었습니다" in screen_text(pilot)
    key = (staged.directory / "signPri.key").read_bytes()
    assert keyfile.decrypt_key(key, NEW).random_num is not None


async def test_copy_to_usb_asks_before_overwriting(bank: Bank) -> None:
    _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, COPY)
        await wait_for(pilot, Step.COPY_TARGET)
        await pilot.press("1")
        assert "USB를 연결해 주세요" in message(pilot)
        await pilot.press("f3")
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        assert "복사되었습니다" in screen_text(pilot)
        await pilot.press("enter")
        await _open(pilot, COPY)  # the hard-disk copy is listed first
        await wait_for(pilot, Step.COPY_TARGET)
        await pilot.press("1")
        assert "이미 있습니다" in message(pilot)
        await pilot.press("2")
        assert "복사하지 않았습니다" in message(pilot)
        await pilot.press("1")
        await pilot.press("1")  # 덮어쓰기
        await wait_for(pilot, Step.RESULT)
        assert "덮어썼습니다" in screen_text(pilot)
    assert sorted(f.medium.value for f in scan(bank.media)) == ["hdd", "usb"]


async def test_copy_asks_the_certificate_password_first(bank: Bank) -> None:
    _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_manage(pilot, COPY)
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.query_one("#password-row").display
        await type_text(pilot, "Wrong!2026pw")
        await pilot.press("enter")
        assert "오류 1/5회" in message(pilot)
        assert isinstance(app.screen, screen_for(Step.PICK_FILE))
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for(pilot, Step.COPY_TARGET)


async def test_delete_asks_then_removes_only_the_files(bank: Bank) -> None:
    staged = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, DELETE)
        await wait_for(pilot, Step.DELETE_CONFIRM)
        assert "되살릴 수 없습니다" in screen_text(pilot)
        await pilot.press("escape")
        await wait_for(pilot, Step.PICK_FILE)
        assert staged.directory.exists()
        await pilot.press("1")
        await wait_for(pilot, Step.DELETE_CONFIRM)
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        assert "폐기되지 않았습니다" in screen_text(pilot)
    assert not staged.directory.exists()
    record = bank.certificates.get(staged.serial)
    assert record is not None and not record.revoked


async def test_empty_media_say_where_to_look(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_MANAGE, VIEW)
        await wait_for(pilot, Step.PICK_FILE)
        assert "USB를 연결해 주세요" in message(pilot)
        assert bank.media.is_present(Medium.USB) is False


async def test_a_revoked_certificate_is_marked_revoked_not_expired_in_the_list(
    bank: Bank,
) -> None:
    from kiosk.npki.revocation import RevocationReason

    staged = _stage(bank)
    bank.certificates.revoke(staged.serial, RevocationReason.KEY_COMPROMISE)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_manage(pilot, VIEW)
        shown = screen_text(pilot)
        assert "[폐기]" in shown and "[만료]" not in shown


async def test_esc_on_a_manage_list_goes_back_to_the_manage_menu(bank: Bank) -> None:
    _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_manage(pilot, VIEW)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SubmenuScreen)  # the 관리 menu, not home
        assert app.session.service is None  # the visit ended all the same
        await pilot.press(DELETE)  # and another of its services can be picked
        await wait_for(pilot, Step.PICK_FILE)
