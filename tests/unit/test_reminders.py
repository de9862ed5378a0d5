"""Expiry reminders: the bank texts the customer 30 and 7 days before a certificate
or 금융인증서 expires, once each, whichever kiosk or bank process asks."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from kiosk.bankside.bank import Bank
from kiosk.bankside.devices import CustomerDevices
from kiosk.bankside.service import BankService
from kiosk.certs.products import BANK_USE
from kiosk.core.clock import ManualClock
from kiosk.npki.revocation import RevocationReason
from kiosk.training.staging import stage_certificate, stage_cloud_certificate

PASSWORD = "Kiosk!2026pw"
PHONE_OF_KIM = "010-1234-5678"  # 김민준's phone in the demo data


def _reminders(bank: Bank, serial: int) -> list[str]:
    """The expiry reminders in 김민준's inbox about `serial`'s product, oldest first
    (the serial itself is never in the text; product and date are)."""
    assert serial
    inbox = [body for _, body in bank.auth.inbox(PHONE_OF_KIM, limit=50)]
    return [body for body in reversed(inbox) if "만료됩니다" in body]


def _move_to(bank: Bank, clock: ManualClock, moment: dt.datetime) -> None:
    BankService(bank).advance_clock((moment - clock.now()).total_seconds())


def test_a_certificate_is_reminded_30_and_7_days_before_it_expires_once_each(
    any_bank: Bank, clock: ManualClock
) -> None:
    bank = any_bank
    issued = stage_certificate(bank, "김민준", BANK_USE, clock.now().date(), PASSWORD)
    expires = issued.not_after
    before = len(_reminders(bank, issued.serial))
    _move_to(bank, clock, expires - dt.timedelta(days=31))
    assert len(_reminders(bank, issued.serial)) == before
    _move_to(bank, clock, expires - dt.timedelta(days=30, seconds=-60))
    texts = _reminders(bank, issued.serial)[before:]
    assert len(texts) == 1
    assert "은행/신용카드/보험용" in texts[0] and expires.strftime("%Y.%m.%d") in texts[0]
    assert "30일 전" in texts[0] and "갱신" in texts[0]
    _move_to(bank, clock, expires - dt.timedelta(days=29))
    assert len(_reminders(bank, issued.serial)[before:]) == 1  # not again
    _move_to(bank, clock, expires - dt.timedelta(days=6))
    texts = _reminders(bank, issued.serial)[before:]
    assert len(texts) == 2 and "7일 전" in texts[1]
    _move_to(bank, clock, expires + dt.timedelta(days=1))
    assert len(_reminders(bank, issued.serial)[before:]) == 2


def test_a_clock_moved_past_both_lead_times_sends_only_the_nearer(
    bank: Bank, clock: ManualClock
) -> None:
    issued = stage_certificate(bank, "김민준", BANK_USE, clock.now().date(), PASSWORD)
    before = len(_reminders(bank, issued.serial))
    _move_to(bank, clock, issued.not_after - dt.timedelta(days=3))
    texts = _reminders(bank, issued.serial)[before:]
    assert len(texts) == 1 and "7일 전" in texts[0]


def test_a_revoked_certificate_is_not_reminded(bank: Bank, clock: ManualClock) -> None:
    issued = stage_certificate(bank, "김민준", BANK_USE, clock.now().date(), PASSWORD)
    bank.certificates.revoke(issued.serial, RevocationReason.KEY_COMPROMISE)
    _move_to(bank, clock, issued.not_after - dt.timedelta(days=3))
    sent = bank.store.db.execute(
        "SELECT COUNT(*) FROM expiry_reminders WHERE serial = ?", (issued.serial,)
    ).fetchone()[0]
    assert sent == 0


def test_the_financial_certificate_is_reminded_by_its_name(bank: Bank, clock: ManualClock) -> None:
    cloud = stage_cloud_certificate(bank, "김민준", clock.now().date(), "135790")
    _move_to(bank, clock, cloud.not_after - dt.timedelta(days=20))
    inbox = [body for _, body in bank.auth.inbox(PHONE_OF_KIM, limit=5)]
    assert any("금융인증서" in body and "30일 전" in body for body in inbox)


def test_the_bank_services_timer_sends_reminders_with_no_visit(
    bank: Bank, clock: ManualClock
) -> None:
    """No clock move by the trainer, no kiosk visit: the time passes, and the bank's
    own round of timed jobs texts the customer; looking at the inbox sends nothing."""
    issued = stage_certificate(bank, "김민준", BANK_USE, clock.now().date(), PASSWORD)
    clock.advance((issued.not_after - clock.now() - dt.timedelta(days=10)).total_seconds())
    devices = CustomerDevices(bank)
    assert not any("30일 전" in body for _, body in devices.inbox(PHONE_OF_KIM, limit=5))
    bank.run_timed_jobs()
    assert "30일 전" in devices.inbox(PHONE_OF_KIM, limit=1)[0][1]


def test_several_bank_processes_asking_at_once_send_each_reminder_once(
    data_dir: Path, clock: ManualClock
) -> None:
    first = Bank.open(data_dir, clock)
    issued = stage_certificate(first, "김민준", BANK_USE, clock.now().date(), PASSWORD)
    clock.advance((issued.not_after - clock.now() - dt.timedelta(days=10)).total_seconds())
    banks = [first] + [Bank.open(data_dir, clock) for _ in range(3)]
    start = threading.Barrier(len(banks))

    def ask(bank: Bank) -> None:
        start.wait()
        bank.send_due_reminders()

    threads = [threading.Thread(target=ask, args=(bank,)) for bank in banks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    inbox = [body for _, body in first.auth.inbox(PHONE_OF_KIM, limit=50)]
    assert sum("30일 전" in body and "은행/신용카드/보험용" in body for body in inbox) == 1
    for bank in banks:
        bank.close()
