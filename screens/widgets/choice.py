"""Radio choices a customer can read without colour, and leave with Enter."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import RadioButton, RadioSet


class Choice(RadioButton):
    """Textual's radio button draws both states as the same dot in two colours, which a
    customer who cannot tell the colours apart cannot read (WCAG 1.4.1)."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("(", style), ("●" if self.value else " ", style), (")", style))


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
