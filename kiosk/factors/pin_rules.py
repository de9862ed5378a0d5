"""금융인증서 PIN rules, DESIGN §6: six digits, not all the same, not a straight run."""

from __future__ import annotations

import itertools
from enum import Enum

from kiosk.core.i18n import Phrase

PIN_LENGTH = 6


class PinRule(Enum):
    LENGTH = "PIN은 숫자 {length}자리입니다."
    ALL_SAME = "같은 숫자만 반복한 PIN(예: 000000)은 쓸 수 없습니다."
    STRAIGHT = "연속된 숫자(예: 123456, 654321)는 쓸 수 없습니다."
    MISMATCH = "PIN 확인이 처음 입력한 PIN과 다릅니다."

    @property
    def phrase(self) -> Phrase:
        return Phrase(self.value, length=PIN_LENGTH)

    @property
    def message(self) -> str:
        return self.phrase.render()


def is_pin_shaped(pin: str) -> bool:
    return len(pin) == PIN_LENGTH and pin.isascii() and pin.isdigit()


def _is_straight(pin: str) -> bool:
    # Runs follow the keypad's 1234567890 order, so 567890 and 098765 count too.
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {9})


def broken_pin_rules(pin: str, confirmation: str | None = None) -> list[PinRule]:
    """Every rule the PIN breaks (NIST-style blocklist of guessable PINs)."""
    if not is_pin_shaped(pin):
        return [PinRule.LENGTH]
    broken: list[PinRule] = []
    if len(set(pin)) == 1:
        broken.append(PinRule.ALL_SAME)
    if _is_straight(pin):
        broken.append(PinRule.STRAIGHT)
    if confirmation is not None and confirmation != pin:
        broken.append(PinRule.MISMATCH)
    return broken
