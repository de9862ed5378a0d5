"""Certificates built like the real ones, and read like real ones."""

from __future__ import annotations

from kiosk.bankside.bank import Bank
from kiosk.certs.products import FINANCIAL, KNOWN_POLICIES, LEGACY_FINANCIAL_POLICY_OID
from kiosk.npki import reader
from kiosk.terminal.media import Medium
from tests.conftest import TODAY
from tests.foreign_ca import outside_ca, subscriber

PASSWORD = "Kiosk!2026pw"


def test_every_policy_oid_is_read_not_only_the_first(bank: Bank) -> None:
    """TradeSign's certificates carry two policies; the product is named by the known one."""
    bank.media.insert_usb()
    directory = subscriber(
        outside_ca(now=TODAY),
        real_name="김민준",
        rrn_digits="8503151234566",
        medium_root=bank.media.root(Medium.USB),
        password=PASSWORD,
        now=TODAY,
        folder="TradeSign",
        policy=("1.2.410.200012.1.1.3", "1.2.410.200012.1.1.101"),
    )
    info = reader.load(directory)
    assert info.policy_oids == ["1.2.410.200012.1.1.3", "1.2.410.200012.1.1.101"]
    assert info.policy_oid == "1.2.410.200012.1.1.101"
    assert info.product_name == "은행/신용카드/보험용" and info.ca_name == "한국무역정보통신"


def test_the_financial_certificate_has_a_simulated_oid_of_its_own() -> None:
    """1.2.410.200005.1.1.6.8 is yessign's 전자세금용 in public OID tables: bank filters
    would hide or mislabel a 금융인증서 carrying it. The simulated OID is UUID-based
    (arc 2.25), which no real product uses; the old one still reads as 금융인증서."""
    assert FINANCIAL.policy_oid.startswith("2.25.")
    assert FINANCIAL.policy_oid != LEGACY_FINANCIAL_POLICY_OID
    assert KNOWN_POLICIES[LEGACY_FINANCIAL_POLICY_OID][1] == FINANCIAL.name
    assert not any(
        oid.startswith("1.2.410.200005.1.1.6")
        for oid, (_, name) in KNOWN_POLICIES.items()
        if oid != LEGACY_FINANCIAL_POLICY_OID
    )
