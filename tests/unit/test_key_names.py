"""How hints and the guide write a key: as a keyboard prints it, not Textual's name;
and how the domain's words name one by its binding id, as this kiosk has it."""

import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from kiosk.core.i18n import Language, set_language, tr
from kiosk.core.keys import set_key_namer, with_particle
from kiosk.terminal.browser_keys import with_browser_keys
from screens.key_names import key_in_words, written

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("f7", "F7"),
        ("escape", "Esc"),
        ("enter", "Enter"),
        ("ctrl+g", "Ctrl+G"),
        ("ctrl+up", "Ctrl+↑"),
        ("right", "→"),
        ("minus", "-"),
        ("1", "1"),
        ("x", "x"),  # the letter the guide asks for, as typed
    ],
)
def test_a_key_is_written_as_the_keyboard_prints_it(key: str, shown: str) -> None:
    assert written(key) == shown


# --- the domain's words name keys by binding id (kiosk/core/keys.py) ---------------


def test_every_usual_key_is_the_one_the_screens_bind() -> None:
    """USUAL_KEYS, what the words say where no kiosk installed a namer, is what the
    code binds: an id, its key, as a hint writes it."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import screens
    from kiosk.core.keys import USUAL_KEYS
    from kiosk.terminal.config import BINDING_IDS

    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        importlib.import_module(module.name)
    bound: dict[str, set[str]] = {}
    classes: list[type[DOMNode]] = [DOMNode]
    while classes:  # the App, every screen and widget of screens/
        cls = classes.pop()
        if cls.__module__.startswith("screens."):
            for binding in cls.BINDINGS:
                if isinstance(binding, Binding) and binding.id:
                    bound.setdefault(binding.id, set()).add(written(binding.key.split(",")[0]))
        classes.extend(cls.__subclasses__())
    assert set(USUAL_KEYS) == set(BINDING_IDS) == set(bound)
    assert {binding_id: {USUAL_KEYS[binding_id]} for binding_id in bound} == bound


@pytest.mark.parametrize(
    ("keymap", "named"),
    [
        ({}, "F7"),
        ({"phone": "ctrl+n,f7"}, "Ctrl+N"),  # kiosk.toml's first key
        (with_browser_keys({}), "F7(Alt+P)"),  # the room: the usual key, then its room key
        (with_browser_keys({"phone": "f2"}), "F2(Alt+P)"),
    ],
)
def test_a_key_in_words_is_the_keymaps(keymap: dict[str, str], named: str) -> None:
    assert key_in_words(keymap, "phone") == named


@pytest.mark.parametrize(
    ("name", "pair", "read"),
    [
        ("F9", "을/를", "F9를"),  # 에프구
        ("F6", "을/를", "F6을"),  # 에프육
        ("F10", "을/를", "F10을"),  # 에프십
        ("F7", "으로/로", "F7로"),  # ㄹ takes 로
        ("F6", "으로/로", "F6으로"),
        ("Esc", "으로/로", "Esc로"),
        ("Ctrl+L", "을/를", "Ctrl+L을"),  # 엘
        ("Ctrl+N", "으로/로", "Ctrl+N으로"),  # 엔
        ("F5(Alt+R)", "을/를", "F5(Alt+R)를"),  # read by the key before the room key
        ("F1", "이/가", "F1이"),
        ("§", "을/를", "§을(를)"),  # not known how it reads: both, as Korean writes them
        ("§", "으로/로", "§(으)로"),
    ],
)
def test_the_particle_after_a_key_reads(name: str, pair: str, read: str) -> None:
    assert with_particle(name, pair) == read


def test_a_message_names_the_key_the_namer_gives_when_it_is_shown() -> None:
    from kiosk.storage.faults import FULL

    assert "F9를 눌러 직원을 호출해 주세요" in FULL.render()  # no kiosk: the usual key
    set_key_namer(partial(key_in_words, {"call_staff": "ctrl+l"}))
    assert "Ctrl+L을 눌러 직원을 호출해 주세요" in FULL.render()
    set_language(Language.ENGLISH)
    assert "Press Ctrl+L to call staff." in FULL.render()
    with pytest.raises(LookupError):
        tr("{key_for[no_such_key]}")


def test_the_domain_names_keys_without_textual() -> None:
    """The resolver is the domain's: a fault's words name a kiosk's key with no
    Textual (and no screens) loaded; the namer is whatever the kiosk installs."""
    program = "\n".join(
        [
            "import sys",
            "from kiosk.core.keys import set_key_namer",
            "from kiosk.storage.faults import DAMAGED",
            "assert 'F9를 눌러' in DAMAGED.render(), DAMAGED.render()",
            "set_key_namer({'call_staff': 'F2'}.__getitem__)",
            "assert 'F2를 눌러' in DAMAGED.render(), DAMAGED.render()",
            "loaded = {name.split('.')[0] for name in sys.modules}",
            "assert not loaded & {'textual', 'screens'}, loaded & {'textual', 'screens'}",
        ]
    )
    subprocess.run([sys.executable, "-c", program], check=True, cwd=ROOT)
