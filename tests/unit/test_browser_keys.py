"""The browser room's keys (kiosk/terminal/browser_keys.py): every kiosk key a
browser keeps for itself has a room key, and no room key is one a browser keeps."""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.screen import Screen

import screens
from kiosk.terminal.browser_keys import (
    BROWSER_KEYS,
    BROWSER_TAKES,
    name_room_keys,
    room_key,
    with_browser_keys,
)
from kiosk.terminal.config import BINDING_IDS
from screens.app import KioskApp
from screens.key_names import written


def _kiosk_bindings() -> list[Binding]:
    """Every binding of the App and of every screen class in screens/."""
    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        importlib.import_module(module.name)
    classes: list[type[object]] = [KioskApp]
    pending: list[type[Screen[object]]] = [Screen]
    while pending:
        screen = pending.pop()
        pending.extend(screen.__subclasses__())
        if screen.__module__.startswith("screens."):
            classes.append(screen)
    bindings = []
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding):
                bindings.append(binding)
    return bindings


def test_every_key_a_browser_takes_has_a_room_key() -> None:
    bindings = _kiosk_bindings()
    assert len(bindings) > 20  # the walk found the screens
    for binding in bindings:
        for key in binding.key.split(","):
            # Hidden keys count (F3, F10, Ctrl+G): the trainer and help need them.
            # Not Ctrl+P, bound to nothing so the command palette stays shut.
            if key in BROWSER_TAKES and binding.action != "nothing":
                assert binding.id in BROWSER_KEYS, (binding.key, binding.action, binding.id)
                assert BROWSER_KEYS[binding.id][1] == key, binding


def test_room_keys_are_known_ids_and_no_browser_takes_them() -> None:
    for binding_id, (room, usual) in BROWSER_KEYS.items():
        assert binding_id in BINDING_IDS
        assert room.startswith("alt+") and room not in BROWSER_TAKES
        assert usual in BROWSER_TAKES


def test_the_room_key_comes_first_and_a_terminals_own_keys_stay() -> None:
    keymap = with_browser_keys({"call_staff": "f9,ctrl+h", "home": "f1,home"})
    assert keymap["contrast"] == "alt+c,f11"
    assert keymap["home"] == "alt+m,f1,home"
    assert keymap["call_staff"] == "f9,ctrl+h"  # a browser leaves F9 alone
    assert with_browser_keys(keymap) == keymap
    assert room_key(keymap, "f6") == "alt+o" and room_key(keymap, "f9") is None
    assert room_key({}, "f6") is None  # a kiosk outside the room
    assert written("alt+o") == "Alt+O" and written("f6") == "F6"


def test_a_lessons_words_name_the_room_key_after_the_usual_one() -> None:
    room = with_browser_keys({})
    assert name_room_keys("F6을 눌러 금융인증서로", room) == "F6(Alt+O)을 눌러 금융인증서로"
    assert name_room_keys("Press F5 again; Ctrl+G helps", room) == (
        "Press F5(Alt+R) again; Ctrl+G(Alt+G) helps"
    )
    # F9 and F2 a browser leaves alone; F16, AF6 and an already named key are not keys.
    assert name_room_keys("F9 직원 · F2 · F16 · AF6 · F6(Alt+O)", room) == (
        "F9 직원 · F2 · F16 · AF6 · F6(Alt+O)"
    )
    assert name_room_keys("F6을 눌러", {}) == "F6을 눌러"  # not in a room
