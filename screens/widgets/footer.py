"""The key bar at the bottom, in the visit's language."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

# The one key the kiosk adds to the bar itself (^g 도움말), drawn as Textual draws the others.
from textual.widgets._footer import FooterKey

from kiosk.core.i18n import SWITCH_LABEL, current_language, tr
from screens.display import NARROW_CLASS, TINY_CLASS

# Left off the bar of a tiny terminal (the key still works, and 도움말 lists it):
# the trainer's panel is not the customer's business.
_TINY_HIDDEN = ("toggle_trainer",)


@runtime_checkable
class _KeyShown(Protocol):
    """What the Footer yields for each key (its class is not public Textual API)."""

    key_display: str
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
        return (current_language(), self._width(), keys)

    def _width(self) -> int:
        """The terminal's width when it is narrow (the bar wraps by it), else 0."""
        return self.app.size.width if self.app.has_class(NARROW_CLASS) else 0

    def on_resize(self, event: events.Resize) -> None:
        # A large-font terminal resized: the keys are laid out again for its width.
        if self._bindings_ready and self._shown and self._shown[1] != self._width():
            self.call_after_refresh(self.recompose)

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
        shown: list[Widget] = []
        for widget in super().compose():
            if isinstance(widget, _KeyShown):
                widget.description = (
                    SWITCH_LABEL[current_language()]
                    if widget.action == "toggle_language"
                    else tr(self._label(widget.action, widget.description))
                )
            if self.compact and isinstance(widget, FooterKey):
                # A key learns it is compact only once mounted (data_bind), and
                # restyles then; born compact, it is styled once (the home
                # screen's start, and every rebuild of the bar).
                widget.add_class("-compact", update=False)
            shown.append(widget)
        width = self._width()
        if not width:
            yield from shown
            return
        yield from self._rows(shown, width)

    def _rows(self, shown: list[Widget], width: int) -> ComposeResult:
        """A narrow terminal: the keys in as many rows as they need, none cut; a
        tiny one leaves the trainer's key off and shows the help key instead
        (도움말 lists every key)."""
        if self.app.has_class(TINY_CLASS):
            hidden = [w for w in shown if isinstance(w, _KeyShown) and w.action in _TINY_HIDDEN]
            if hidden:
                shown = [w for w in shown if w not in hidden]
                shown.append(FooterKey("ctrl+g", "^g", tr("도움말"), "app.help"))
        rows: list[list[Widget]] = [[]]
        used = 0
        for widget in shown:
            need = _cells(widget) + 1  # and the compact bar's one-cell gap
            if rows[-1] and used + need > width:
                rows.append([])
                used = 0
            rows[-1].append(widget)
            used += need
        for row in rows:
            yield HorizontalGroup(*row, classes="key-row")


def _cells(widget: Widget) -> int:
    if isinstance(widget, _KeyShown):
        return cell_len(widget.key_display) + 1 + cell_len(widget.description)
    return widget.size.width
