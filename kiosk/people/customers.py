"""The bank's customer registry: who exists, their documents, phones and accounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from kiosk.core.i18n import tr
from kiosk.storage.store import Store


class DocumentKind(Enum):
    RESIDENT_CARD = "주민등록증"
    DRIVER_LICENCE = "운전면허증"
    PASSPORT = "여권"
    ALIEN_CARD = "외국인등록증"  # a foreign resident's card: 등록번호 and 발급일자, as 주민등록증

    @property
    def label(self) -> str:
        return tr(self.value)


@dataclass(frozen=True)
class Customer:
    id: int
    name: str
    rrn_masked: str


@dataclass(frozen=True)
class Account:
    number: str
    product: str
    balance: int

    @property
    def masked_number(self) -> str:
        return self.number[:-4] + "****" if len(self.number) > 4 else "****"


@dataclass(frozen=True)
class StoredDocument:
    kind: DocumentKind
    number_hash: str | None
    issue_date: dt.date | None
    expiry_date: dt.date | None


@dataclass(frozen=True)
class Phone:
    carrier: str
    number: str

    @property
    def masked(self) -> str:
        parts = self.number.split("-")
        if len(parts) == 3:
            return f"{parts[0]}-****-{parts[2]}"
        return "***-****-****"


class Registry:
    def __init__(self, store: Store) -> None:
        self.store = store

    def find_by_rrn(self, rrn_digits: str) -> Customer | None:
        row = self.store.db.execute(
            "SELECT id, name, rrn_masked FROM customers WHERE rrn_hash = ?",
            (self.store.keyed_hash(rrn_digits),),
        ).fetchone()
        return None if row is None else Customer(row["id"], row["name"], row["rrn_masked"])

    def customer(self, customer_id: int) -> Customer | None:
        row = self.store.db.execute(
            "SELECT id, name, rrn_masked FROM customers WHERE id = ?", (customer_id,)
        ).fetchone()
        return None if row is None else Customer(row["id"], row["name"], row["rrn_masked"])

    def documents(self, customer_id: int) -> list[StoredDocument]:
        rows = self.store.db.execute(
            "SELECT kind, number_hash, issue_date, expiry_date FROM documents WHERE customer_id = ?",
            (customer_id,),
        ).fetchall()
        return [
            StoredDocument(
                kind=DocumentKind(row["kind"]),
                number_hash=row["number_hash"],
                issue_date=_date(row["issue_date"]),
                expiry_date=_date(row["expiry_date"]),
            )
            for row in rows
        ]

    def phone(self, customer_id: int) -> Phone | None:
        row = self.store.db.execute(
            "SELECT carrier, number FROM phones WHERE customer_id = ?", (customer_id,)
        ).fetchone()
        return None if row is None else Phone(row["carrier"], row["number"])

    def customer_by_phone(self, number: str) -> Customer | None:
        """The customer whose phone `number` is, written with or without hyphens
        (010-1234-5678, 01012345678, 010 1234 5678)."""
        row = self.store.db.execute(
            "SELECT c.id, c.name, c.rrn_masked FROM customers c"
            " JOIN phones p ON p.customer_id = c.id WHERE p.number = ?",
            (phone_number_form(number),),
        ).fetchone()
        return None if row is None else Customer(row["id"], row["name"], row["rrn_masked"])

    def accounts(self, customer_id: int) -> list[Account]:
        rows = self.store.db.execute(
            "SELECT number, product, balance FROM accounts WHERE customer_id = ? ORDER BY number",
            (customer_id,),
        ).fetchall()
        return [Account(row["number"], row["product"], row["balance"]) for row in rows]

    def has_otp(self, customer_id: int) -> bool:
        row = self.store.db.execute(
            "SELECT 1 FROM otp_tokens WHERE customer_id = ?", (customer_id,)
        ).fetchone()
        return row is not None


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def phone_number_form(text: str) -> str:
    """A mobile number as the books keep it (010-1234-5678), from the digits a person
    types however they separate them; anything else is returned as typed."""
    digits = "".join(character for character in text if character.isdigit())
    separators_only = all(character.isdigit() or character in " -." for character in text.strip())
    if not separators_only or not digits.startswith("01") or len(digits) not in (10, 11):
        return text.strip()
    return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"


def masked_name(name: str) -> str:
    """김*준: a name as shown where others may see it (audit trail, a phone's title)."""
    if len(name) >= 3:
        return name[0] + "*" * (len(name) - 2) + name[-1]
    if len(name) == 2:
        return name[0] + "*"
    return name
