"""The scripted call of the scam-call lesson (`kiosk demo scam-call-reissue`): a
caller posing as a prosecutor's investigator pushes the customer to re-issue
their certificate at once and read out the code the bank will text.

The words are the pattern fraud-prevention courses for older customers teach
(기관 사칭: urgency, secrecy, "your certificate was misused", "read me the code");
the number is a made-up 070 number, as such calls often come from internet lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.bankside import fraud
from kiosk.people import demo_customers

if TYPE_CHECKING:
    from kiosk.bankside.bank import Bank

SCAM_CALLER = "070-4812-5530"

# Stored with the call in Korean (the phone shows it through the catalog).
SCAM_SCRIPT = (
    "서울중앙지검 수사관입니다. 고객님 명의 인증서가 범죄에 쓰였습니다."
    " 지금 바로 은행 키오스크에서 인증서를 재발급하고, 문자로 오는 인증번호를 저에게 불러 주세요."
    " 수사 중이니 가족이나 은행 직원에게는 말하지 마세요."
)


def place_call(bank: Bank, owner: str, caller: str = SCAM_CALLER) -> None:
    """The call reaches `owner`'s phone now (the trainer's staging)."""
    person = demo_customers.find(owner)
    if person.phone is None:
        return  # no phone, no call: the lesson needs a customer with one
    fraud.record_call(bank.store, person.phone[1], caller, SCAM_SCRIPT, bank.clock.now())
