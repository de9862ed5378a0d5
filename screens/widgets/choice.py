"""Radio choices a customer can read without colour, and leave with Enter."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import RadioButton, RadioSet


class MarkedRadioButton(RadioButton):
    """The chosen button carries a dot and the others an empty ring, so the choice
    shows on a monochrome screen and to a colour-blind customer, not by colour alone."""

    def __init__(self, label: str, value: bool = False, *, id: str | None = None) -> None:
        super().__init__(label, value, id=id)
        self.BUTTON_INNER = self._mark(value)

    @staticmethod
    def _mark(value: bool) -> str:
        return "●" if value else "○"

    def watch_value(self) -> None:
        self.BUTTON_INNER = self._mark(self.value)
        super().watch_value()


class ChoiceSet(RadioSet):
    """Arrows move, Space picks, and Enter picks and moves on to what the choice asks
    for next (the stock Enter only picks, so the cursor stuck on the set)."""

    INHERIT_BINDINGS = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "next_button", show=False),
        Binding("up,left", "previous_button", show=False),
        Binding("space", "toggle_button", show=False),
        Binding("enter", "choose", show=False),
    ]

    class Chosen(Message):
        """Enter on the set: `index` is the button picked."""

        def __init__(self, choice_set: ChoiceSet, index: int) -> None:
            super().__init__()
            self.choice_set = choice_set
            self.index = index

    def action_choose(self) -> None:
        self.action_toggle_button()
        # The highlighted button is the one picked; the set's own record of the
        # pressed one follows only after its messages, so it is taken from here.
        index = self._selected if self._selected is not None else self.pressed_index
        self.post_message(self.Chosen(self, max(index, 0)))
