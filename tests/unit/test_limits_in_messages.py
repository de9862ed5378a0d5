"""A rule's limit is written once, in the rule: messages take it as a value, so a
bank that changes a limit never shows a customer the old number."""

from __future__ import annotations

import re
from enum import Enum

import pytest

from kiosk.certs import renewal
from kiosk.factors import auth
from kiosk.people import identity_factors
from kiosk.people.identity_factors import FactorStatus

# A count of tries or minutes written as a number in a message template.
WRITTEN_LIMIT = re.compile(r"\d+\s*(회|분|일 전)")


@pytest.mark.parametrize(
    "statuses", [auth.AuthStatus, auth.CardStatus, FactorStatus], ids=lambda e: e.__name__
)
def test_status_messages_carry_no_written_limits(statuses: type[Enum]) -> None:
    written = [s.name for s in statuses if WRITTEN_LIMIT.search(str(s.value))]
    assert written == []


@pytest.mark.parametrize(
    ("phrase", "limit"),
    [
        (auth.AuthStatus.VOIDED.phrase, auth.SMS_MAX_FAILURES),
        (auth.AuthStatus.LOCKED.phrase, auth.OTP_MAX_FAILURES),
        (auth.AuthStatus.SEND_LIMIT.phrase, auth.SMS_SEND_WINDOW_SECONDS // 60),
        (auth.CardStatus.LOCKED.phrase, auth.SECURITY_CARD_MAX_FAILURES),
        (FactorStatus.PIN_LOCKED.phrase, identity_factors.ACCOUNT_PIN_MAX_FAILURES),
        (FactorStatus.EXPIRED.phrase, identity_factors.ONE_WON_VALID_SECONDS // 60),
        (FactorStatus.VOIDED.phrase, identity_factors.ONE_WON_MAX_FAILURES),
    ],
)
def test_the_limit_shown_is_the_rules_own(phrase: object, limit: int) -> None:
    assert str(limit) in str(phrase.render())  # type: ignore[attr-defined]


def test_the_renewal_window_in_the_message_is_the_rules_own() -> None:
    source = renewal.__file__
    with open(source, encoding="utf-8") as text:
        assert not WRITTEN_LIMIT.search(
            "".join(line for line in text if '"' in line and not line.lstrip().startswith("#"))
        )
