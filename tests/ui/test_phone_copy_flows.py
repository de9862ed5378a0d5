"""인증서 관리 ↔ the customer's phone (F7), by key presses from the home screen:
휴대폰으로 내보내기 (the phone shows the 인증번호, the kiosk keys it) and
휴대폰에서 가져오기 (the kiosk shows it, the phone keys it); wrong and expired
numbers, a USB stick pulled on the kiosk's side."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pypinksign import PinkSign
from textual.pilot import Pilot
from textual.widgets import Input, Static

from kiosk.bankside.bank import Bank
from kiosk.bankside.copy_relay import VALID_SECONDS
from kiosk.certs.found_certs import scan
from kiosk.certs.phone_store import store_root
from kiosk.certs.products import BANK_USE
from kiosk.core.clock import ManualClock
from kiosk.npki import layout
from kiosk.npki.encodings import KeyEncoding
from kiosk.terminal.media import Medium
from kiosk.training.staging import make_certificate, stage_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.modals.phone import PhoneScreen
from tests.ui.kiosk_keys import PASSWORD, app_of, message, screen_text, settle, type_text, wait_for
from tests.ui.test_manage_flows import open_manage

KIM_PHONE = "010-1234-5678"
EXPORT, IMPORT = "6", "7"


def _stage(bank: Bank) -> Path:
    return stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    ).directory


def _on_phone(bank: Bank, encoding: KeyEncoding = KeyEncoding.PBES2) -> Path:
    """김민준's certificate, kept on his phone only (the kiosk's media stay empty)."""
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits="8503151234566",
        product=BANK_USE,
        medium=Medium.HARD_DISK,
        password=PASSWORD,
        encoding=encoding,
    )
    root = store_root(bank.data_dir, KIM_PHONE)
    folder = made.directory.relative_to(bank.media.root(Medium.HARD_DISK))
    target = root / folder
    target.parent.mkdir(parents=True)
    made.directory.rename(target)
    assert scan(bank.media) == []
    return target


async def pick_up_phone(pilot: Pilot[None]) -> None:
    """F7; the visit knows no customer yet, so the trainee says which phone it is."""
    await pilot.press("f7")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PhoneScreen)
    if "어느 고객의 휴대폰" in _phone_text(pilot):
        await type_text(pilot, KIM_PHONE)
        await pilot.press("enter")
    else:
        pilot.app.screen.query_one("#copy-field", Input).focus()
    await settle(pilot)


async def kiosk_looks(pilot: Pilot[None]) -> None:
    """The phone goes down (if the kiosk has not already closed it, moving on by
    itself) and the kiosk takes its twice-a-second look at the bank now."""
    if isinstance(pilot.app.screen, PhoneScreen):
        await pilot.press("escape")
        await settle(pilot)
    tick = getattr(pilot.app.screen, "tick", None)
    if tick is not None and pilot.app.screen.is_current:
        tick()
    await settle(pilot)


def assert_sent(pilot: Pilot[None]) -> None:
    """The phone says it sent; unless the kiosk, looking twice a second, already took
    the certificate and moved on to 완료, closing the phone as it does."""
    if isinstance(pilot.app.screen, PhoneScreen):
        assert "키오스크로 보냈습니다" in _phone_text(pilot)
    else:
        assert app_of(pilot).shows(Step.RESULT)


def _phone_text(pilot: Pilot[None]) -> str:
    return "\n".join(str(w.render()) for w in pilot.app.screen.query(Static) if w.display)


async def phone_keys(pilot: Pilot[None], text: str) -> None:
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


def _shown_code(text: str) -> str:
    match = re.search(r"(\d{4} \d{4} - \d{4} \d{4})", text)
    assert match is not None, text
    return match.group(1)


async def _export_until_code(pilot: Pilot[None]) -> str:
    """To 휴대폰으로 내보내기's number field, with the phone showing its 인증번호."""
    await open_manage(pilot, EXPORT)
    await pilot.press("1")
    await type_text(pilot, PASSWORD)
    await pilot.press("enter")
    await wait_for(pilot, Step.PHONE_EXPORT)
    assert "키오스크의 인증서는 그대로 남습니다" in screen_text(pilot)
    await pick_up_phone(pilot)
    await phone_keys(pilot, "1")  # 인증서 가져오기
    code = _shown_code(_phone_text(pilot))
    await pilot.press("escape")  # the phone goes down; the kiosk is below
    await settle(pilot)
    return code


def _receipt(bank: Bank) -> dict[str, str]:
    """The one 처리결과 확인서 the visit printed, as its label: value lines."""
    (printed,) = (bank.data_dir / "receipts").iterdir()
    lines = printed.read_text(encoding="utf-8").splitlines()
    return dict(
        re.split(r"\s{2,}", line, maxsplit=1) for line in lines if re.search(r"\S\s{2,}\S", line)
    )


async def test_export_to_phone_then_the_copy_opens_in_pypinksign(bank: Bank) -> None:
    source = _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        code = await _export_until_code(pilot)
        await type_text(pilot, code)
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        assert "휴대폰으로 보냈습니다" in screen_text(pilot)
        await pick_up_phone(pilot)  # the phone takes what the bank holds for it
        assert "인증서를 받았습니다" in _phone_text(pilot)
        assert "인증서 보관함 1개" in _phone_text(pilot)
    copies = layout.find_cert_dirs(store_root(bank.data_dir, KIM_PHONE))
    assert len(copies) == 1 and copies[0].name == source.name
    assert (copies[0] / "signPri.key").read_bytes() == (source / "signPri.key").read_bytes()
    PinkSign(
        pubkey_path=str(copies[0] / "signCert.der"),
        prikey_path=str(copies[0] / "signPri.key"),
        prikey_password=PASSWORD,
    )
    assert [found.medium for found in scan(bank.media)] == [Medium.HARD_DISK]  # still there
    # The receipt names both ends: the kiosk's copy stays on its disk, the phone got one.
    receipt = _receipt(bank)
    assert receipt["원본 저장매체"] == "하드디스크" and receipt["보낸 곳"] == "휴대폰"


async def test_export_refuses_a_wrong_code_with_the_count_and_an_expired_one(
    bank: Bank, clock: ManualClock
) -> None:
    _stage(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        code = await _export_until_code(pilot)
        digits = code.replace(" ", "").replace("-", "")
        wrong = digits[:8] + f"{(int(digits[8:]) + 1) % 10**8:08d}"
        await type_text(pilot, wrong)
        await pilot.press("enter")
        await settle(pilot)
        assert "인증번호가 틀렸습니다(오류 1/5회, 남은 입력 4회)" in message(pilot)
        assert app.screen.query_one("#copy-code", Input).value == ""
        clock.advance(VALID_SECONDS + 1)  # the bank's clock: the three minutes are over
        await type_text(pilot, code)
        await pilot.press("enter")
        await settle(pilot)
        assert "유효시간(3분)이 지났습니다" in message(pilot)
        assert app.session.step is Step.PHONE_EXPORT
    assert layout.find_cert_dirs(store_root(bank.data_dir, KIM_PHONE)) == []


async def test_export_from_a_usb_stick_pulled_before_sending_says_so(bank: Bank) -> None:
    source = _stage(bank)
    bank.media.insert_usb()
    usb_root = bank.media.root(Medium.USB)
    target = usb_root / source.relative_to(bank.media.root(Medium.HARD_DISK))
    target.parent.mkdir(parents=True)
    source.rename(target)  # the certificate is on the stick only
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        code = await _export_until_code(pilot)
        await pilot.press("f3")  # the customer pulls the stick
        await settle(pilot)
        await type_text(pilot, code)
        await pilot.press("enter")
        await settle(pilot)
        assert "USB가 분리되었습니다" in message(pilot)
        assert app.session.step is Step.PHONE_EXPORT
    assert layout.find_cert_dirs(store_root(bank.data_dir, KIM_PHONE)) == []


async def _import_until_code(pilot: Pilot[None], medium_key: str) -> str:
    await pilot.press("7")
    await settle(pilot)
    await pilot.press(IMPORT)
    await wait_for(pilot, Step.PHONE_IMPORT)
    await pilot.press(medium_key)
    await settle(pilot)
    return _shown_code(screen_text(pilot))


async def _send_from_phone(pilot: Pilot[None], code: str, password: str = PASSWORD) -> None:
    await pick_up_phone(pilot)
    await phone_keys(pilot, "2")  # 인증서 내보내기
    assert "1. 김민준" in _phone_text(pilot)
    await phone_keys(pilot, "1")
    await phone_keys(pilot, code)
    await phone_keys(pilot, password)


async def test_import_from_phone_onto_the_hard_disk(bank: Bank) -> None:
    on_phone = _on_phone(bank, KeyEncoding.SEED_CBC_WITH_SHA1)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        code = await _import_until_code(pilot, "1")
        assert "3분" in screen_text(pilot) or "남은 시간" in screen_text(pilot)
        await _send_from_phone(pilot, code, "Wrong!2026pw")
        assert "비밀번호가 맞지 않습니다" in _phone_text(pilot)
        await phone_keys(pilot, PASSWORD)  # keyed again; the number still stands
        assert_sent(pilot)
        await kiosk_looks(pilot)
        await wait_for(pilot, Step.RESULT)
        assert "휴대폰의 인증서를 가져왔습니다" in screen_text(pilot)
    found = scan(bank.media)
    assert [f.medium for f in found] == [Medium.HARD_DISK]
    receipt = _receipt(bank)
    assert receipt["가져온 곳"] == "휴대폰" and receipt["저장매체"] == "하드디스크"
    key = found[0].info.directory / "signPri.key"
    assert key.read_bytes() == (on_phone / "signPri.key").read_bytes()
    PinkSign(
        pubkey_path=str(found[0].info.directory / "signCert.der"),
        prikey_path=str(key),
        prikey_password=PASSWORD,
    )


async def test_import_refuses_a_wrong_code_on_the_phone_with_the_count(bank: Bank) -> None:
    _on_phone(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        code = await _import_until_code(pilot, "1")
        digits = code.replace(" ", "").replace("-", "")
        wrong = digits[:8] + f"{(int(digits[8:]) + 1) % 10**8:08d}"
        await _send_from_phone(pilot, wrong)
        assert "인증번호가 틀렸습니다(오류 1/5회, 남은 입력 4회)" in _phone_text(pilot)
        await phone_keys(pilot, code)  # asked again, then the password
        await phone_keys(pilot, PASSWORD)
        assert_sent(pilot)
        await kiosk_looks(pilot)
        await wait_for(pilot, Step.RESULT)


async def test_import_with_an_expired_code_is_refused_on_both_sides(
    bank: Bank, clock: ManualClock
) -> None:
    _on_phone(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        code = await _import_until_code(pilot, "1")
        clock.advance(VALID_SECONDS + 1)
        app.screen.tick()  # type: ignore[attr-defined]
        await settle(pilot)
        assert "유효시간(3분)이 지났습니다" in message(pilot)
        assert "인증번호가 나옵니다" in screen_text(pilot)  # a new one, from 1 or 2
        await _send_from_phone(pilot, code)
        assert "유효시간(3분)이 지났습니다" in _phone_text(pilot)
    assert scan(bank.media) == []


async def test_import_onto_a_usb_stick_pulled_meanwhile_writes_nothing(bank: Bank) -> None:
    _on_phone(bank)
    bank.media.insert_usb()
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        code = await _import_until_code(pilot, "2")
        await pilot.press("f3")  # pulled while the kiosk waits
        await settle(pilot)
        assert "USB가 분리되었습니다" in message(pilot)
        await _send_from_phone(pilot, code)
        await kiosk_looks(pilot)
        assert "저장하지 못했습니다" in message(pilot)
        assert app.session.step is Step.PHONE_IMPORT
        await pilot.press("f3")  # back in: nothing half-written on it
        await settle(pilot)
    assert scan(bank.media) == []
    assert not any(bank.media.root(Medium.USB).rglob("*.key"))
