"""The key bar at the bottom, in the visit's language."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from kiosk.core.i18n import SWITCH_LABEL, current_language, tr
from screens.display import NARROW_CLASS, TINY_CLASS

# Left off the bar of a tiny terminal (the key still works, and 도움말 lists it):
# the trainer's panel is not the customer's business.
_TINY_HIDDEN = ("toggle_trainer",)


class KioskKey(Widget):
    """One key on the bar, drawn as Textual's Footer draws its own (whose key class
    is not public API): the key, then what it does; a click presses it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"kiosk-key--key", "kiosk-key--description"}
    DEFAULT_CSS = """
    KioskKey {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .kiosk-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .kiosk-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled {
            text-style: dim;
        }
        &.-compact {
            .kiosk-key--key {
                padding: 0;
            }
            .kiosk-key--description {
                padding: 0 0 0 1;
            }
        }
    }
    """

    def __init__(
        self,
        key: str,
        key_display: str,
        description: str,
        action: str,
        *,
        compact: bool,
        disabled: bool = False,
        tooltip: str = "",
    ) -> None:
        self.key = key
        self.key_display = key_display
        self.description = description
        self.action = action
        self._off = disabled
        classes = " ".join(
            name for name, on in (("-disabled", disabled), ("-compact", compact)) if on
        )
        super().__init__(classes=classes)
        self.set_reactive(Widget.shrink, False)
        if tooltip:
            self.tooltip = tooltip

    def render(self) -> Text:
        key_style = self.get_component_rich_style("kiosk-key--key")
        description_style = self.get_component_rich_style("kiosk-key--description")
        key_padding = self.get_component_styles("kiosk-key--key").padding
        description_padding = self.get_component_styles("kiosk-key--description").padding
        shown = " " * key_padding.left + self.key_display + " " * key_padding.right
        if self.description:
            label = Text.assemble(
                (shown, key_style),
                (
                    " " * description_padding.left
                    + self.description
                    + " " * description_padding.right,
                    description_style,
                ),
            )
        else:
            label = Text.assemble((self.key_display, key_style))
        label.stylize_before(self.rich_style)
        return label

    def on_mouse_down(self) -> None:
        if self._off:
            self.app.bell()
        else:
            self.app.simulate_key(self.key)


class KioskFooter(Footer):
    """Textual's Footer (its place, colours and compact style), with its keys drawn
    by the kiosk: each key's description looked up in the catalog, and on a narrow
    terminal the keys wrapped into rows.

    Textual tells the footer whenever the screen's bindings are refreshed, which is
    every focus change; the kiosk's keys rarely change with the focus, so the bar is
    rebuilt only when the keys it shows (or the language, or the width) did. Its
    keys are there from its first compose, the screen's keys as they are then
    (Textual's own Footer waits to be told): the home screen's first frame shows
    the bar, with no second layout and drawing to bring it in."""

    DEFAULT_CSS = """
    KioskFooter.-compact KioskKey {
        margin-right: 1;
    }
    """

    _shown: tuple[object, ...] = ()
    _rows_had = 0

    def _keys(self) -> list[tuple[Binding, bool, str]]:
        """The keys shown, one per action (the first key bound to it), in order."""
        first: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                first.setdefault(binding.action, (binding, enabled, tooltip))
        return list(first.values())

    def _keys_shown(self) -> tuple[object, ...]:
        keys = tuple(
            (binding.key, self._label(binding.action, binding.description), enabled, tooltip)
            for binding, enabled, tooltip in self._keys()
        )
        return (current_language(), self._width(), keys)

    def _width(self) -> int:
        """The terminal's width when it is narrow (the bar wraps by it), else 0."""
        return self.app.size.width if self.app.has_class(NARROW_CLASS) else 0

    def on_resize(self, event: events.Resize) -> None:
        # A large-font terminal resized: the keys are laid out again for its width.
        if self._shown and self._shown[1] != self._width():
            self.call_after_refresh(self.recompose)
        # The bar took more rows (its keys wrapped anew, after the field in use was
        # scrolled to): the field is kept in view above it.
        grew = event.size.height > self._rows_had
        self._rows_had = event.size.height
        focused = self.screen.focused
        if grew and self._width() and focused is not None:
            self.call_after_refresh(focused.scroll_visible, animate=False)

    def _label(self, action: str, description: str) -> str:
        """A key whose meaning flips (F6 show / hide) is named by the screen."""
        relabel = getattr(self.screen, "key_label", None)
        return str(relabel(action, description)) if callable(relabel) else description

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not screen.app.app_focus:
            return
        if not (self.is_attached and screen is self.screen):
            return
        if self._keys_shown() != self._shown:
            self.call_after_refresh(self.recompose)

    def _description(self, binding: Binding) -> str:
        if binding.action == "toggle_language":
            return SWITCH_LABEL[current_language()]
        return tr(self._label(binding.action, binding.description))

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown()
        shown = [
            KioskKey(
                binding.key,
                self.app.get_key_display(binding),
                self._description(binding),
                binding.action,
                compact=self.compact,
                disabled=not enabled,
                tooltip=tooltip,
            )
            for binding, enabled, tooltip in self._keys()
        ]
        width = self._width()
        if not width:
            yield from shown
            return
        yield from self._rows(shown, width)

    def _rows(self, shown: list[KioskKey], width: int) -> ComposeResult:
        """A narrow terminal: the keys in as many rows as they need, none cut; a
        tiny one leaves the trainer's key off and shows the help key instead
        (도움말 lists every key)."""
        if self.app.has_class(TINY_CLASS):
            kept = [key for key in shown if key.action not in _TINY_HIDDEN]
            help_key = self._help_key()
            if len(kept) < len(shown) and help_key is not None:
                shown = [*kept, help_key]
        rows: list[list[KioskKey]] = [[]]
        used = 0
        for key in shown:
            need = cell_len(key.key_display) + 1 + cell_len(key.description)
            need += 1  # and the compact bar's one-cell gap
            if rows[-1] and used + need > width:
                rows.append([])
                used = 0
            rows[-1].append(key)
            used += need
        for row in rows:
            yield HorizontalGroup(*row, classes="key-row")

    def _help_key(self) -> KioskKey | None:
        """도움말's key as this kiosk has it (kiosk.toml [bindings] help may move it)."""
        for _, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.id == "help":
                return KioskKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    tr(binding.description),
                    binding.action,
                    compact=self.compact,
                    disabled=not enabled,
                )
        return None
