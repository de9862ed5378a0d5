"""What a trainer stages before a scenario: certificates issued on an earlier date."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kiosk import demo_customers
from kiosk.bank import Bank
from kiosk.clock import KST, ManualClock
from kiosk.issuance import IssuedCertificate, IssueRequest, issue
from kiosk.media import Medium
from kiosk.products import Product
from kiosk.rrn import parse


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
