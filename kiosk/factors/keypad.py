"""The secure keypad's layout: digits shuffled for every PIN entry.

Positions follow a phone keypad (3×4): the number keys of a keyboard press
the button at that *position*, not the digit printed on it, so what a key
logger sees says nothing about the PIN."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

COLUMNS = 3
ROWS = 4
CLEAR = "clear"  # 전체삭제
BACK = "back"  # ← one digit
# Cell index (row-major) of each keyboard number key: 1-9 the top three rows, 0 bottom middle.
POSITION_OF_KEY = {str(n): n - 1 for n in range(1, 10)} | {"0": 10}
_CONTROL_CELLS = {9: CLEAR, 11: BACK}


@dataclass(frozen=True)
class Layout:
    """What each of the 12 cells shows: a digit, or a control."""

    cells: tuple[str, ...]

    def digit_at_key(self, key: str) -> str | None:
        """The digit pressed by the keyboard number key `key`."""
        index = POSITION_OF_KEY.get(key)
        return None if index is None else self.cells[index]

    def cell_of_digit(self, digit: str) -> int:
        return self.cells.index(digit)


def shuffled() -> Layout:
    digits = list("0123456789")
    # secrets, not random: the layout is what keeps typed positions meaningless.
    for i in range(len(digits) - 1, 0, -1):
        j = secrets.randbelow(i + 1)
        digits[i], digits[j] = digits[j], digits[i]
    cells: list[str] = []
    for index in range(COLUMNS * ROWS):
        cells.append(_CONTROL_CELLS[index] if index in _CONTROL_CELLS else digits.pop())
    return Layout(tuple(cells))
