"""The names hints give keys: the key this kiosk has for a binding id now.

kiosk.toml `[bindings]` moves keys by binding id (a keypad without F7 gets the
phone on another key): the key bar follows by itself, and a hint that names a
key ("F7: 휴대폰", "Esc를 누르세요") names it through `key_name`, so it tells the
customer the key that works on this kiosk."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress

from textual.app import ScreenStackError
from textual.binding import Binding
from textual.dom import DOMNode, NoScreen
from textual.keys import REPLACED_KEYS, key_to_character

from kiosk.core.keys import USUAL_KEYS
from kiosk.terminal.browser_keys import BROWSER_KEYS, with_room_key

# How hints write keys: as printed on a keyboard, not Textual's names.
_WRITTEN = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "backspace": "Backspace",
    "delete": "Del",
    "insert": "Ins",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


def written(key: str) -> str:
    """A Textual key name as a hint writes it: "f7" → "F7", "ctrl+g" → "Ctrl+G",
    "escape" → "Esc", "1" → "1"."""
    *modifiers, name = key.split("+")
    if name in _WRITTEN:
        shown = _WRITTEN[name]
    elif name[:1] == "f" and name[1:].isdigit():
        shown = name.upper()
    else:  # a character key ("1", "a", "minus") is the character itself
        character = key_to_character(REPLACED_KEYS.get(name, name))
        shown = character if character and character.isprintable() else name.title()
        shown = shown.upper() if modifiers else shown  # Ctrl+G, as keyboards print it
    return "+".join([*(modifier.title() for modifier in modifiers), shown])


def _default_key(node: DOMNode, binding_id: str) -> str | None:
    """The key the code binds `binding_id` to, on `node`, its screen or the App."""
    owners: list[object] = [node, node.app]
    # A widget being composed is not on its screen yet.
    with suppress(NoScreen, ScreenStackError):
        owners.insert(1, node.screen)
    for owner in owners:
        for cls in type(owner).__mro__:
            for binding in vars(cls).get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id == binding_id:
                    return binding.key
    return None


def keys_for(node: DOMNode, binding_id: str) -> tuple[str, ...]:
    """Every key that does `binding_id` on this kiosk, as Textual names them:
    kiosk.toml's (the browser room's key first), else the code's own."""
    terminal = getattr(node.app, "terminal", None)
    keymap: dict[str, str] = getattr(getattr(terminal, "config", None), "bindings", {}) or {}
    keys = keymap.get(binding_id) or _default_key(node, binding_id)
    if keys is None:
        raise LookupError(f"no key is bound to {binding_id!r}")
    return tuple(key.strip() for key in keys.split(",") if key.strip())


def key_for(node: DOMNode, binding_id: str) -> str:
    """The key that does `binding_id` on this kiosk, as Textual names it: the first
    of its keys after the browser room's (which only a tab needs). What the demo
    and guided mode press."""
    room = BROWSER_KEYS.get(binding_id, ("", ""))[0]
    keys = keys_for(node, binding_id)
    return next((key for key in keys if key != room), keys[0])


def kiosk_key(node: DOMNode, usual: str) -> str:
    """The key this kiosk has for what `usual` does by default on `node`'s screen
    ("f8" → kiosk.toml's skip_time key): scenario files write the usual keys."""
    for binding_id in USUAL_KEYS:
        default = _default_key(node, binding_id)
        if default is not None and usual in default.split(","):
            return key_for(node, binding_id)
    return usual


def key_name(node: DOMNode, binding_id: str) -> str:
    """The key that does `binding_id` on this kiosk, as a hint writes it: the first
    of kiosk.toml's keys for it, else the code's own."""
    terminal = getattr(node.app, "terminal", None)
    keymap: dict[str, str] = getattr(getattr(terminal, "config", None), "bindings", {}) or {}
    keys = keymap.get(binding_id) or _default_key(node, binding_id)
    if keys is None:
        raise LookupError(f"no key is bound to {binding_id!r}")
    return written(keys.split(",")[0].strip())


def key_in_words(keymap: Mapping[str, str], binding_id: str) -> str:
    """The key that does `binding_id` with `keymap` (kiosk.toml's, the room's), as
    the domain's words name it (kiosk/core/keys.py): the first of its keys, else
    the usual one; in the browser room the terminal's key with the room key after
    it, "F7(Alt+P)", as the room names keys in a lesson's words."""
    keys = [key for key in keymap.get(binding_id, "").split(",") if key]
    if not keys:
        return USUAL_KEYS[binding_id]
    room = BROWSER_KEYS.get(binding_id, ("", ""))[0]
    if keys[0] == room and len(keys) > 1:
        return with_room_key(written(keys[1]), room)
    return written(keys[0])
