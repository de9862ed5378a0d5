"""금융인증서 in the domain: PIN rules, the sealed key, lock, reset, renewal, re-issue, delete."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from hypothesis import given
from hypothesis import strategies as st

from kiosk.bankside.bank import Bank
from kiosk.certs.products import FINANCIAL
from kiosk.core.clock import KST, ManualClock
from kiosk.core.refusal import Refused
from kiosk.factors import keypad
from kiosk.factors.pin_rules import PinRule, broken_pin_rules
from kiosk.fincert import vault as vault
from kiosk.fincert.cloud_certs import PIN_MAX_FAILURES
from kiosk.npki import crl, vid
from kiosk.npki.revocation import RevocationReason
from kiosk.people.customers import Customer
from kiosk.people.rrn import Rrn, parse
from kiosk.training.staging import stage_cloud_certificate

PIN = "280514"
NEW_PIN = "917362"
MINJUN_RRN = "850315-1234566"


def _minjun(bank: Bank) -> tuple[Customer, Rrn]:
    rrn = parse(MINJUN_RRN, bank.clock.now().date())
    customer = bank.registry.find_by_rrn(rrn.digits)
    assert customer is not None
    return customer, rrn


def _refused(code: str, call, *args):  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as refused:
        call(*args)
    assert refused.value.code == code, refused.value.message
    return refused.value


# --- PIN rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "rules"),
    [
        ("280514", []),
        ("135790", []),
        ("000000", [PinRule.ALL_SAME]),
        ("999999", [PinRule.ALL_SAME]),
        ("123456", [PinRule.STRAIGHT]),
        ("654321", [PinRule.STRAIGHT]),
        ("567890", [PinRule.STRAIGHT]),
        ("098765", [PinRule.STRAIGHT]),
        ("12345", [PinRule.LENGTH]),
        ("1234567", [PinRule.LENGTH]),
        ("12a456", [PinRule.LENGTH]),
        ("１２３４５６", [PinRule.LENGTH]),
    ],
)
def test_pin_rules_are_named(pin: str, rules: list[PinRule]) -> None:
    assert broken_pin_rules(pin) == rules


def test_pin_confirmation_must_match() -> None:
    assert broken_pin_rules("280514", "280515") == [PinRule.MISMATCH]
    assert broken_pin_rules("280514", "280514") == []


@given(st.text(max_size=12))
def test_any_text_gets_a_verdict_and_only_six_digits_pass(text: str) -> None:
    broken = broken_pin_rules(text)
    if not broken:
        assert len(text) == 6 and text.isascii() and text.isdigit()


# --- the secure keypad ------------------------------------------------------------


def test_keypad_layout_has_every_digit_once_and_keys_press_positions() -> None:
    layouts = {keypad.shuffled().cells for _ in range(30)}
    assert len(layouts) > 1  # shuffled for every entry
    for cells in layouts:
        layout = keypad.Layout(cells)
        assert sorted(c for c in cells if c.isdigit()) == list("0123456789")
        assert cells[9] == keypad.CLEAR and cells[11] == keypad.BACK
        assert layout.digit_at_key("1") == cells[0]
        assert layout.digit_at_key("0") == cells[10]
        assert layout.digit_at_key("a") is None


# --- issue and the sealed key -----------------------------------------------------------


def test_issued_certificate_verifies_against_the_kftc_chain(bank: Bank) -> None:
    customer, rrn = _minjun(bank)
    record = bank.cloud.issue(customer, rrn, PIN, PIN)
    cert = record.certificate
    issuer = bank.cas.issuer(FINANCIAL.ca).certificate
    cert.verify_directly_issued_by(issuer)
    issuer.verify_directly_issued_by(bank.cas.root.certificate)
    assert issuer.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)[0].value == (
        "yessign"
    )
    assert record.not_after.date() == dt.date(2029, 11, 22)
    policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    assert policies[0].policy_identifier.dotted_string == FINANCIAL.policy_oid
    opened = bank.cloud.open(customer.id, PIN)
    assert opened.key.public_key().public_numbers() == cert.public_key().public_numbers()
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    identify = san.get_values_for_type(x509.OtherName)[0].value
    name, cert_vid = vid.parse_identify_data(identify) or ("", b"")
    assert name == "김민준" and vid.vid_matches(cert_vid, rrn.digits, opened.random_num)


def test_key_in_the_store_does_not_open_without_the_pin(bank: Bank, data_dir: Path) -> None:
    customer, rrn = _minjun(bank)
    record = bank.cloud.issue(customer, rrn, PIN)
    opened = bank.cloud.open(customer.id, PIN)
    key_der = opened.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert key_der[-64:] not in path.read_bytes(), path
    row = bank.store.db.execute(
        "SELECT * FROM cloud_certificates WHERE serial = ?", (record.serial,)
    ).fetchone()
    stored = vault.Wrap(row["pin_salt"], row["pin_wrap"])
    secret = (data_dir / "cloud" / "hsm.secret").read_bytes()
    for guess in ("000000", "123456", "280515", "082514", "111111", NEW_PIN):
        with pytest.raises(vault.WrongSecret):
            vault.unwrap(secret, vault.PIN, guess, stored, vault.aad(customer.id))
    # Even the right PIN needs the cloud's secret.
    with pytest.raises(vault.WrongSecret):
        vault.unwrap(b"\0" * 32, vault.PIN, PIN, stored, vault.aad(customer.id))
    # And a wrap moved to another customer's row does not open.
    with pytest.raises(vault.WrongSecret):
        vault.unwrap(secret, vault.PIN, PIN, stored, vault.aad(customer.id + 1))
    assert vault.unwrap(secret, vault.PIN, PIN, stored, vault.aad(customer.id)) == opened.data_key


def test_one_certificate_at_a_time(bank: Bank) -> None:
    customer, rrn = _minjun(bank)
    bank.cloud.issue(customer, rrn, PIN)
    _refused("fincert_exists", bank.cloud.issue, customer, rrn, PIN)


def test_issue_refuses_broken_pin_rules_and_writes_nothing(bank: Bank) -> None:
    customer, rrn = _minjun(bank)
    refusal = _refused("pin_rule", bank.cloud.issue, customer, rrn, "123456", "123456")
    assert PinRule.STRAIGHT.message in refusal.message
    _refused("pin_rule", bank.cloud.issue, customer, rrn, PIN, "280541")
    assert bank.cloud.current(customer.id) is None


# --- PIN lock and reset ---------------------------------------------------------------


def test_five_wrong_pins_lock_across_restarts_until_reset(
    bank: Bank, data_dir: Path, clock: ManualClock
) -> None:
    customer, rrn = _minjun(bank)
    first = bank.cloud.issue(customer, rrn, PIN)
    _refused("pin_shape", bank.cloud.open, customer.id, "12")  # not counted
    for attempt in range(1, PIN_MAX_FAILURES):
        refusal = _refused("pin_wrong", bank.cloud.open, customer.id, "111112")
        assert f"{attempt}/5" in refusal.message
    _refused("pin_locked", bank.cloud.open, customer.id, "111112")
    again = Bank.open(data_dir, clock)  # another kiosk process, or a restart
    try:
        _refused("pin_locked", again.cloud.open, customer.id, PIN)
        other = parse("920708-2345672", clock.now().date())
        _refused("fincert_not_owner", again.cloud.reset_pin, customer, other, NEW_PIN)
        _refused("pin_rule", again.cloud.reset_pin, customer, rrn, "000000")
        reset = again.cloud.reset_pin(customer, rrn, NEW_PIN, NEW_PIN)
    finally:
        again.close()
    assert reset.serial == first.serial and not reset.pin_locked
    _refused("pin_wrong", bank.cloud.open, customer.id, PIN)
    opened = bank.cloud.open(customer.id, NEW_PIN)
    # The key stayed: same certificate, same public key.
    assert opened.record.certificate == first.certificate


def test_a_right_pin_clears_the_count(bank: Bank) -> None:
    customer, rrn = _minjun(bank)
    bank.cloud.issue(customer, rrn, PIN)
    for _ in range(4):
        _refused("pin_wrong", bank.cloud.open, customer.id, "111112")
    bank.cloud.open(customer.id, PIN)
    refusal = _refused("pin_wrong", bank.cloud.open, customer.id, "111112")
    assert "1/5" in refusal.message


# --- renewal, re-issue, delete --------------------------------------------------------------


def _staged(bank: Bank, days_ago: int):  # type: ignore[no-untyped-def]
    issued_on = bank.clock.now().date() - dt.timedelta(days=days_ago)
    return stage_cloud_certificate(bank, "김민준", issued_on, PIN)


def test_renewal_window(bank: Bank) -> None:
    customer, _ = _minjun(bank)
    _staged(bank, 300)
    refusal = _refused("renew_too_early", bank.cloud.check_renewable, customer.id)
    assert "30일" in refusal.message


def test_renewal_keeping_the_pin(bank: Bank, data_dir: Path) -> None:
    customer, rrn = _minjun(bank)
    old = _staged(bank, 3 * 365 - 10)
    opened = bank.cloud.open(customer.id, PIN)
    renewed = bank.cloud.renew(opened, customer, rrn)
    assert renewed.serial != old.serial
    assert renewed.not_after.date() == old.not_after.date().replace(year=old.not_after.year + 3)
    assert renewed.certificate.subject == old.certificate.subject
    assert renewed.certificate.public_key() != old.certificate.public_key()
    again = bank.cloud.open(customer.id, PIN)
    assert again.record.serial == renewed.serial
    revoked = bank.cloud.get(old.serial)
    assert revoked is not None and revoked.revoke_reason is RevocationReason.SUPERSEDED
    status = crl.status_from_crls(data_dir, old.certificate)
    assert status is not None and status.revoked


def test_renewal_with_a_new_pin(bank: Bank) -> None:
    customer, rrn = _minjun(bank)
    _staged(bank, 3 * 365 - 10)
    opened = bank.cloud.open(customer.id, PIN)
    _refused("pin_rule", bank.cloud.renew, opened, customer, rrn, "654321", "654321")
    bank.cloud.renew(opened, customer, rrn, NEW_PIN, NEW_PIN)
    _refused("pin_wrong", bank.cloud.open, customer.id, PIN)
    bank.cloud.open(customer.id, NEW_PIN)


def test_expired_certificate_is_not_renewed_but_reissued(bank: Bank) -> None:
    customer, rrn = _minjun(bank)
    old = _staged(bank, 3 * 365 + 5)
    _refused("renew_expired", bank.cloud.check_renewable, customer.id)
    _refused("fincert_expired", bank.cloud.open, customer.id, PIN)
    new = bank.cloud.reissue(customer, rrn, NEW_PIN)
    assert new.serial != old.serial and bank.cloud.open(customer.id, NEW_PIN)


def test_reissue_needs_an_earlier_certificate_and_revokes_it(bank: Bank, data_dir: Path) -> None:
    customer, rrn = _minjun(bank)
    _refused("fincert_none", bank.cloud.reissue, customer, rrn, PIN)
    lost = bank.cloud.issue(customer, rrn, PIN)
    new = bank.cloud.reissue(customer, rrn, NEW_PIN)
    old = bank.cloud.get(lost.serial)
    assert old is not None and old.revoke_reason is RevocationReason.SUPERSEDED
    assert bank.cloud.current(customer.id) == new
    status = crl.status_from_crls(data_dir, lost.certificate)
    assert status is not None and status.revoked


def test_delete_revokes_and_wipes_the_key(bank: Bank, data_dir: Path) -> None:
    customer, rrn = _minjun(bank)
    record = bank.cloud.issue(customer, rrn, PIN)
    deleted = bank.cloud.delete(customer.id)
    assert deleted.revoke_reason is RevocationReason.CESSATION
    row = bank.store.db.execute(
        "SELECT sealed_key, pin_wrap, escrow_wrap FROM cloud_certificates WHERE serial = ?",
        (record.serial,),
    ).fetchone()
    assert (row["sealed_key"], row["pin_wrap"], row["escrow_wrap"]) == (b"", b"", b"")
    status = crl.status_from_crls(data_dir, record.certificate)
    assert status is not None and status.reason is RevocationReason.CESSATION
    _refused("fincert_none", bank.cloud.open, customer.id, PIN)
    _refused("fincert_none", bank.cloud.delete, customer.id)
    # After deletion the customer can get one again, by re-issue or a new issue.
    assert bank.cloud.reissue(customer, rrn, NEW_PIN).serial != record.serial


def test_time_is_the_injected_clock(data_dir: Path) -> None:
    clock = ManualClock(dt.datetime(2030, 2, 1, 9, tzinfo=KST))
    bank = Bank.open(data_dir, clock)
    try:
        customer, rrn = _minjun(bank)
        record = bank.cloud.issue(customer, rrn, PIN)
        assert record.not_before.date() == dt.date(2030, 2, 1)
        assert record.not_after.date() == dt.date(2033, 2, 1)
    finally:
        bank.close()
