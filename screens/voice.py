"""What the kiosk says about the screen on show: its title and instructions, read
from the widgets the customer sees (never from a field's value)."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from kiosk.core.i18n import tr

# Fields whose keys are heard as a tone, never said: codes and the resident number's
# front half (a birth date) besides every password field.
SECRET_FIELDS = ("code", "rrn-front")


class Say(Message):
    """Something a screen or box wants said (it bubbles up to the App's voice)."""

    def __init__(self, where: str, text: str) -> None:
        super().__init__()
        self.where, self.text = where, text


def screen_words(screen: Screen[object]) -> str:
    """The title, the instructions (`.hint`) and the choices of `screen`, in order."""
    # The title in full, however it was shortened to fit the terminal.
    parts = [
        str(getattr(title, "spoken", "")).strip() or _text(title)
        for title in screen.query("#title").results(Static)
    ]
    # 쉬운 모드's question on show (본인확인 asks one at a time).
    parts.extend(_text(asked) for asked in screen.query(".question").results(Static))
    for options in screen.query(OptionList):
        parts.extend(
            str(options.get_option_at_index(index).prompt) for index in range(options.option_count)
        )
    parts.extend(_text(hint) for hint in screen.query(".hint").results(Static) if hint.display)
    return ". ".join(part for part in parts if part.strip())


def _text(widget: Static) -> str:
    return str(widget.render()).strip()


def keys_are_secret(widget: Widget | None) -> bool:
    """Is `widget` a field whose keys must not be said (a PIN, password or code)?"""
    from screens.widgets.keypad import SecureKeypad

    if isinstance(widget, SecureKeypad):
        return True
    return isinstance(widget, Input) and (widget.password or widget.id in SECRET_FIELDS)


def field_words(widget: Widget) -> str:
    """What is said when the focus moves to `widget`: its label, never its value."""
    # Here, not at the top: the home screen's first paint needs no radio buttons.
    from textual.widgets import RadioSet

    from screens.widgets.keypad import SecureKeypad

    if isinstance(widget, SecureKeypad):
        return tr("보안 키패드입니다. 누른 숫자는 소리로만 알려 드립니다.")
    if not isinstance(widget, Input | RadioSet):
        return ""  # lists are read with the screen, choices and all
    label = _label_before(widget) or (widget.placeholder if isinstance(widget, Input) else "")
    if not label:
        return ""
    if isinstance(widget, RadioSet):
        return tr("{label} 선택", label=label)
    if keys_are_secret(widget):
        return tr("{label} 입력칸. 누른 글자는 소리로만 알려 드립니다.", label=label)
    return tr("{label} 입력칸", label=label)


def _label_before(widget: Widget) -> str:
    """The text of the nearest label before `widget` in its row, if any."""
    from textual.widgets import Label

    node: DOMNode = widget
    parent = node.parent
    while parent is not None:
        siblings = list(parent.children)
        if node in siblings:
            labels = [c for c in siblings[: siblings.index(node)] if isinstance(c, Label)]
            if labels:
                return str(labels[-1].render()).strip()
        if parent.has_class("row") or isinstance(parent, Screen):
            return ""
        node, parent = parent, parent.parent
    return ""
