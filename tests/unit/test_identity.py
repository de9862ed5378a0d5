import datetime as dt

import pytest

from kiosk.bankside.bank import Bank
from kiosk.core.refusal import Refused
from kiosk.people.customers import DocumentKind
from kiosk.people.identity import DocumentClaim, verify

TODAY = dt.date(2026, 11, 22)


def _verify(bank: Bank, name: str, rrn: str, claim: DocumentClaim) -> str:
    try:
        verify(bank.registry, name, rrn, claim, TODAY)
    except Refused as error:
        return error.code
    return "ok"


def test_each_document_kind(bank: Bank) -> None:
    card = DocumentClaim(DocumentKind.RESIDENT_CARD, issue_date="2015.06.10")
    licence = DocumentClaim(DocumentKind.DRIVER_LICENCE, licence_number="11-05-123456-71")
    passport = DocumentClaim(
        DocumentKind.PASSPORT, passport_number="e12345678", expiry_date="2029-09-30"
    )
    assert _verify(bank, "김민준", "8503151234566", card) == "ok"
    assert _verify(bank, "김민준", "850315-1234566", licence) == "ok"
    assert _verify(bank, "왕웨이", "880909-5123452", passport) == "ok"


@pytest.mark.parametrize(
    ("name", "rrn", "claim", "code"),
    [
        ("", "850315-1234566", DocumentClaim(DocumentKind.RESIDENT_CARD, "20150610"), "no_name"),
        ("김민준", "850315-1234567", DocumentClaim(DocumentKind.RESIDENT_CARD, "20150610"), "rrn_bad_check_digit"),
        ("김민수", "850315-1234566", DocumentClaim(DocumentKind.RESIDENT_CARD, "20150610"), "no_such_customer"),
        ("김민준", "850315-1234566", DocumentClaim(DocumentKind.RESIDENT_CARD, "20150611"), "document_mismatch"),
        ("김민준", "850315-1234566", DocumentClaim(DocumentKind.RESIDENT_CARD, "20150231"), "bad_date"),
        ("김민준", "850315-1234566", DocumentClaim(DocumentKind.PASSPORT, passport_number="M1234567", expiry_date="20300101"), "document_not_held"),
        ("박지훈", "780122-1123453", DocumentClaim(DocumentKind.PASSPORT, passport_number="M12345678", expiry_date="20240531"), "document_expired"),
        ("박지훈", "780122-1123453", DocumentClaim(DocumentKind.PASSPORT, passport_number="M12345679", expiry_date="20240531"), "document_mismatch"),
        ("박지훈", "780122-1123453", DocumentClaim(DocumentKind.DRIVER_LICENCE, licence_number="1207"), "bad_licence"),
        ("박지훈", "780122-1123453", DocumentClaim(DocumentKind.PASSPORT, passport_number="12345678", expiry_date="20240531"), "bad_passport"),
    ],
)  # fmt: skip
def test_refusals(bank: Bank, name: str, rrn: str, claim: DocumentClaim, code: str) -> None:
    assert _verify(bank, name, rrn, claim) == code


def test_an_expired_document_is_valid_the_day_it_expires(bank: Bank) -> None:
    claim = DocumentClaim(
        DocumentKind.PASSPORT, passport_number="M12345678", expiry_date="20240531"
    )
    verify(bank.registry, "박지훈", "780122-1123453", claim, dt.date(2024, 5, 31))
