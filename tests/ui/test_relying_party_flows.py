"""The kiosk as a relying party, driven by key presses from the home screen:
certificates that do not chain to a trust anchor, this bank's own certificates
offered as 타기관, and a CA a trainer adds to the trust anchors."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.bankside.bank import Bank
from kiosk.certs.products import BANK_USE, CaId, by_code
from kiosk.core.i18n import Language, set_language
from kiosk.npki import crl, layout, reader
from kiosk.terminal.media import Medium
from kiosk.training.staging import stage_certificate
from kiosk.visit.flows import Step
from screens.app import KioskApp
from tests.foreign_ca import forged_ca, outside_ca, resign, subscriber
from tests.ui.kiosk_keys import (
    PASSWORD,
    message,
    otp_code_from_trainer_panel,
    pass_sms,
    screen_text,
    type_rrn,
    type_text,
    wait_for,
)

MENU_RENEW, MENU_REGISTER = "3", "5"
MINJUN_RRN, MINJUN_ACCOUNT, MINJUN_PIN = "8503151234566", "1002-345-678901", "1234"


async def _to_find_cert(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(MENU_REGISTER)
    await wait_for(pilot, Step.ACCOUNT_CHECK)
    await pilot.press("1")
    await type_rrn(pilot, MINJUN_RRN)
    await pilot.press("enter")
    await type_text(pilot, MINJUN_ACCOUNT)
    await pilot.press("enter")
    await type_text(pilot, MINJUN_PIN)
    await pilot.press("enter")
    await wait_for(pilot, Step.FIND_CERT)


def _impostor(bank: Bank) -> int:
    """A certificate whose issuer is named "CrossCertCA4" but signed by another key."""
    impostor = forged_ca(bank.cas.issuer(CaId.CROSSCERT).certificate)
    bank.media.insert_usb()
    directory = subscriber(
        impostor,
        real_name="김민준",
        rrn_digits=MINJUN_RRN,
        medium_root=bank.media.root(Medium.USB),
        password=PASSWORD,
        now=bank.clock.now(),
        folder="CrossCert",
        policy=by_code("crosscert-general").policy_oid,
    )
    return reader.load(directory).serial


async def test_a_certificate_signed_by_an_unknown_key_is_refused_on_sight(bank: Bank) -> None:
    serial = _impostor(bank)
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_find_cert(pilot)
        serials = [f.info.serial for f in app.screen.found]  # type: ignore[attr-defined]
        await pilot.press(str(serials.index(serial) + 1))
        assert "신뢰할 수 없는 기관의 인증서입니다" in message(pilot)
        assert "발급기관의 서명이 맞지 않습니다" in message(pilot)
        await wait_for(pilot, Step.FIND_CERT)
    assert app.session.last_refusal is not None
    assert app.session.last_refusal.code == "register_untrusted"
    assert any(
        entry.outcome == "refused" and entry.reason == "register_untrusted"
        for entry in bank.audit.latest(5)
    )
    customer = bank.registry.find_by_rrn(MINJUN_RRN)
    assert customer is not None and bank.registrations.active(customer.id) == []


async def test_the_untrusted_refusal_reads_in_english(bank: Bank) -> None:
    serial = _impostor(bank)
    app = KioskApp(bank)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f4")
            await _to_find_cert(pilot)
            serials = [f.info.serial for f in app.screen.found]  # type: ignore[attr-defined]
            await pilot.press(str(serials.index(serial) + 1))
            text = message(pilot)
            assert "does not trust" in text and "signature does not verify" in text, text
    finally:
        set_language(Language.KOREAN)


async def test_this_banks_own_certificate_is_refused_as_already_this_banks(bank: Bank) -> None:
    own = stage_certificate(
        bank,
        "김민준",
        by_code("general-signkorea"),
        bank.clock.now().date() - dt.timedelta(days=5),
        PASSWORD,
        Medium.USB,
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_find_cert(pilot)
        serials = [f.info.serial for f in app.screen.found]  # type: ignore[attr-defined]
        await pilot.press(str(serials.index(own.serial) + 1))
        assert "이 은행에서 발급한 인증서입니다" in message(pilot)
    assert app.session.last_refusal is not None
    assert app.session.last_refusal.code == "register_own_bank"
    assert any(entry.reason == "register_own_bank" for entry in bank.audit.latest(5))


async def test_a_ca_the_trainer_adds_is_trusted_and_its_certificate_registers(
    bank: Bank,
) -> None:
    ca = outside_ca(now=bank.clock.now())
    bank.media.insert_usb()
    directory = subscriber(
        ca,
        real_name="김민준",
        rrn_digits=MINJUN_RRN,
        medium_root=bank.media.root(Medium.USB),
        password=PASSWORD,
        now=bank.clock.now(),
    )
    serial = reader.load(directory).serial
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_find_cert(pilot)
        await pilot.press("1")
        assert "발급기관을 신뢰할 수 없습니다" in message(pilot)
    (bank.data_dir / "trust").mkdir()
    (bank.data_dir / "trust" / "outside.pem").write_bytes(ca.pem)
    (bank.data_dir / "crl" / "outside.crl").write_bytes(ca.crl(bank.clock.now()))
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_find_cert(pilot)
        await pilot.press("1")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await pass_sms(pilot)
        await wait_for(pilot, Step.SECURITY_MEDIUM)
        await pilot.press("1")
        await type_text(pilot, await otp_code_from_trainer_panel(pilot))
        await pilot.press("enter")
        await wait_for(pilot, Step.REGISTER_CONFIRM)
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
        assert "등록되었습니다" in screen_text(pilot) and str(serial) in screen_text(pilot)


async def test_a_tampered_crl_makes_registration_wait(bank: Bank) -> None:
    from kiosk.training.staging import make_certificate

    make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN_RRN,
        product=by_code("kica-general"),
        medium=Medium.USB,
        password=PASSWORD,
    )
    impostor = forged_ca(bank.cas.issuer(CaId.KICA).certificate)
    crl.crl_path(bank.data_dir, CaId.KICA).write_bytes(impostor.crl(bank.clock.now()))
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_find_cert(pilot)
        await pilot.press("1")
        assert "폐기 여부를 확인할 수 없어 등록할 수 없습니다" in message(pilot)
        assert "서명이 맞지 않습니다" in message(pilot)
    assert app.session.last_refusal is not None
    assert app.session.last_refusal.code == "register_revocation_unknown"


async def test_a_forged_copy_of_this_banks_certificate_is_not_renewed(bank: Bank) -> None:
    staged = stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=355), PASSWORD
    )
    genuine = reader.load(staged.directory).certificate
    copy = resign(genuine, forged_ca(bank.cas.issuer(CaId.YESSIGN).certificate))
    (staged.directory / layout.CERT_FILE).write_bytes(copy.public_bytes(Encoding.DER))
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(MENU_RENEW)
        await wait_for(pilot, Step.OPEN_CERT)
        await pilot.press("1")
        assert "신뢰할 수 없는 인증서입니다" in message(pilot)
    assert app.session.last_refusal is not None
    assert app.session.last_refusal.code == "cert_untrusted"
