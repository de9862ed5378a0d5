"""The fictional customers every new data directory starts with (the README lists them)."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass

from kiosk.factors.auth import new_security_card
from kiosk.people.customers import DocumentKind
from kiosk.people.rrn import mask
from kiosk.storage.store import Store

# The certificate password scenarios and `kiosk cert make` use (the README lists it).
DEMO_PASSWORD = "Kiosk!2026pw"
# The 금융인증서 PIN staged scenarios give their customers (not a straight run, not all-same).
DEMO_PIN = "280514"


@dataclass(frozen=True)
class DemoDocument:
    kind: DocumentKind
    number: str | None = None  # licence (12 digits) or passport number
    issue_date: str | None = None
    expiry_date: str | None = None


@dataclass(frozen=True)
class DemoAccount:
    number: str
    product: str
    balance: int
    pin: str


@dataclass(frozen=True)
class DemoCustomer:
    name: str
    rrn: str
    documents: tuple[DemoDocument, ...]
    phone: tuple[str, str] | None  # (carrier, number)
    accounts: tuple[DemoAccount, ...]
    otp_secret: str | None = None  # base32 seed of the customer's OTP token
    note: str = ""
    otp_locked: bool = False
    security_card: bool = False


DEMO_CUSTOMERS: tuple[DemoCustomer, ...] = (
    DemoCustomer(
        name="김민준",
        rrn="850315-1234566",
        documents=(
            DemoDocument(DocumentKind.RESIDENT_CARD, issue_date="2015-06-10"),
            DemoDocument(
                DocumentKind.DRIVER_LICENCE, number="110512345671", expiry_date="2030-12-31"
            ),
        ),
        phone=("SKT", "010-1234-5678"),
        accounts=(DemoAccount("1002-345-678901", "입출금통장", 1_250_000, "1234"),),
        otp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        note="모든 서비스가 되는 기본 고객, OTP 보유",
    ),
    DemoCustomer(
        name="이서연",
        rrn="920708-2345672",
        documents=(DemoDocument(DocumentKind.RESIDENT_CARD, issue_date="2018-03-02"),),
        phone=("KT", "010-2345-6789"),
        accounts=(DemoAccount("1002-456-789012", "입출금통장", 1_000, "5678"),),
        note="잔액 1,000원: 범용 수수료(4,400원) 출금 불가",
    ),
    DemoCustomer(
        name="박지훈",
        rrn="780122-1123453",
        documents=(
            DemoDocument(DocumentKind.PASSPORT, number="M12345678", expiry_date="2024-05-31"),
            DemoDocument(
                DocumentKind.DRIVER_LICENCE, number="120798765432", expiry_date="2029-08-31"
            ),
        ),
        phone=("LG U+", "010-3456-7890"),
        accounts=(DemoAccount("1002-567-890123", "입출금통장", 500_000, "2468"),),
        otp_secret="KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF",
        note="여권 유효기간 만료(2024-05-31), 운전면허증은 유효",
    ),
    DemoCustomer(
        name="최유나",
        rrn="210315-4123450",
        documents=(
            DemoDocument(DocumentKind.PASSPORT, number="M87654321", expiry_date="2030-03-14"),
        ),
        phone=("SKT", "010-4567-8901"),
        accounts=(DemoAccount("1002-678-901234", "청소년통장", 30_000, "1357"),),
        note="2020-10-05 이후 출생: 주민등록번호에 검증번호 없음",
    ),
    DemoCustomer(
        name="왕웨이",
        rrn="880909-5123452",
        documents=(
            DemoDocument(DocumentKind.PASSPORT, number="E12345678", expiry_date="2029-09-30"),
            DemoDocument(DocumentKind.ALIEN_CARD, issue_date="2019-03-15"),
        ),
        phone=("KT", "010-5678-9012"),
        accounts=(DemoAccount("1002-789-012345", "입출금통장", 300_000, "9753"),),
        note="외국인 등록번호(성별자리 5)",
    ),
    DemoCustomer(
        name="정하늘",
        rrn="900505-1567891",
        documents=(DemoDocument(DocumentKind.RESIDENT_CARD, issue_date="2010-01-05"),),
        phone=None,
        accounts=(DemoAccount("1002-890-123456", "입출금통장", 100_000, "8642"),),
        note="등록된 휴대폰 없음: SMS 인증 불가",
    ),
    DemoCustomer(
        name="한지우",
        rrn="950817-2234561",
        documents=(DemoDocument(DocumentKind.RESIDENT_CARD, issue_date="2016-09-01"),),
        phone=("SKT", "010-6789-0123"),
        accounts=(DemoAccount("1002-901-234567", "입출금통장", 800_000, "3141"),),
        security_card=True,
        note="보안카드 보유(OTP 없음)",
    ),
    DemoCustomer(
        name="오세훈",
        rrn="870212-1345673",
        documents=(DemoDocument(DocumentKind.RESIDENT_CARD, issue_date="2012-04-20"),),
        phone=("KT", "010-7890-1234"),
        accounts=(DemoAccount("1002-012-345678", "입출금통장", 450_000, "2718"),),
        otp_secret="MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U",
        otp_locked=True,
        note="OTP가 이미 사용 정지(오류 10회) 상태",
    ),
)


def account_pin_hash(store: Store, account_number: str, pin: str) -> str:
    return store.keyed_hash(f"account-pin:{account_number}:{pin}")


def seed(store: Store) -> None:
    """Insert every demo customer the data directory does not have yet.

    Customers already there (and what happened to them) are left alone, so a
    kiosk updated to a newer list keeps its history and gains the new people."""
    if store.meta("demo_seeded") == str(len(DEMO_CUSTOMERS)):
        return
    with store.transaction() as db:
        for person in DEMO_CUSTOMERS:
            digits = person.rrn.replace("-", "")
            known = db.execute(
                "SELECT 1 FROM customers WHERE rrn_hash = ?", (store.keyed_hash(digits),)
            ).fetchone()
            if known is not None:
                continue
            customer_id = db.execute(
                "INSERT INTO customers (name, rrn_hash, rrn_masked) VALUES (?, ?, ?) RETURNING id",
                (person.name, store.keyed_hash(digits), mask(digits)),
            ).fetchone()[0]
            for doc in person.documents:
                db.execute(
                    "INSERT INTO documents (customer_id, kind, number_hash, issue_date, expiry_date)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        customer_id,
                        doc.kind.value,
                        None if doc.number is None else store.keyed_hash(doc.number),
                        doc.issue_date,
                        doc.expiry_date,
                    ),
                )
            if person.phone is not None:
                db.execute(
                    "INSERT INTO phones (customer_id, carrier, number) VALUES (?, ?, ?)",
                    (customer_id, *person.phone),
                )
            for account in person.accounts:
                db.execute(
                    "INSERT INTO accounts (number, customer_id, product, balance, pin_hash)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        account.number,
                        customer_id,
                        account.product,
                        account.balance,
                        account_pin_hash(store, account.number, account.pin),
                    ),
                )
            if person.otp_secret is not None:
                serial = "OTP-" + hashlib.sha256(person.rrn.encode()).hexdigest()[:8].upper()
                db.execute(
                    "INSERT INTO otp_tokens (customer_id, serial, secret, locked) VALUES (?, ?, ?, ?)",
                    (customer_id, serial, person.otp_secret, int(person.otp_locked)),
                )
            if person.security_card:
                serial = "SC-" + hashlib.sha256(person.rrn.encode()).hexdigest()[:8].upper()
                db.execute(
                    "INSERT INTO security_cards (customer_id, serial, codes) VALUES (?, ?, ?)",
                    (customer_id, serial, json.dumps(new_security_card())),
                )
        store.set_meta("demo_seeded", str(len(DEMO_CUSTOMERS)))
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('kiosk_id', ?) ON CONFLICT (key) DO NOTHING",
            ("KIOSK-" + secrets.token_hex(3).upper(),),
        )


def find(name: str) -> DemoCustomer:
    for person in DEMO_CUSTOMERS:
        if person.name == name:
            return person
    raise KeyError(name)
