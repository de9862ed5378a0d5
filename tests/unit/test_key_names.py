"""How hints and the guide write a key: as a keyboard prints it, not Textual's name."""

import pytest

from screens.key_names import written


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
