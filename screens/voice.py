"""What the kiosk says about the screen on show: its title and instructions, read
from the widgets the customer sees (never from a field's value)."""

from __future__ import annotations

from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static


class Say(Message):
    """Something a screen or box wants said (it bubbles up to the App's voice)."""

    def __init__(self, where: str, text: str) -> None:
        super().__init__()
        self.where, self.text = where, text


def screen_words(screen: Screen[object]) -> str:
    """The title, the instructions (`.hint`) and the choices of `screen`, in order."""
    parts = [_text(title) for title in screen.query("#title").results(Static)]
    for options in screen.query(OptionList):
        parts.extend(
            str(options.get_option_at_index(index).prompt) for index in range(options.option_count)
        )
    parts.extend(_text(hint) for hint in screen.query(".hint").results(Static) if hint.display)
    return ". ".join(part for part in parts if part.strip())


def _text(widget: Static) -> str:
    return str(widget.render()).strip()
