"""A radio choice whose state is a symbol, not a colour: (●) chosen, ( ) not."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton


class Choice(RadioButton):
    """Textual's radio button draws both states as the same dot in two colours, which a
    customer who cannot tell the colours apart cannot read (WCAG 1.4.1)."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("(", style), ("●" if self.value else " ", style), (")", style))
