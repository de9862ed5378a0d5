"""본인확인: checking a person against the registry with an ID document, DESIGN §5."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from kiosk.core.i18n import Phrase
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.people import rrn as rrn_rules
from kiosk.people.customers import Customer, DocumentKind, Registry


class IdentityRefusal(Enum):
    NO_NAME = "이름을 입력해 주세요."
    NO_SUCH_CUSTOMER = "입력하신 이름과 주민등록번호로 등록된 고객이 없습니다."
    DOCUMENT_NOT_HELD = "이 고객에게 등록된 해당 신분증이 없습니다. 다른 신분증을 선택해 주세요."
    DOCUMENT_MISMATCH = "신분증 정보가 일치하지 않습니다. 신분증을 확인해 주세요."
    DOCUMENT_EXPIRED = "유효기간이 지난 신분증입니다. 유효한 신분증으로 다시 시도해 주세요."
    BAD_DATE = "날짜는 8자리 숫자(예: 20200131)로 입력해 주세요."
    BAD_LICENCE = "운전면허번호는 숫자 12자리로 입력해 주세요(예: 11-23-456789-01)."
    BAD_PASSPORT = "여권번호는 영문 1~2자와 숫자 7~8자리로 입력해 주세요(예: M12345678)."

    @property
    def phrase(self) -> Phrase:
        return Phrase(self.value)

    @property
    def message(self) -> str:
        return self.phrase.render()


@dataclass(frozen=True)
class DocumentClaim:
    """What the customer typed from the ID document in hand."""

    kind: DocumentKind
    issue_date: str = ""
    licence_number: str = ""
    passport_number: str = ""
    expiry_date: str = ""


@dataclass(frozen=True)
class VerifiedIdentity:
    customer: Customer
    rrn: rrn_rules.Rrn
    document: DocumentKind


def parse_date(text: str) -> dt.date:
    digits = re.sub(r"[\s.\-/]", "", text)
    if not re.fullmatch(r"\d{8}", digits) or not digits.isascii():
        raise _refuse(IdentityRefusal.BAD_DATE)
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise _refuse(IdentityRefusal.BAD_DATE) from None


def normalise_licence(text: str) -> str:
    digits = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(r"\d{12}", digits) or not digits.isascii():
        raise _refuse(IdentityRefusal.BAD_LICENCE)
    return digits


def normalise_passport(text: str) -> str:
    value = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{1,2}\d{7,8}", value) or not value.isascii():
        raise _refuse(IdentityRefusal.BAD_PASSPORT)
    return value


def _refuse(reason: IdentityRefusal) -> Refused:
    return Refused(RefusalCode(reason.name.lower()), reason.phrase)


# Cards checked by their 발급일자 (the 진위확인 of 주민등록증 and 외국인등록증).
_DATED_CARDS = (DocumentKind.RESIDENT_CARD, DocumentKind.ALIEN_CARD)


def _name_and_rrn(name: str, rrn_text: str, today: dt.date) -> tuple[str, rrn_rules.Rrn]:
    """What was typed, checked for form before anything is looked up."""
    name = name.strip()
    if not name:
        raise _refuse(IdentityRefusal.NO_NAME)
    try:
        return name, rrn_rules.parse(rrn_text, today)
    except rrn_rules.InvalidRrn as error:
        raise Refused(RefusalCode.of_status("rrn", error.error), error.error.phrase) from None


def named(
    registry: Registry, name: str, rrn_text: str, today: dt.date
) -> tuple[Customer, rrn_rules.Rrn]:
    """The customer of this name and resident number, with no document (본인확인 by a
    금융인증서, whose signature is the proof); Refused as `verify` refuses."""
    name, rrn = _name_and_rrn(name, rrn_text, today)
    customer = registry.find_by_rrn(rrn.digits)
    if customer is None or customer.name != name:
        raise _refuse(IdentityRefusal.NO_SUCH_CUSTOMER)
    return customer, rrn


def verify(
    registry: Registry, name: str, rrn_text: str, claim: DocumentClaim, today: dt.date
) -> VerifiedIdentity:
    """The customer, or a Refused saying why not (for the screen that asked)."""
    name, rrn = _name_and_rrn(name, rrn_text, today)
    # Parse what was typed before looking anything up, so format errors are
    # reported the same way for customers and non-customers.
    typed_date: dt.date | None = None
    typed_number = ""
    if claim.kind in _DATED_CARDS:
        typed_date = parse_date(claim.issue_date)
    elif claim.kind is DocumentKind.DRIVER_LICENCE:
        typed_number = normalise_licence(claim.licence_number)
    else:
        typed_number = normalise_passport(claim.passport_number)
        typed_date = parse_date(claim.expiry_date)

    customer = registry.find_by_rrn(rrn.digits)
    if customer is None or customer.name != name:
        raise _refuse(IdentityRefusal.NO_SUCH_CUSTOMER)
    held = [d for d in registry.documents(customer.id) if d.kind is claim.kind]
    if not held:
        raise _refuse(IdentityRefusal.DOCUMENT_NOT_HELD)
    document = held[0]
    number_hash = registry.store.keyed_hash(typed_number) if typed_number else None
    if claim.kind in _DATED_CARDS:
        matches = document.issue_date == typed_date
    elif claim.kind is DocumentKind.DRIVER_LICENCE:
        matches = document.number_hash == number_hash
    else:
        matches = document.number_hash == number_hash and document.expiry_date == typed_date
    if not matches:
        raise _refuse(IdentityRefusal.DOCUMENT_MISMATCH)
    if document.expiry_date is not None and document.expiry_date < today:
        raise _refuse(IdentityRefusal.DOCUMENT_EXPIRED)
    return VerifiedIdentity(customer=customer, rrn=rrn, document=claim.kind)
