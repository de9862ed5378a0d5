"""The key bar at the bottom, in the visit's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from kiosk.i18n import SWITCH_LABEL, current_language, tr


class KioskFooter(Footer):
    """Textual's Footer, with each key's description looked up in the catalog."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = (
                    SWITCH_LABEL[current_language()]
                    if widget.action == "toggle_language"
                    else tr(widget.description)
                )
            yield widget
