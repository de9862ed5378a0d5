"""kiosk.toml: the defaults a bank starts from, and what it may change."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.terminal import config
from kiosk.terminal.config import BINDING_IDS, ConfigError


def test_first_start_writes_commented_defaults_with_no_keys_moved(tmp_path: Path) -> None:
    loaded = config.load(tmp_path)
    assert loaded.bindings == {}
    text = (tmp_path / "kiosk.toml").read_text(encoding="utf-8")
    assert "[bindings]" in text
    for binding_id in BINDING_IDS:
        assert f"{binding_id} = " in text  # every key a keypad may move is named


def test_bindings_move_the_kiosks_keys(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text(
        '[bindings]\ncall_staff = "F9, ctrl+h"\nhome = "f12"\n', encoding="utf-8"
    )
    assert config.load(tmp_path).bindings == {"call_staff": "f9,ctrl+h", "home": "f12"}


@pytest.mark.parametrize(
    ("table", "complaint"),
    [
        ('[bindings]\nself_destruct = "f5"\n', "no key 'self_destruct'"),
        ("[bindings]\nhome = 5\n", "key names"),
        ('[bindings]\nhome = ""\n', "key names"),
        ('[bindings]\nhome = "f1;rm"\n', "key names"),
        ('bindings = "f1"\n', "table"),
    ],
)
def test_bad_bindings_are_refused_with_the_reason(
    tmp_path: Path, table: str, complaint: str
) -> None:
    (tmp_path / "kiosk.toml").write_text(table, encoding="utf-8")
    with pytest.raises(ConfigError, match=complaint):
        config.load(tmp_path)
