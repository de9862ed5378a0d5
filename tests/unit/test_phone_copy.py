"""인증서 내보내기/가져오기 through the bank's relay: the files arrive unchanged and
open with the same password (both key encodings, PyPinkSign too); the bank holds
only bytes it cannot open; the 인증번호 is good once, for three minutes, and five
wrong secrets void it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypinksign import PinkSign

from kiosk.bankside.bank import Bank
from kiosk.bankside.copy_relay import MAX_FAILURES, VALID_SECONDS, CopyRelay, CopyTicket
from kiosk.certs.phone_copy import CertificateFiles, open_sealed, seal
from kiosk.certs.products import BANK_USE
from kiosk.core.clock import ManualClock
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.npki import keyfile, reader
from kiosk.npki.encodings import KeyEncoding
from kiosk.terminal.media import Medium
from kiosk.training.staging import make_certificate

PASSWORD = "Kiosk!2026pw"
PHONE = "phone:010-1234-5678"


def _certificate(bank: Bank, encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1) -> Path:
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits="8503151234566",
        product=BANK_USE,
        medium=Medium.HARD_DISK,
        password=PASSWORD,
        encoding=encoding,
    )
    return made.directory


def _send(relay: CopyRelay, ticket: CopyTicket, directory: Path, code: str | None = None) -> None:
    relay.deposit(
        code or ticket.shown,
        seal(CertificateFiles.read(directory), ticket.secret, ticket.relay_id),
    )


@pytest.mark.parametrize("encoding", list(KeyEncoding))
def test_a_certificate_copied_to_the_phone_opens_there_with_its_password(
    bank: Bank, tmp_path: Path, encoding: KeyEncoding
) -> None:
    source = _certificate(bank, encoding)
    relay = CopyRelay(bank.store, bank.clock)
    ticket = relay.open(PHONE)  # the phone shows the number
    assert relay.collect(ticket.relay_id, PHONE) is None  # nothing sent yet
    _send(relay, ticket, source)  # the kiosk keys it (as shown: 8+8 with spaces)
    sealed = relay.collect(ticket.relay_id, PHONE)
    assert sealed is not None
    copy = open_sealed(sealed, ticket.secret, ticket.relay_id).write(tmp_path / "phone")
    assert copy.relative_to(tmp_path / "phone").parts[:3] == ("NPKI", "yessign", "USER")
    assert copy.name == source.name
    for name in ("signCert.der", "signPri.key"):
        assert (copy / name).read_bytes() == (source / name).read_bytes()
    opened = keyfile.decrypt_key((copy / "signPri.key").read_bytes(), PASSWORD)
    assert opened.encoding is encoding and reader.load(copy).key_matches(opened.key)
    if encoding is KeyEncoding.SEED_CBC_WITH_SHA1:
        pink = PinkSign(
            pubkey_path=str(copy / "signCert.der"),
            prikey_path=str(copy / "signPri.key"),
            prikey_password=PASSWORD.encode(),
        )
        assert pink.verify(pink.sign(b"copied"), b"copied")


def test_the_bank_relays_bytes_it_cannot_open(bank: Bank) -> None:
    source = _certificate(bank)
    relay = CopyRelay(bank.store, bank.clock)
    ticket = relay.open(PHONE)
    _send(relay, ticket, source)
    stored = bytes(
        bank.store.db.execute(
            "SELECT payload FROM copy_relays WHERE relay_id = ?", (ticket.relay_id,)
        ).fetchone()[0]
    )
    assert (source / "signCert.der").read_bytes()[:64] not in stored
    kept = bank.store.db.execute(
        "SELECT secret_hash FROM copy_relays WHERE relay_id = ?", (ticket.relay_id,)
    ).fetchone()[0]
    assert ticket.secret not in kept
    other = f"{(int(ticket.secret) + 1) % 10**8:08d}"
    with pytest.raises(Refused) as refused:
        open_sealed(stored, other, ticket.relay_id)
    assert refused.value.code is RefusalCode.COPY_DAMAGED
    tampered = stored[:-1] + bytes([stored[-1] ^ 1])
    with pytest.raises(Refused) as refused:
        open_sealed(tampered, ticket.secret, ticket.relay_id)
    assert refused.value.code is RefusalCode.COPY_DAMAGED


def test_wrong_secrets_are_counted_and_the_fifth_voids_the_number(bank: Bank) -> None:
    source = _certificate(bank)
    relay = CopyRelay(bank.store, bank.clock)
    ticket = relay.open(PHONE)
    wrong = ticket.relay_id + f"{(int(ticket.secret) + 7) % 10**8:08d}"
    for attempt in range(1, MAX_FAILURES + 1):
        with pytest.raises(Refused) as refused:
            _send(relay, ticket, source, code=wrong)
        assert refused.value.code is RefusalCode.COPY_CODE_WRONG
        assert refused.value.params["failures"] == attempt
    with pytest.raises(Refused) as refused:
        _send(relay, ticket, source)  # even the right one, now
    assert refused.value.code is RefusalCode.COPY_CODE_VOIDED


def test_a_number_is_good_for_three_minutes_and_one_copy(bank: Bank, clock: ManualClock) -> None:
    source = _certificate(bank)
    relay = CopyRelay(bank.store, bank.clock)
    late = relay.open(PHONE)
    clock.advance(VALID_SECONDS + 1)
    for call in (
        lambda: _send(relay, late, source),
        lambda: relay.collect(late.relay_id, PHONE),
    ):
        with pytest.raises(Refused) as refused:
            call()
        assert refused.value.code is RefusalCode.COPY_CODE_EXPIRED
    ticket = relay.open(PHONE)
    _send(relay, ticket, source)
    assert relay.collect(ticket.relay_id, PHONE) is not None
    for call in (
        lambda: _send(relay, ticket, source),
        lambda: relay.collect(ticket.relay_id, PHONE),
    ):
        with pytest.raises(Refused) as refused:
            call()
        assert refused.value.code is RefusalCode.COPY_CODE_USED


@pytest.mark.parametrize("typed", ["", "1234", "1234 5678 - 9012 345x", "1" * 17])
def test_a_number_of_the_wrong_shape_is_refused_before_the_bank_looks(
    bank: Bank, typed: str
) -> None:
    relay = CopyRelay(bank.store, bank.clock)
    with pytest.raises(Refused) as refused:
        relay.deposit(typed, b"x")
    assert refused.value.code is RefusalCode.COPY_CODE_SHAPE


def test_only_the_receiver_that_asked_collects(bank: Bank) -> None:
    relay = CopyRelay(bank.store, bank.clock)
    ticket = relay.open(PHONE)
    with pytest.raises(Refused) as refused:
        relay.collect(ticket.relay_id, "phone:010-9999-0000")
    assert refused.value.code is RefusalCode.COPY_CODE_UNKNOWN


def test_a_copy_travels_between_a_networked_kiosk_and_phone_through_the_bank(
    bank: Bank, tmp_path: Path
) -> None:
    """Over HTTP: the phone (a training room's device) asks for the number, the kiosk
    sends under it, the phone collects; and the other way round."""
    from kiosk.terminal.link import KioskLink
    from tests.fleet.live_bank import live_bank

    source = _certificate(bank)
    with live_bank(bank, "강남-1") as live:
        link = KioskLink.remote(live.url, live.token, tmp_path / "kiosk")
        phone = "010-1234-5678"
        ticket = link.devices.copy_receive(phone)
        assert link.devices.copy_collect(phone, ticket.relay_id) is None
        sealed = seal(CertificateFiles.read(source), ticket.secret, ticket.relay_id)
        link.bank.copy_send(ticket.shown, sealed)
        received = link.devices.copy_collect(phone, ticket.relay_id)
        assert received is not None
        on_phone = open_sealed(received, ticket.secret, ticket.relay_id).write(tmp_path / "phone")
        back = link.bank.copy_receive()
        link.devices.copy_send(
            back.code, seal(CertificateFiles.read(on_phone), back.secret, back.relay_id)
        )
        returned = link.bank.copy_collect(back.relay_id)
        assert returned is not None
        again = open_sealed(returned, back.secret, back.relay_id)
        assert again.files["signPri.key"] == (source / "signPri.key").read_bytes()
        with pytest.raises(Refused) as refused:
            link.bank.copy_send(back.code, sealed)  # used once already
        assert refused.value.code is RefusalCode.COPY_CODE_USED
