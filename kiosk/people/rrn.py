"""주민등록번호 (resident registration number) rules, DESIGN §5."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from kiosk.core.i18n import Phrase

# Numbers assigned from this day carry random digits instead of a check digit.
CHECK_DIGIT_ABOLISHED = dt.date(2020, 10, 5)
_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_CENTURY = {
    9: 1800,
    0: 1800,
    1: 1900,
    2: 1900,
    3: 2000,
    4: 2000,
    5: 1900,
    6: 1900,
    7: 2000,
    8: 2000,
}
_SHAPE = re.compile(r"^(\d{6})-?(\d{7})$")


class RrnError(Enum):
    MALFORMED = "주민등록번호는 숫자 13자리(앞 6자리, 뒤 7자리)로 입력해 주세요."
    BAD_DATE = "주민등록번호의 생년월일이 올바른 날짜가 아닙니다."
    FUTURE_DATE = "주민등록번호의 생년월일이 오늘 이후입니다."
    BAD_CHECK_DIGIT = "주민등록번호가 올바르지 않습니다(검증번호 불일치)."

    @property
    def phrase(self) -> Phrase:
        return Phrase(self.value)

    @property
    def message(self) -> str:
        return self.phrase.render()


class InvalidRrn(ValueError):
    def __init__(self, error: RrnError) -> None:
        super().__init__(error.value)
        self.error = error


@dataclass(frozen=True)
class Rrn:
    digits: str  # 13 digits, no hyphen

    @property
    def gender_digit(self) -> int:
        return int(self.digits[6])

    @property
    def birth_date(self) -> dt.date:
        return _birth_date(self.digits)

    @property
    def is_foreign_resident(self) -> bool:
        return self.gender_digit in (5, 6, 7, 8)

    @property
    def masked(self) -> str:
        return mask(self.digits)

    def __repr__(self) -> str:  # keeps full numbers out of tracebacks and logs
        return f"Rrn({self.masked})"

    __str__ = __repr__


def check_digit(digits12: str) -> int:
    total = sum(int(d) * w for d, w in zip(digits12, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def _birth_date(digits: str) -> dt.date:
    century = _CENTURY[int(digits[6])]
    return dt.date(century + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))


def parse(text: str, today: dt.date) -> Rrn:
    """Validate a resident number typed with or without the hyphen.

    Raises InvalidRrn naming the broken rule."""
    match = _SHAPE.match(text.strip())
    if match is None or not text.strip().isascii():
        raise InvalidRrn(RrnError.MALFORMED)
    digits = match.group(1) + match.group(2)
    try:
        born = _birth_date(digits)
    except ValueError:
        raise InvalidRrn(RrnError.BAD_DATE) from None
    if born > today:
        raise InvalidRrn(RrnError.FUTURE_DATE)
    # A person born on or after the reform day cannot hold a pre-reform number,
    # so for them the last digit is random and must not be checked.
    if born < CHECK_DIGIT_ABOLISHED and check_digit(digits[:12]) != int(digits[12]):
        raise InvalidRrn(RrnError.BAD_CHECK_DIGIT)
    return Rrn(digits)


def mask(text: str) -> str:
    """`900101-1******` from a number with or without hyphen; anything else fully hidden."""
    digits = re.sub(r"\D", "", text)
    if len(digits) != 13:
        return "******-*******"
    return f"{digits[:6]}-{digits[6]}******"
