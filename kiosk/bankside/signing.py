"""The bank as RA and CA: a certificate request in, a signed certificate out.

The kiosk made the key and proves it with a PKCS#10 request; the bank decides
the subject, validity and fee from its own books, debits the fee and records
the certificate as signed but not yet delivered in one transaction. The
certificate counts as delivered (and the one it replaces is revoked) only when
the kiosk reports its files written. A certificate signed and never delivered
stays visible as such, and its fee pays for the customer's next try."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.bankside.bank import Bank
from kiosk.certs.products import Product
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.npki import certificate as cert_profile
from kiosk.npki import crl
from kiosk.npki.encodings import KeyEncoding
from kiosk.npki.revocation import RevocationReason
from kiosk.people.customers import Customer
from kiosk.people.rrn import Rrn
from kiosk.storage.store import Store
from kiosk.terminal.media import Medium


@dataclass(frozen=True)
class CertificateOrder:
    """What a kiosk asks the bank to sign: plain values, as they cross the wire."""

    product_code: str
    csr: bytes  # PKCS#10, DER, carrying the visit's 인가코드
    random_num: bytes  # the R of the key file: the bank computes the VID from it
    rrn_text: str  # the resident number again: the bank keeps none in clear
    medium: str
    key_encoding: str
    pay_account: str | None = None
    supersedes: int | None = None  # re-issue and renewal: the certificate replaced


@dataclass(frozen=True)
class Terms:
    """What the bank decided for one certificate, from its own books."""

    product: Product
    fee: int
    not_after: dt.datetime | None = None  # None: the product's validity from today
    subject: x509.Name | None = None  # re-issue and renewal keep the old subject
    supersedes: int | None = None


@dataclass(frozen=True)
class SignedCertificate:
    serial: int
    certificate: bytes  # DER
    not_before: dt.datetime
    not_after: dt.datetime
    fee_paid: int
    superseded: int | None

    def x509(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.certificate)


def check_payment(store: Store, customer: Customer, fee: int, account: str | None) -> None:
    """Refuse before anything is made if the fee cannot be paid from `account`."""
    if fee == 0:
        return
    if account is None:
        raise Refused(RefusalCode.NO_ACCOUNT, "수수료를 출금할 계좌를 선택해 주세요.")
    row = store.db.execute(
        "SELECT balance FROM accounts WHERE number = ? AND customer_id = ?",
        (account, customer.id),
    ).fetchone()
    if row is None:
        raise Refused(RefusalCode.NOT_OWN_ACCOUNT, "본인 명의의 계좌가 아닙니다.")
    if row["balance"] < fee:
        raise Refused(
            RefusalCode.INSUFFICIENT_BALANCE,
            "계좌 잔액이 부족합니다(잔액 {balance}원, 수수료 {fee}원).",
            balance=f"{row['balance']:,}",
            fee=f"{fee:,}",
        )


# A visit still open this long after it began is over: its kiosk went away.
ABANDONED_AFTER = dt.timedelta(minutes=30)


def undelivered(
    store: Store, customer_id: int, product: Product, visit_id: str | None, now: dt.datetime
) -> int | None:
    """A certificate of `product` signed for the customer and never delivered: in this
    visit (a write that failed), or in a visit that is over. One still being written
    at another kiosk is not owed yet."""
    row = store.db.execute(
        "SELECT c.serial FROM certificates c LEFT JOIN signings s ON s.serial = c.serial"
        " LEFT JOIN visits v ON v.id = s.visit_id"
        " WHERE c.customer_id = ? AND c.product = ? AND c.status = 'signed'"
        " AND c.revoked_at IS NULL AND (s.visit_id IS NULL OR s.visit_id = ?"
        " OR v.closed_at IS NOT NULL OR v.opened_at < ?)"
        " ORDER BY c.issued_at DESC, c.serial DESC LIMIT 1",
        (customer_id, product.code, visit_id or "", (now - ABANDONED_AFTER).isoformat()),
    ).fetchone()
    return None if row is None else int(row["serial"])


def sign(
    bank: Bank,
    customer: Customer,
    rrn: Rrn,
    terms: Terms,
    public_key: rsa.RSAPublicKey,
    order: CertificateOrder,
    visit_id: str | None = None,
) -> SignedCertificate:
    store = bank.store
    now = bank.clock.now()
    # A certificate paid for and never delivered: this one is free, and replaces it.
    owed = undelivered(store, customer.id, terms.product, visit_id, now)
    fee = 0 if owed is not None else terms.fee
    check_payment(store, customer, fee, order.pay_account)
    not_before, not_after = terms.product.validity_from(now)
    if terms.not_after is not None:
        not_after = terms.not_after
    serial = store.unused_serial()
    cert = cert_profile.build(
        product=terms.product,
        holder=cert_profile.Holder(customer.name, rrn.digits),
        subject_name=terms.subject,
        public_key=public_key,
        random_num=order.random_num,
        issuer=bank.cas.issuer(terms.product.ca),
        serial=serial,
        not_before=not_before,
        not_after=not_after,
    )
    with store.transaction() as db:
        if fee:
            # Re-checked inside the transaction: another kiosk may have spent it.
            updated = db.execute(
                "UPDATE accounts SET balance = balance - ? "
                "WHERE number = ? AND customer_id = ? AND balance >= ?",
                (fee, order.pay_account, customer.id, fee),
            ).rowcount
            if updated != 1:
                raise Refused(RefusalCode.INSUFFICIENT_BALANCE, "계좌 잔액이 부족합니다.")
            db.execute(
                "INSERT INTO account_history (account, amount, memo, at) VALUES (?, ?, ?, ?)",
                (order.pay_account, -fee, "인증서발급수수료", now.isoformat()),
            )
        db.execute(
            "INSERT INTO certificates (serial, customer_id, product, ca, subject_dn, not_before,"
            " not_after, medium, directory, status, fee, issued_at, key_encoding)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 'signed', ?, ?, ?)",
            (
                serial,
                customer.id,
                terms.product.code,
                terms.product.ca.value,
                cert.subject.rfc4514_string(),
                not_before.isoformat(),
                not_after.isoformat(),
                Medium(order.medium).value,
                fee,
                now.isoformat(),
                KeyEncoding(order.key_encoding).value,
            ),
        )
        db.execute("INSERT INTO signings (serial, visit_id) VALUES (?, ?)", (serial, visit_id))
        for old in {terms.supersedes, owed} - {None}:
            db.execute(
                "INSERT INTO supersessions (serial, supersedes) VALUES (?, ?)", (serial, old)
            )
    return SignedCertificate(
        serial=serial,
        certificate=cert.public_bytes(Encoding.DER),
        not_before=not_before,
        not_after=not_after,
        fee_paid=fee,
        superseded=terms.supersedes,
    )


def delivered(bank: Bank, customer_id: int, serial: int, directory: str) -> None:
    """The kiosk wrote the files: the certificate is the customer's, the old one revoked."""
    now = bank.clock.now()
    with bank.store.transaction() as db:
        updated = db.execute(
            "UPDATE certificates SET status = 'valid', directory = ?"
            " WHERE serial = ? AND customer_id = ? AND status = 'signed'",
            (directory, serial, customer_id),
        ).rowcount
        if updated != 1:
            raise Refused(RefusalCode.NOT_SIGNED, "발급 기록을 찾을 수 없습니다.")
        revoked = db.execute(
            "UPDATE certificates SET revoked_at = ?, revoke_reason = ?, status = 'revoked'"
            " WHERE serial IN (SELECT supersedes FROM supersessions WHERE serial = ?)"
            " AND revoked_at IS NULL",
            (now.isoformat(), RevocationReason.SUPERSEDED.value, serial),
        ).rowcount
    if revoked:
        crl.publish(bank.store, bank.cas, bank.data_dir, now)
