"""Making a 공동인증서: key, certificate, NPKI files, store record and fee, as one act.

New issue, re-issue and renewal all end here; they differ only in the
request (fee, validity, subject, which certificate the new one supersedes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.bank import Bank
from kiosk.customers import Customer
from kiosk.i18n import tr
from kiosk.media import Medium
from kiosk.npki import certificate as cert_profile
from kiosk.npki import crl, keyfile, layout
from kiosk.npki.encodings import KeyEncoding
from kiosk.npki.revocation import RevocationReason
from kiosk.password_rules import broken_rules
from kiosk.products import Product
from kiosk.rrn import Rrn
from kiosk.store import Store


class IssueRefused(Exception):
    """The certificate was not issued; nothing was written or charged."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = tr(message)
        self.code = code


@dataclass(frozen=True)
class IssueRequest:
    customer: Customer
    rrn: Rrn
    product: Product
    medium: Medium
    password: str
    pay_account: str | None = None
    key_encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1
    fee_won: int | None = None  # None: the product's fee
    not_after: dt.datetime | None = None  # re-issue keeps, renewal extends the old expiry
    subject: x509.Name | None = None  # re-issue and renewal keep the old subject DN
    supersedes: int | None = None  # serial revoked (superseded) once the new one exists

    @property
    def fee(self) -> int:
        return self.product.fee_won if self.fee_won is None else self.fee_won


@dataclass(frozen=True)
class IssuedCertificate:
    serial: int
    subject_dn: str
    issuer_dn: str
    not_before: dt.datetime
    not_after: dt.datetime
    directory: Path
    medium: Medium
    product: Product
    fee_paid: int
    key_encoding: KeyEncoding
    superseded: int | None = None


def check_payment(store: Store, customer: Customer, fee: int, account: str | None) -> None:
    """Refuse before anything is made if the fee cannot be paid from `account`."""
    if fee == 0:
        return
    if account is None:
        raise IssueRefused("수수료를 출금할 계좌를 선택해 주세요.", "no_account")
    row = store.db.execute(
        "SELECT balance FROM accounts WHERE number = ? AND customer_id = ?",
        (account, customer.id),
    ).fetchone()
    if row is None:
        raise IssueRefused("본인 명의의 계좌가 아닙니다.", "not_own_account")
    if row["balance"] < fee:
        raise IssueRefused(
            tr(
                "계좌 잔액이 부족합니다(잔액 {balance}원, 수수료 {fee}원).",
                balance=f"{row['balance']:,}",
                fee=f"{fee:,}",
            ),
            "insufficient_balance",
        )


def validity(product: Product, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Valid from now until the same day `validity_years` later, end of that day (KST)."""
    start = now.replace(microsecond=0)
    try:
        end_day = now.date().replace(year=now.year + product.validity_years)
    except ValueError:  # 29 February
        end_day = now.date().replace(year=now.year + product.validity_years, day=28)
    end = dt.datetime.combine(end_day, dt.time(23, 59, 59), tzinfo=now.tzinfo)
    return start, end


def issue(
    request: IssueRequest, *, bank: Bank, private_key: rsa.RSAPrivateKey | None = None
) -> IssuedCertificate:
    store = bank.store
    if broken_rules(request.password):
        raise IssueRefused("비밀번호가 규칙에 맞지 않습니다.", "bad_password")
    fee = request.fee
    check_payment(store, request.customer, fee, request.pay_account)
    if not bank.media.is_present(request.medium):
        raise IssueRefused("USB를 연결해 주세요.", "medium_absent")

    key = private_key or bank.keys.take()
    random_num = keyfile.new_random_num()
    now = bank.clock.now()
    not_before, not_after = validity(request.product, now)
    if request.not_after is not None:
        not_after = request.not_after
    serial = _unused_serial(store)
    cert = cert_profile.build(
        subject=cert_profile.Subject(
            real_name=request.customer.name,
            rrn_digits=request.rrn.digits,
            usage_ou=request.product.ou_usage,
            ca_id=request.product.ca,
        ),
        subject_name=request.subject,
        public_key=key.public_key(),
        random_num=random_num,
        issuer=bank.cas.issuer(request.product.ca),
        policy_oid=request.product.policy_oid,
        serial=serial,
        not_before=not_before,
        not_after=not_after,
    )
    root = bank.media.root(request.medium)
    target = layout.cert_dir(root, request.product.ca.folder, cert.subject)
    files = {
        layout.CERT_FILE: cert.public_bytes(Encoding.DER),
        layout.KEY_FILE: keyfile.encrypt_key(
            key, request.password, random_num, request.key_encoding
        ),
    }
    # Re-issue and renewal keep the subject DN, so the new files replace the old
    # ones. They are written beside them first and swapped in as the last step of
    # the bank's transaction: a refusal (or a pulled stick) at the last moment
    # leaves the customer's certificate as it was, and nothing is charged.
    replace = request.subject is not None
    try:
        if target.exists() and not replace:
            raise layout.MediumError(f"{target.name} already exists")
        staged = layout.stage(target, files)
    except layout.MediumError:
        raise IssueRefused(
            "저장매체에 인증서를 저장하지 못했습니다. 저장매체를 확인하고 다시 시도해 주세요.",
            "medium_write_failed",
        ) from None
    swapped: layout.Swapped | None = None
    try:
        with store.transaction() as db:
            if fee:
                # Re-checked inside the transaction: another kiosk may have spent it.
                updated = db.execute(
                    "UPDATE accounts SET balance = balance - ? "
                    "WHERE number = ? AND customer_id = ? AND balance >= ?",
                    (fee, request.pay_account, request.customer.id, fee),
                ).rowcount
                if updated != 1:
                    raise IssueRefused("계좌 잔액이 부족합니다.", "insufficient_balance")
                db.execute(
                    "INSERT INTO account_history (account, amount, memo, at) VALUES (?, ?, ?, ?)",
                    (request.pay_account, -fee, "인증서발급수수료", now.isoformat()),
                )
            db.execute(
                "INSERT INTO certificates (serial, customer_id, product, ca, subject_dn, not_before,"
                " not_after, medium, directory, status, fee, issued_at, key_encoding)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?, ?)",
                (
                    serial,
                    request.customer.id,
                    request.product.code,
                    request.product.ca.value,
                    cert.subject.rfc4514_string(),
                    not_before.isoformat(),
                    not_after.isoformat(),
                    request.medium.value,
                    str(target),
                    fee,
                    now.isoformat(),
                    request.key_encoding.value,
                ),
            )
            if request.supersedes is not None:
                db.execute(
                    "UPDATE certificates SET revoked_at = ?, revoke_reason = ?, status = 'revoked'"
                    " WHERE serial = ? AND revoked_at IS NULL",
                    (now.isoformat(), RevocationReason.SUPERSEDED.value, request.supersedes),
                )
            swapped = staged.swap_in(replace=replace)
    except layout.MediumError:
        raise IssueRefused(
            "저장매체에 인증서를 저장하지 못했습니다. 저장매체를 확인하고 다시 시도해 주세요.",
            "medium_write_failed",
        ) from None
    except BaseException:
        if swapped is None:
            staged.discard()
        else:
            swapped.undo()  # the commit itself failed: the old files go back
        raise
    assert swapped is not None
    swapped.finish()
    if request.supersedes is not None:
        crl.publish(store, bank.cas, bank.data_dir, now)
    return IssuedCertificate(
        serial=serial,
        subject_dn=layout.subject_folder(cert.subject),
        issuer_dn=cert.issuer.rfc4514_string(),
        not_before=not_before,
        not_after=not_after,
        directory=target,
        medium=request.medium,
        product=request.product,
        fee_paid=fee,
        key_encoding=request.key_encoding,
        superseded=request.supersedes,
    )


def _unused_serial(store: Store) -> int:
    while True:
        serial = cert_profile.new_serial_number()
        taken = store.db.execute(
            "SELECT 1 FROM certificates WHERE serial = ?", (serial,)
        ).fetchone()
        if taken is None:
            return serial
