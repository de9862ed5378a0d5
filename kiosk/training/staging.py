"""What a trainer stages before a scenario: certificates issued on an earlier date,
at this bank or at another institution."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.bankside.bank import Bank
from kiosk.certs.issuance import IssuedCertificate, IssueRequest, issue
from kiosk.certs.products import CaId, Product
from kiosk.core.clock import KST, ManualClock
from kiosk.factors.password_rules import broken_rules
from kiosk.npki import certificate as cert_profile
from kiosk.npki import keyfile, layout
from kiosk.npki.encodings import KeyEncoding
from kiosk.people import demo_customers
from kiosk.people.rrn import parse
from kiosk.terminal.media import Medium

if TYPE_CHECKING:
    from kiosk.fincert.cloud_certs import CloudCertificate


def stage_certificate(
    bank: Bank,
    customer_name: str,
    product: Product,
    issued_on: dt.date,
    password: str,
    medium: Medium = Medium.HARD_DISK,
) -> IssuedCertificate:
    """Issue a certificate to a demo customer as if it had been issued on `issued_on`."""
    person = demo_customers.find(customer_name)
    rrn = parse(person.rrn, issued_on)
    customer = bank.registry.find_by_rrn(rrn.digits)
    if customer is None:
        raise KeyError(customer_name)
    if medium is Medium.USB:
        bank.media.insert_usb()
    back_then = replace(bank, clock=ManualClock(dt.datetime.combine(issued_on, dt.time(10), KST)))
    request = IssueRequest(
        customer=customer,
        rrn=rrn,
        product=product,
        medium=medium,
        password=password,
        fee_won=0,  # staged by the trainer: nobody pays for it
        key_encoding=bank.config.new_issue_encoding,
    )
    return issue(request, bank=back_then)


def stage_cloud_certificate(
    bank: Bank, customer_name: str, issued_on: dt.date, pin: str, *, issued_by: str = ""
) -> CloudCertificate:
    """Put a 금융인증서 in a demo customer's cloud as if issued on `issued_on`: at this
    bank, or at the bank `issued_by` names (금융결제원's cloud is every bank's)."""
    from kiosk.fincert.cloud_certs import CloudCertificates

    person = demo_customers.find(customer_name)
    rrn = parse(person.rrn, issued_on)
    customer = bank.registry.find_by_rrn(rrn.digits)
    if customer is None:
        raise KeyError(customer_name)
    back_then = ManualClock(dt.datetime.combine(issued_on, dt.time(10), KST))
    cloud = CloudCertificates(bank.store, lambda: bank.cas, bank.data_dir, back_then, bank.keys)
    return cloud.issue(customer, rrn, pin, issued_by=issued_by)


def lock_cloud_certificate(bank: Bank, customer_id: int) -> None:
    """As if five wrong PINs had been keyed: the lesson on PIN 재설정 starts locked."""
    bank.store.db.execute(
        "UPDATE cloud_certificates SET pin_failures = 5, pin_locked = 1"
        " WHERE customer_id = ? AND revoked_at IS NULL",
        (customer_id,),
    )


# The bank each other institution's staged certificate names in its subject DN:
# it was issued there, not at this kiosk's bank.
_ISSUED_AT = {
    CaId.YESSIGN: "WOORI",
    CaId.SIGNKOREA: "KB",
    CaId.KICA: "SHINHAN",
    CaId.CROSSCERT: "NH",
    CaId.TRADESIGN: "HANA",
}


@dataclass(frozen=True)
class MadeCertificate:
    directory: Path
    serial: int
    not_before: dt.datetime
    not_after: dt.datetime


def make_certificate(
    bank: Bank,
    *,
    real_name: str,
    rrn_digits: str,
    product: Product,
    medium: Medium,
    password: str,
    encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1,
    issued_on: dt.date | None = None,
) -> MadeCertificate:
    """A certificate as another bank or CA would have issued it, written onto a medium.

    Nothing is recorded in this bank's books: to the kiosk it is a certificate
    the customer brings from elsewhere (등록). Validity runs a year from `issued_on`."""
    broken = broken_rules(password)
    if broken:
        raise ValueError(" / ".join(rule.message for rule in broken))
    now = bank.clock.now()
    start = now if issued_on is None else dt.datetime.combine(issued_on, dt.time(10), KST)
    not_before, not_after = product.validity_from(start)
    key = bank.keys.take()
    random_num = keyfile.new_random_num()
    serial = cert_profile.new_serial_number()
    cert = cert_profile.build(
        product=product,
        holder=cert_profile.Holder(real_name, rrn_digits),
        bank_ou=_ISSUED_AT[product.ca],
        public_key=key.public_key(),
        random_num=random_num,
        issuer=bank.cas.issuer(product.ca),
        serial=serial,
        not_before=not_before,
        not_after=not_after,
    )
    if medium is Medium.USB:
        bank.media.insert_usb()
    target = layout.cert_dir(bank.media.root(medium), product.ca.folder, cert.subject)
    layout.write_atomically(
        target,
        {
            layout.CERT_FILE: cert.public_bytes(Encoding.DER),
            layout.KEY_FILE: keyfile.encrypt_key(key, password, random_num, encoding),
        },
    )
    return MadeCertificate(target, serial, not_before, not_after)
