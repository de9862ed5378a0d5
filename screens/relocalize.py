"""Redrawing a screen in another language without losing where the customer was."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Input

from kiosk.core.i18n import current_language, easy_mode, english_catalog
from screens.widgets.frame import MessageLine


async def relocalize(screen: Screen[Any]) -> None:
    """Compose `screen` again in the current language (and 쉬운 모드's words, on or off).

    What the customer typed (inputs with an id), where the cursor was and the
    message on the message line are carried over; a screen that changes its
    text after compose re-applies it in `refresh_language()`.
    """
    if getattr(screen, "shown_language", None) is current_language() and (
        getattr(screen, "shown_easy", False) == easy_mode()
    ):
        return
    typed = {field.id: field.value for field in screen.query(Input) if field.id}
    focused = screen.focused.id if screen.focused is not None else None
    message = [(line.kind, line.source, line.held) for line in screen.query(MessageLine)]
    await screen.recompose()
    for field in screen.query(Input):
        if field.id in typed:
            field.value = typed[field.id]
    for line, (kind, source, held) in zip(screen.query(MessageLine), message, strict=False):
        if held is not None and source is not None:
            # A request is with the bank: its wait words, and the line to come back to.
            line.held = held
            line.hold(source)
            continue
        # A text shown already translated (not a catalog key, nothing to fill)
        # cannot be looked up again; it goes rather than stay in the other language.
        if source is not None and (source.params or source.template in english_catalog()):
            line.show(kind, source)
    if focused is not None:
        for widget in screen.query(f"#{focused}"):
            if widget.focusable:
                widget.focus()
    refresh = getattr(screen, "refresh_language", None)
    if refresh is not None:
        refresh()
    screen.shown_language = current_language()  # type: ignore[attr-defined]
    screen.shown_easy = easy_mode()  # type: ignore[attr-defined]
