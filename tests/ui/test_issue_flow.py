"""공동인증서 발급 driven by key presses from the home screen."""

from __future__ import annotations

import stat

from pypinksign import PinkSign

from kiosk.bankside.bank import Bank
from kiosk.npki import reader
from kiosk.terminal.media import Medium
from kiosk.visit.flows import Step
from screens.app import KioskApp, screen_for
from screens.home import HomeScreen
from tests.ui.kiosk_keys import (
    PASSWORD,
    identify,
    message,
    otp_code_from_trainer_panel,
    pay_with_account,
    screen_text,
    set_password,
    sms_code_from_trainer_panel,
    to_confirm,
    type_text,
    wait_for,
)


def _certificates(bank: Bank) -> list[dict[str, object]]:
    return [dict(r) for r in bank.store.db.execute("SELECT * FROM certificates").fetchall()]


async def test_issue_bank_certificate_from_home_to_result(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")  # 은행/신용카드/보험용, free
        await wait_for(pilot, Step.AUTH)
        await pilot.press("1")  # SMS
        code = await sms_code_from_trainer_panel(pilot)
        await type_text(pilot, code)
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("1")  # 하드디스크
        await wait_for(pilot, Step.PASSWORD)
        await set_password(pilot)
        await wait_for(pilot, Step.CONFIRM)
        assert "850315-1******" in screen_text(pilot)
        assert "1234566" not in screen_text(pilot)
        await pilot.press("1")
        await wait_for(pilot, Step.RESULT)
        shown = screen_text(pilot)
        issued = app.session.issuance.issued
        assert issued is not None
        assert str(issued.serial) in shown
        assert "2026-11-22 ~ 2027-11-22" in shown
        assert app.session.issuance.password is None  # dropped as soon as the key file is written

    rows = _certificates(bank)
    assert len(rows) == 1 and rows[0]["serial"] == issued.serial and rows[0]["fee"] == 0
    directory = issued.directory
    assert directory.parent == bank.media.root(Medium.HARD_DISK) / "NPKI" / "yessign" / "USER"
    assert directory.name.startswith("cn=김민준()") and directory.name.endswith(
        ",ou=HANBIT,ou=personal4IB,o=yessign,c=kr"
    )
    key_mode = stat.S_IMODE((directory / "signPri.key").stat().st_mode)
    assert key_mode == 0o600
    info = reader.load(directory)
    opened = info.open_key(PASSWORD)
    assert info.key_matches(opened.key)
    assert info.vid_matches("8503151234566", opened.random_num)
    assert info.policy_oid == "1.2.410.200005.1.1.4"
    # An independent NPKI implementation opens the files and signs.
    pink = PinkSign(
        pubkey_path=str(directory / "signCert.der"),
        prikey_path=str(directory / "signPri.key"),
        prikey_password=PASSWORD.encode(),
    )
    assert pink.verify(pink.sign(b"kiosk"), b"kiosk")


async def test_general_purpose_on_usb_with_otp_charges_the_fee(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot, document=1, fields=("11-05-123456-71",))
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("2")
        await wait_for(pilot, Step.AUTH)
        await pilot.press("2")
        await type_text(pilot, await otp_code_from_trainer_panel(pilot))
        await pilot.press("enter")
        await wait_for(pilot, Step.MEDIUM)
        await pilot.press("2")
        assert message(pilot) == "⚠ USB를 연결해 주세요."
        await pilot.press("f3")  # plug the stick in
        await pilot.press("2")
        await wait_for(pilot, Step.PASSWORD)
        await set_password(pilot)
        await wait_for(pilot, Step.CONFIRM)
        assert "4,400원" in screen_text(pilot)
        await pay_with_account(pilot)
        await wait_for(pilot, Step.RESULT)
        assert "4,400원 출금" in screen_text(pilot)

    balance = bank.store.db.execute(
        "SELECT balance FROM accounts WHERE number = '1002-345-678901'"
    ).fetchone()[0]
    assert balance == 1_250_000 - 4_400
    issued = app.session.issuance.issued
    assert issued is not None and issued.medium is Medium.USB
    assert issued.directory.is_relative_to(bank.media.root(Medium.USB))
    assert reader.load(issued.directory).policy_oid == "1.2.410.200005.1.1.1"


async def test_signkorea_certificate_for_a_foreign_resident(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(
            pilot, name="왕웨이", rrn="880909-5123452", document=2, fields=("E12345678", "20290930")
        )
        await to_confirm(pilot, product="3", medium="1")
        await pay_with_account(pilot, pin="9753")
        await wait_for(pilot, Step.RESULT)
    issued = app.session.issuance.issued
    assert issued is not None
    assert "/NPKI/SignKorea/USER/" in str(issued.directory)
    assert reader.load(issued.directory).policy_oid == "1.2.410.200004.5.1.1.5"


async def test_a_balance_short_of_the_fee_is_said_at_the_product_with_the_free_one_offered(
    bank: Bank,
) -> None:
    """Not after every other step at 확인: when the product is chosen, and the free
    product is one Enter away."""
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot, name="이서연", rrn="920708-2345672", fields=("20180302",))
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("2")  # 범용, 4,400원
        await pilot.pause()
        assert "잔액(1,000원)이 수수료 4,400원보다 적어" in message(pilot)
        assert "은행/신용카드/보험용은 1번입니다" in message(pilot)
        assert app.session.step is Step.PRODUCT
        await pilot.press("enter")  # the free product, highlighted
        await wait_for(pilot, Step.AUTH)
        assert (
            app.session.issuance.product is not None and app.session.issuance.product.fee_won == 0
        )
    assert _certificates(bank) == []
    assert not (bank.media.root(Medium.HARD_DISK) / "NPKI").exists()
    balance = bank.store.db.execute(
        "SELECT balance FROM accounts WHERE number = '1002-456-789012'"
    ).fetchone()[0]
    assert balance == 1_000


async def test_fee_needs_the_account_password_and_counts_wrong_ones(bank: Bank) -> None:
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await identify(pilot)
        await to_confirm(pilot, product="2", medium="1")
        await pay_with_account(pilot, pin="0000")
        assert "계좌 비밀번호가 일치하지 않습니다. (오류 1/5회)" in message(pilot)
        await type_text(pilot, "12")
        await pilot.press("enter")
        assert "숫자 4자리" in message(pilot)
        await type_text(pilot, "1234")
        await pilot.press("enter")
        await wait_for(pilot, Step.RESULT)
    failures = bank.store.db.execute(
        "SELECT pin_failures FROM accounts WHERE number = '1002-345-678901'"
    ).fetchone()[0]
    assert failures == 0  # the right password resets the count


async def test_a_second_new_issue_of_a_product_held_is_sent_to_reissue(bank: Bank) -> None:
    """One valid 은행용 certificate already: choosing 은행용 again is refused on the
    product screen (nothing charged, nothing made), F6 starts 재발급 instead."""
    import datetime as dt

    from kiosk.certs.products import BANK_USE
    from kiosk.training.staging import stage_certificate
    from kiosk.visit.flows import Service

    held = stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    )
    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot)
        await wait_for(pilot, Step.PRODUCT)
        await pilot.press("1")  # 은행/신용카드/보험용, which 김민준 holds
        await pilot.pause()
        assert isinstance(app.screen, screen_for(Step.PRODUCT))
        assert "이미 사용 중인" in message(pilot) and "재발급" in message(pilot)
        assert f"{held.not_after:%Y-%m-%d}" in message(pilot)
        await pilot.press("f6")
        await wait_for(pilot, Step.IDENTITY)
        assert app.session.service is Service.REISSUE
    assert len(_certificates(bank)) == 1


async def test_terms_are_agreed_before_anything_is_chosen_or_sent(bank: Bank) -> None:
    """약관·개인정보 수집 동의 right after 본인확인: declining stays there and says why;
    agreeing goes on to 인증서 종류, and the bank has the consent on record."""
    from kiosk.bankside.visits import Proof

    app = KioskApp(bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, Step.IDENTITY)
        await identify(pilot, agree=False)
        await wait_for(pilot, Step.CONSENT)
        assert "개인정보 수집·이용" in screen_text(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert "동의하지 않으시면" in message(pilot)
        assert isinstance(app.screen, screen_for(Step.CONSENT))
        visit = app.session.visit
        assert visit is not None and not app.bank.visits.get(visit).has(Proof.CONSENT)
        await pilot.press("1")
        await wait_for(pilot, Step.PRODUCT)
        assert app.bank.visits.get(visit).has(Proof.CONSENT)
