"""The customer's own devices, as the training room simulates them: the phone (SMS
inbox, ARS calls, the bank's app), the OTP token and the 보안카드.

In a real branch these are in the customer's hand and reach the bank through the
carrier or the app, never through the kiosk; here the trainee's `kiosk phone`,
the F7 phone and the trainer panel show them."""

from __future__ import annotations

import datetime as dt

from kiosk.bankside import fraud
from kiosk.bankside.bank import Bank
from kiosk.bankside.copy_relay import CopyRelay, CopyTicket
from kiosk.bankside.fraud import PhoneCall
from kiosk.factors.auth import ArsStatus
from kiosk.people.customers import Customer, Phone


class CustomerDevices:
    def __init__(self, bank: Bank) -> None:
        self._bank = bank

    def customer_by_phone(self, number: str) -> Customer | None:
        return self._bank.registry.customer_by_phone(number)

    def phone_of(self, customer_id: int) -> Phone | None:
        return self._bank.registry.phone(customer_id)

    def inbox(self, phone: str, limit: int = 5) -> list[tuple[dt.datetime, str]]:
        return self._bank.auth.inbox(phone, limit)

    def ringing(self, phone: str) -> int | None:
        return self._bank.ars.ringing(phone)

    def answer(self, call_id: int, keyed: str) -> ArsStatus:
        return self._bank.ars.answer(call_id, keyed)

    def calls(self, phone: str, limit: int = 3) -> list[PhoneCall]:
        """The calls the phone took, newest first (the phone's 최근 통화)."""
        return fraud.calls(self._bank.store, phone, limit)

    def account_history(
        self, customer_id: int, limit: int = 5
    ) -> list[tuple[dt.datetime, int, str]]:
        return self._bank.factors.account_history(customer_id, limit)

    def current_otp(self, customer_id: int) -> tuple[str, int] | None:
        return self._bank.auth.current_otp(customer_id)

    def otp_locked(self, customer_id: int) -> bool:
        return self._bank.auth.otp_locked(customer_id)

    def card_codes(self, customer_id: int) -> list[str] | None:
        return self._bank.cards.codes(customer_id)

    # --- the phone's side of 인증서 복사 (kiosk.bankside.copy_relay) ---------------

    def copy_receive(self, phone: str) -> CopyTicket:
        return self._relay().open(f"phone:{phone}")

    def copy_send(self, code: str, sealed: bytes) -> None:
        self._relay().deposit(code, sealed)

    def copy_collect(self, phone: str, relay_id: str) -> bytes | None:
        return self._relay().collect(relay_id, f"phone:{phone}")

    def _relay(self) -> CopyRelay:
        return CopyRelay(self._bank.store, self._bank.clock)
