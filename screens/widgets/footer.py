"""The key bar at the bottom, in the visit's language."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from kiosk.core.i18n import SWITCH_LABEL, current_language, tr


@runtime_checkable
class _KeyShown(Protocol):
    """What the Footer yields for each key (its class is not public Textual API)."""

    action: str
    description: str


class KioskFooter(Footer):
    """Textual's Footer, with each key's description looked up in the catalog.

    Textual rebuilds the footer whenever the screen's bindings are refreshed,
    which is every focus change; the kiosk's keys rarely change with the focus,
    so the bar is rebuilt only when the keys it shows (or the language) did."""

    _shown: tuple[object, ...] = ()

    def _keys_shown(self) -> tuple[object, ...]:
        keys = tuple(
            (binding.key, self._label(binding.action, binding.description), enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return (current_language(), keys)

    def _label(self, action: str, description: str) -> str:
        """A key whose meaning flips (F6 show / hide) is named by the screen."""
        relabel = getattr(self.screen, "key_label", None)
        return str(relabel(action, description)) if callable(relabel) else description

    def bindings_changed(self, screen: Screen[object]) -> None:
        if (
            self._bindings_ready
            and self.is_attached
            and screen is self.screen
            and self._keys_shown() == self._shown
        ):
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown() if self._bindings_ready else ()
        for widget in super().compose():
            if isinstance(widget, _KeyShown):
                widget.description = (
                    SWITCH_LABEL[current_language()]
                    if widget.action == "toggle_language"
                    else tr(self._label(widget.action, widget.description))
                )
            yield widget
