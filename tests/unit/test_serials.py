"""One serial allocator for the whole bank: a 금융인증서 never takes a 공동인증서's number."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.bankside.bank import Bank
from kiosk.npki import certificate


def test_a_serial_taken_by_either_kind_of_certificate_is_skipped(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued, cloud = 66666666, 77777777
    with bank.store.transaction() as db:  # a row of each kind, as far as its number goes
        db.execute(
            "INSERT INTO certificates (serial, customer_id, product, ca, subject_dn,"
            " not_before, not_after, medium, directory, status, fee, issued_at)"
            " VALUES (?, 1, '', '', '', '', '', '', '', '', 0, '')",
            (issued,),
        )
        db.execute(
            "INSERT INTO cloud_certificates (serial, customer_id, certificate, sealed_key,"
            " pin_salt, pin_wrap, escrow_salt, escrow_wrap, not_before, not_after, issued_at)"
            " VALUES (?, 1, x'00', x'00', x'00', x'00', x'00', x'00', '', '', '')",
            (cloud,),
        )
    fresh = 4242424242
    drawn: Iterator[int] = iter([issued, cloud, fresh])
    monkeypatch.setattr(certificate, "new_serial_number", lambda: next(drawn))
    assert bank.store.unused_serial() == fresh
