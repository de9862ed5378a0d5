"""The browser room's keys: a kiosk in a browser tab (`kiosk serve`) cannot count on
the keys a browser keeps for itself.

F5 reloads the page (the visit is gone), F11 goes full screen, F1 opens help, F3
finds, F6 jumps to the address bar, F7 asks about caret browsing, F10 opens the
browser's menu, F12 its developer tools; Ctrl+G, Ctrl+R and Ctrl+S are find-next,
reload and save; Ctrl+Q quits the browser. Each kiosk action on one of them gets a room key as well: an
Alt+letter, which the page's terminal passes to the kiosk and no browser takes —
not Alt+D, Alt+E or Alt+F (Chrome's address bar and menu), nor the letters of
Firefox's menu bar (F, E, V, S, B, T, H), nor Alt+digits (tabs). The usual key
still works wherever a browser lets it through. The room's own text-size keys
(Alt+=, Alt+-, Alt+0) are caught by the page and never reach the kiosk.

Applied as Textual's keymap, with the room key first: the key bar, the hints that
name a key and the guided mode's "다음 키" all show the room key.
"""

from __future__ import annotations

import re

# Binding id → (the room key, the usual key). Ids as kiosk.toml's [bindings] knows
# them (kiosk/terminal/config.py BINDING_IDS); two ids on one usual key (F5, F6)
# are on different screens, so they share a room key too.
BROWSER_KEYS: dict[str, tuple[str, str]] = {
    "home": ("alt+m", "f1"),
    "usb": ("alt+u", "f3"),
    "easy": ("alt+r", "f5"),
    "again": ("alt+r", "f5"),
    "show_input": ("alt+o", "f6"),
    "other_way": ("alt+o", "f6"),
    "phone": ("alt+p", "f7"),
    "operator": ("alt+k", "f10"),
    "contrast": ("alt+c", "f11"),
    "large_text": ("alt+l", "f12"),
    "help": ("alt+g", "ctrl+g"),
    "voice": ("alt+n", "ctrl+s"),
    "voice_replay": ("alt+w", "ctrl+r"),
    # Outside kiosk mode (`--no-kiosk-mode`) Ctrl+Q ends the kiosk; in a tab it
    # would end the whole browser (Chrome on Linux) before the kiosk saw it.
    "quit": ("alt+q", "ctrl+q"),
}

# What a browser does with a key before (or instead of) the page: reload, full
# screen, find, address bar, menus, developer tools, tabs.
BROWSER_TAKES = frozenset(
    {"f1", "f3", "f5", "f6", "f7", "f10", "f11", "f12", "ctrl+g", "ctrl+r", "ctrl+s"}
    | {"alt+d", "alt+e", "alt+f", "alt+v", "alt+s", "alt+b", "alt+t", "alt+h"}
    | {f"alt+{digit}" for digit in "0123456789"}
    | {"ctrl+w", "ctrl+t", "ctrl+n", "ctrl+q", "ctrl+l", "ctrl+p"}
)


def with_browser_keys(bindings: dict[str, str]) -> dict[str, str]:
    """The keymap of a kiosk in a browser tab: every id a browser would take has its
    room key first, then the keys it has on this terminal (kiosk.toml's, or the
    usual one)."""
    keymap = dict(bindings)
    for binding_id, (room, usual) in BROWSER_KEYS.items():
        keys = bindings.get(binding_id, usual)
        keymap[binding_id] = keys if keys.split(",")[0] == room else f"{room},{keys}"
    return keymap


def room_key(keymap: dict[str, str], key: str) -> str | None:
    """The room key that stands for `key` in this keymap: the usual key, or the one
    kiosk.toml moved its binding to (None outside a room)."""
    for binding_id, (room, usual) in BROWSER_KEYS.items():
        keys = keymap.get(binding_id, "").split(",")
        if keys[0] == room and (key in keys[1:] or key == usual):
            return room
    return None


# A key named in running text ("F6을 눌러", "Ctrl+G: 도움말"); ASCII-bounded, so a
# Korean particle right after it ("F6을") does not hide it.
_KEY_IN_TEXT = re.compile(r"(?<![A-Za-z0-9+])(F(?:1[0-2]|[1-9])|Ctrl\+[A-Z])(?![A-Za-z0-9(])")


def name_room_keys(text: str, keymap: dict[str, str]) -> str:
    """`text` as the browser room reads it: a key a browser takes is followed by its
    room key ("F6을 눌러" → "F6(Alt+O)을 눌러"), so a lesson written for a terminal
    names the key that works in a tab, and a Korean particle still reads after the
    usual key. Outside a room the text is unchanged."""

    def named(match: re.Match[str]) -> str:
        usual = match.group(1)
        room = room_key(keymap, usual.lower())
        return usual if room is None else with_room_key(usual, room)

    return _KEY_IN_TEXT.sub(named, text)


def with_room_key(usual: str, room: str) -> str:
    """A key as the room names it in running text: the usual key (as written),
    then its room key, "F6(Alt+O)", so a Korean particle after it reads as after
    the usual key ("F6(Alt+O)을")."""
    return f"{usual}(Alt+{room.removeprefix('alt+').upper()})"
