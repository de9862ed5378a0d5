"""kiosk.toml: the defaults a bank starts from, and what it may change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.i18n import DEFAULT_LANGUAGE, Language, set_language
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


@pytest.fixture
def english() -> Iterator[None]:
    set_language(Language.ENGLISH)
    yield
    set_language(DEFAULT_LANGUAGE)


@pytest.mark.parametrize(
    ("table", "complaint"),
    [
        ('[bindings]\nself_destruct = "f5"\n', "has no 'self_destruct'"),
        ("[bindings]\nhome = 5\n", "key names"),
        ('[bindings]\nhome = ""\n', "key names"),
        ('[bindings]\nhome = "f1;rm"\n', "key names"),
        ('bindings = "f1"\n', "table"),
    ],
)
def test_bad_bindings_are_refused_with_the_reason(
    tmp_path: Path, table: str, complaint: str, english: None
) -> None:
    (tmp_path / "kiosk.toml").write_text(table, encoding="utf-8")
    with pytest.raises(ConfigError, match=complaint):
        config.load(tmp_path)


SECONDS = "must be a whole number of seconds from 30 to 3600"


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        # TOML it is not
        ("x = [\n", "TOML syntax error"),
        ("[kiosk\nidle_seconds = 60\n", "TOML syntax error"),
        ("[kiosk]\nidle_seconds = 60\nidle_seconds = 90\n", "TOML syntax error"),
        # wrong types and numbers out of bounds
        ('[kiosk]\nidle_seconds = "abc"\n', SECONDS),
        ("[kiosk]\nidle_seconds = 1e30\n", SECONDS),
        ("[kiosk]\nidle_seconds = 120.5\n", SECONDS),
        ("[kiosk]\nidle_seconds = -5\n", SECONDS),
        ("[kiosk]\nidle_seconds = 0\n", SECONDS),
        ("[kiosk]\nidle_seconds = 99999999999999999999\n", SECONDS),
        ("[kiosk]\nidle_seconds = true\n", SECONDS),
        ("[kiosk]\nidle_seconds = inf\n", SECONDS),
        ("[kiosk]\nidle_seconds = [120]\n", SECONDS),
        ("[kiosk.idle_seconds]\nvalue = 120\n", SECONDS),
        ("[kiosk]\nidle_warning_seconds = 5\n", "from 20 to 3600"),
        ("[kiosk]\nidle_seconds = 60\nidle_warning_seconds = 60\n", "below idle_seconds"),
        ('[kiosk]\ntime_limits = "no"\n', "time_limits must be true or false"),
        ("[kiosk]\ntime_limits = 0\n", "time_limits must be true or false"),
        ("[keys]\nnew_issue = 5\n", "[keys] new_issue must be one of"),
        ('[keys]\nreissue_and_renewal = "DES"\n', "[keys] reissue_and_renewal must be one of"),
        # wrong table shapes and names nobody reads
        ("kiosk = 5\n", "[kiosk] must be a table"),
        ("keys = [1, 2]\n", "[keys] must be a table"),
        ("[[kiosk]]\nidle_seconds = 60\n", "[kiosk] must be a table"),
        ("[foo]\na = 1\n", "Unknown setting 'foo'"),
        ("[kiosk]\nidle_secondz = 60\n", "Unknown setting [kiosk] idle_secondz"),
        ('[keys]\nnew_issue = "PBES2"\nextra = 1\n', "Unknown setting [keys] extra"),
    ],
)
def test_every_setting_is_checked_and_a_wrong_one_is_named(
    tmp_path: Path, text: str, complaint: str, english: None
) -> None:
    (tmp_path / "kiosk.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        config.load(tmp_path)
    said = str(refused.value)
    assert complaint in said
    assert "kiosk.toml" in said and "delete it to have the defaults written again" in said
    assert "\n" not in said  # one line
    assert (tmp_path / "kiosk.toml").read_text(encoding="utf-8") == text  # left as it was


def test_a_settings_file_that_is_not_text_or_not_a_file_is_named(
    tmp_path: Path, english: None
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="not a UTF-8 text file"):
        config.load(tmp_path)
    path.unlink()
    path.mkdir()
    with pytest.raises(ConfigError, match="cannot be read"):
        config.load(tmp_path)


def test_the_bounds_themselves_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text(
        "[kiosk]\nidle_seconds = 3600\nidle_warning_seconds = 20\n", encoding="utf-8"
    )
    loaded = config.load(tmp_path)
    assert (loaded.idle_seconds, loaded.idle_warning_seconds) == (3600, 20)


def test_time_limits_are_on_by_default_and_a_training_room_turns_them_off(
    tmp_path: Path,
) -> None:
    assert config.load(tmp_path).time_limits is True
    assert "time_limits = true" in (tmp_path / "kiosk.toml").read_text(encoding="utf-8")
    (tmp_path / "kiosk.toml").write_text("[kiosk]\ntime_limits = false\n", encoding="utf-8")
    assert config.load(tmp_path).time_limits is False
