"""No slow work on the UI thread (issue 17, item 3): re-sealing a key file under a
new password (비밀번호 변경), the phone's sealed copy (F7 and `kiosk phone` send it,
휴대폰에서 가져오기 opens it) and a learner's run staged by the trainer each take
from a fraction of a second to seconds of CPU (PBKDF, scrypt, RSA). Meanwhile the
screen says 잠시만 기다려 주세요, the kiosk's own keys work, and a second Enter is
not a second request.

Every scenario is also played with each scrypt, PBKDF and RSA key's thread noted
(tests/ui/test_demo_scenarios.py)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from kiosk.bankside.bank import Bank
from kiosk.certs import cert_files
from kiosk.certs.phone_store import PhoneWallet
from kiosk.core.i18n import Language, current_language
from kiosk.npki import keyfile
from kiosk.npki.encodings import KeyEncoding
from kiosk.training import stages
from kiosk.visit.flows import Step
from screens.app import KioskApp
from screens.demo.scenarios import SCENARIOS
from screens.home import HomeScreen
from screens.modals.phone import PhoneScreen
from screens.steps.manage import ChangePasswordScreen
from tests.settle import BankWaits
from tests.ui.bank_threads import HeldWork, arrived, note_slow_work, noted
from tests.ui.kiosk_keys import PASSWORD, enter_each, message, screen_text, type_text, wait_for
from tests.ui.test_manage_flows import NEW, _stage, to_change_password
from tests.ui.test_phone_copy_flows import (
    _import_until_code,
    _on_phone,
    _phone_text,
    assert_sent,
    kiosk_looks,
    phone_keys,
    pick_up_phone,
)


async def _released(pilot: Pilot[None], held: HeldWork) -> None:
    held.release.set()
    BankWaits.on = True
    await pilot.app.bank_settled()  # type: ignore[attr-defined]
    await pilot.pause()


async def test_a_password_change_says_wait_keeps_the_kiosk_keys_and_changes_once(
    bank: Bank, keys_do_not_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    staged = _stage(bank)
    slow = note_slow_work(monkeypatch)
    held = HeldWork(cert_files.change_password)
    monkeypatch.setattr(cert_files, "change_password", held)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        BankWaits.on = True
        await to_change_password(pilot)
        BankWaits.on = False
        # The last Enter: the key is opened and sealed again.
        await enter_each(pilot, PASSWORD, NEW, NEW)
        await arrived(held)
        screen = app.screen
        assert isinstance(screen, ChangePasswordScreen)
        assert "잠시만 기다려 주세요" in message(pilot)
        await pilot.press("enter")  # again, impatient: nothing more is sent
        # The kiosk's own keys work meanwhile: the language switches, the wait is said in it.
        await pilot.press("f4")
        assert current_language() is Language.ENGLISH
        assert app.screen is screen and "Please wait" in message(pilot)
        await _released(pilot, held)
        await wait_for(pilot, Step.RESULT)
        assert held.calls == 1
    assert keyfile.decrypt_key((staged.directory / "signPri.key").read_bytes(), NEW).random_num
    assert noted(slow.on_ui_thread) == []


async def test_a_wrong_password_in_use_is_said_on_the_screen_after_the_wait(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal comes back from the thread to the field it is about."""
    _stage(bank)
    slow = note_slow_work(monkeypatch)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_change_password(pilot)
        await enter_each(pilot, "Wrong!2026pw", NEW, NEW)
        assert "오류 1/5회" in message(pilot)
        assert app.focused is not None and app.focused.id == "old-password"
        assert app.shows(Step.CHANGE_PASSWORD)
    assert noted(slow.on_ui_thread) == []


async def test_the_phones_copy_is_sealed_and_opened_off_the_ui_thread(
    bank: Bank, keys_do_not_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F7's 인증서 내보내기 seals the copy under the kiosk's number (scrypt) while the
    phone says 잠시만 기다려 주세요; the kiosk opens it (scrypt again) in a thread too."""
    _on_phone(bank, KeyEncoding.SEED_CBC_WITH_SHA1)
    slow = note_slow_work(monkeypatch)
    held = HeldWork(PhoneWallet.send)
    monkeypatch.setattr(PhoneWallet, "send", held.as_method())
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        BankWaits.on = True
        code = await _import_until_code(pilot, "1")
        await pick_up_phone(pilot)
        for typed in ("2", "1", code):  # 인증서 내보내기, the certificate, the kiosk's number
            await phone_keys(pilot, typed)
        BankWaits.on = False
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")  # the phone seals the copy and sends it
        await arrived(held)
        assert isinstance(app.screen, PhoneScreen)
        assert "잠시만 기다려 주세요" in _phone_text(pilot)
        await _released(pilot, held)
        assert_sent(pilot)
        await kiosk_looks(pilot)
        await wait_for(pilot, Step.RESULT)
        assert "휴대폰의 인증서를 가져왔습니다" in screen_text(pilot)
        assert held.calls == 1
    assert noted(slow.on_ui_thread) == []


async def test_a_learners_run_is_staged_while_the_home_screen_says_wait(
    bank: Bank, keys_do_not_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trainer starts a learner on 갱신: the bank makes the certificate to renew
    (an RSA key, its file sealed) in a thread; the run begins when it is there."""
    slow = note_slow_work(monkeypatch)
    held = HeldWork(stages.stage_remotely)
    monkeypatch.setattr(stages, "stage_remotely", held)
    app = KioskApp(bank)
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_learning(SCENARIOS["renew"], "practice", "이영희")
        await arrived(held)
        assert isinstance(app.screen, HomeScreen)
        assert app.coach is None  # not before its certificate is there
        assert "잠시만 기다려 주세요" in message(pilot)
        await pilot.press("f4")
        assert current_language() is Language.ENGLISH
        await _released(pilot, held)
        assert app.coach is not None and (app.mode, app.learner) == ("practice", "이영희")
        assert held.calls == 1
    assert noted(slow.on_ui_thread) == []
