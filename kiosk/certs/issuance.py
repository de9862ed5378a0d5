"""Getting a 공동인증서 onto a medium, as an NPKI client does it.

The kiosk makes the key pair and the key file; the bank (kiosk/bankside/signing.py)
signs a PKCS#10 request for it and never sees the private key. New issue,
re-issue and renewal all end here; the bank decides what differs (fee,
validity, subject, the certificate replaced) from its own books."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.bankside.signing import CertificateOrder, SignedCertificate, Terms
from kiosk.certs.products import Product
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.password_rules import broken_rules
from kiosk.npki import keyfile, layout
from kiosk.npki import request as csr
from kiosk.npki.encodings import KeyEncoding
from kiosk.people.customers import Customer
from kiosk.people.rrn import Rrn
from kiosk.terminal.media import MediaBay, Medium

if TYPE_CHECKING:
    from kiosk.bankside.bank import Bank

__all__ = ["IssueRequest", "IssuedCertificate", "issue", "issue_through"]


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


def settle_unconfirmed(media: MediaBay, delivered: Callable[[int], bool]) -> list[int]:
    """Ask the bank about every certificate set aside because it stopped answering
    at delivery: those it recorded as delivered take their place on the medium,
    the others go (the customer's next issue of that product is free). Returns the
    serials put in place. A bank still out of reach (Refused) leaves them all."""
    placed = []
    for medium in Medium:
        if not media.is_present(medium):
            continue
        for aside in layout.unconfirmed(media.root(medium)):
            if delivered(aside.serial):
                aside.complete()
                placed.append(aside.serial)
            else:
                aside.drop()
    return placed


class IssueDesk(Protocol):
    """Where a kiosk's request goes: the bank, for one visit (or its staff)."""

    def authorize_issue(self) -> str:
        """The 인가코드 the request must carry (refused if the visit may not issue)."""

    def sign_certificate(self, order: CertificateOrder) -> SignedCertificate: ...

    def certificate_delivered(self, serial: int, directory: str) -> None: ...


_WRITE_FAILED = "저장매체에 인증서를 저장하지 못했습니다. 저장매체를 확인하고 다시 시도해 주세요."


def _write_failed(media: MediaBay, medium: Medium) -> Refused:
    """A stick pulled mid-write is said as such, not as a faulty medium."""
    if medium is Medium.USB and not media.is_present(Medium.USB):
        return Refused(
            RefusalCode.USB_PULLED,
            "USB가 분리되어 인증서를 저장하지 못했습니다. USB를 다시 연결하고 다시 시도해 주세요.",
        )
    return Refused(RefusalCode.MEDIUM_WRITE_FAILED, _WRITE_FAILED)


def issue_through(
    desk: IssueDesk,
    request: IssueRequest,
    media: MediaBay,
    key: rsa.RSAPrivateKey,
) -> IssuedCertificate:
    """Key file first, then the bank's signature, then the certificate beside it.

    Re-issue and renewal keep the subject DN, so the new files replace the old
    ones: they are written beside them and swapped in only once the bank has
    signed, so a refusal (or a pulled stick) leaves the old certificate as it was."""
    if broken_rules(request.password):
        raise Refused(RefusalCode.BAD_PASSWORD, "비밀번호가 규칙에 맞지 않습니다.")
    if not media.is_present(request.medium):
        raise Refused(RefusalCode.MEDIUM_ABSENT, "USB를 연결해 주세요.")
    code = desk.authorize_issue()
    random_num = keyfile.new_random_num()
    user_dir = layout.user_dir(media.root(request.medium), request.product.ca.folder)
    try:
        # The key file is written before the bank signs: a medium that refuses
        # writes is found out while nothing has been charged.
        staged = layout.stage(
            user_dir / ".pending",
            {
                layout.KEY_FILE: keyfile.encrypt_key(
                    key, request.password, random_num, request.key_encoding
                )
            },
        )
    except layout.MediumError:
        layout.prune_empty(user_dir, media.root(request.medium))
        raise _write_failed(media, request.medium) from None
    try:
        signed = desk.sign_certificate(
            CertificateOrder(
                product_code=request.product.code,
                csr=csr.build(key, code),
                random_num=random_num,
                rrn_text=request.rrn.digits,
                medium=request.medium.value,
                key_encoding=request.key_encoding.value,
                pay_account=request.pay_account,
                supersedes=request.supersedes,
            )
        )
    except BaseException:
        staged.discard()
        layout.prune_empty(user_dir, media.root(request.medium))
        raise
    cert = signed.x509()
    target = layout.cert_dir(media.root(request.medium), request.product.ca.folder, cert.subject)
    replace = request.supersedes is not None
    try:
        if target.exists() and not replace:
            staged.discard()
            raise layout.MediumError(f"{target.name} already exists")
        swapped = staged.add({layout.CERT_FILE: signed.certificate}, target).swap_in(
            replace=replace
        )
    except layout.MediumError:
        # Signed but not written: the bank's books show it as not delivered,
        # and the customer's next try is free.
        raise _write_failed(media, request.medium) from None
    try:
        desk.certificate_delivered(signed.serial, str(target))
    except Refused as refused:
        if refused.code is RefusalCode.BANK_UNREACHABLE:
            # The bank may have recorded the delivery (and revoked the old
            # certificate) before it stopped answering: neither copy may be lost.
            swapped.set_aside(signed.serial)
        else:
            swapped.undo()  # the bank did not take the delivery: the old files go back
        raise
    except BaseException:
        swapped.undo()
        raise
    swapped.finish()
    return IssuedCertificate(
        serial=signed.serial,
        subject_dn=layout.subject_folder(cert.subject),
        issuer_dn=cert.issuer.rfc4514_string(),
        not_before=signed.not_before,
        not_after=signed.not_after,
        directory=target,
        medium=request.medium,
        product=request.product,
        fee_paid=signed.fee_paid,
        key_encoding=request.key_encoding,
        superseded=signed.superseded,
    )


@dataclass
class StaffDesk:
    """The bank's own staff issuing (training data, tests): terms as requested."""

    bank: Bank
    request: IssueRequest

    def authorize_issue(self) -> str:
        return "staff"

    def sign_certificate(self, order: CertificateOrder) -> SignedCertificate:
        from kiosk.bankside import signing

        public_key, _ = csr.read(order.csr)
        request = self.request
        terms = Terms(
            product=request.product,
            fee=request.fee,
            not_after=request.not_after,
            subject=request.subject,
            supersedes=request.supersedes,
        )
        return signing.sign(self.bank, request.customer, request.rrn, terms, public_key, order)

    def certificate_delivered(self, serial: int, directory: str) -> None:
        from kiosk.bankside import signing

        signing.delivered(self.bank, self.request.customer.id, serial, directory)


def issue(
    request: IssueRequest, *, bank: Bank, private_key: rsa.RSAPrivateKey | None = None
) -> IssuedCertificate:
    """Issue as the bank's own staff would: no visit, the request's terms."""
    key = private_key or bank.keys.take()
    return issue_through(StaffDesk(bank, request), request, bank.media, key)
