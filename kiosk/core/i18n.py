"""The kiosk's two languages: Korean, in which every message is written, and English.

Messages are written in Korean in the code and looked up, Korean text as the key,
in the English catalog (`kiosk/locale/en/*.toml`) when the customer has chosen
English — the gettext convention, so the Korean screens read exactly as written
and a missing translation shows Korean rather than nothing. A message with
values in it is a template (`"{count}회 남았습니다"`) filled by `tr()` after
the lookup, never an f-string, so the template is what the catalog holds.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from enum import Enum
from functools import cache
from importlib import resources
from typing import TypeAlias

from kiosk.core.keys import KEY_FIELD, BoundKeys


class Language(Enum):
    KOREAN = "ko"
    ENGLISH = "en"


DEFAULT_LANGUAGE = Language.KOREAN

# Each language's key names the other in its own words: the customer who needs it reads it.
SWITCH_LABEL = {Language.KOREAN: "English", Language.ENGLISH: "한국어"}

# One kiosk per process (textual-serve starts a process per browser tab), so the
# language of the visit in front of it is process-wide.
_language = DEFAULT_LANGUAGE


def set_language(language: Language) -> None:
    global _language
    _language = language


def current_language() -> Language:
    return _language


# 쉬운 모드 (easy mode, chosen on the home screen for one visit): plain words from a
# catalog of their own (`kiosk/locale/easy/`) in place of the jargon, in either
# language, and a word of explanation on each step. Process-wide as the language is.
_easy = False


def set_easy(on: bool) -> None:
    global _easy
    _easy = on


def easy_mode() -> bool:
    return _easy


def tr(text: str, /, **values: object) -> str:
    """`text` in the visit's language, with `{name}` filled from `values`.

    Values that are themselves catalog messages (a product's name, a step's
    label, a `Phrase`) are translated too; names, numbers and dates pass through.
    A key named by its binding id (`{key_for[call_staff]:을/를}`, kiosk/core/keys.py)
    is the key this kiosk has for it now.
    """
    template = _looked_up(text)
    if not values:
        return name_keys(template)
    filled = {name: _filled(value) for name, value in values.items()}
    if _KEY_OPENING in template:
        filled[KEY_FIELD] = BoundKeys()
    return template.format(**filled)


def _looked_up(text: str) -> str:
    """`text`'s wording in the visit's language (and 쉬운 모드), as the catalogs hold it."""
    plain = easy_catalog(_language)["words"].get(text) if _easy else None
    if plain is not None:
        return plain
    if _language is Language.ENGLISH:
        return english_catalog().get(text, text)
    return text


_KEY_OPENING = "{" + KEY_FIELD + "["


def name_keys(text: str) -> str:
    """`text` with the keys it names by binding id (`{key_for[back]}`) named as this
    kiosk has them; text that names none is returned as it is (braces and all)."""
    if _KEY_OPENING not in text:
        return text
    return text.format(**{KEY_FIELD: BoundKeys()})


def _filled(value: object) -> object:
    if isinstance(value, Phrase):
        return value.render()
    if isinstance(value, str):
        # Looked up, never formatted: a value may be what a customer typed, and a
        # message that names a key is passed as a Phrase.
        return _looked_up(value)
    return value


# What a phrase's `{name}` can hold: text (looked up in the catalog as `tr` does,
# so a product's name is translated and a person's name is not), a number, or
# another phrase; all of them cross the bank's wire as JSON.
PhraseValue: TypeAlias = "str | int | Phrase"


class Phrase:
    """A message kept as data: its Korean template (the catalog key) and the
    values to fill in, translated only when it is rendered.

    A message line holds one, so switching the language (F4) redraws it in the
    other language with the same counts, dates and limits; a refusal carries
    one across the bank's wire, so the kiosk, not the bank, picks the language.
    """

    __slots__ = ("_params", "template")

    def __init__(self, template: str, /, **params: PhraseValue) -> None:
        self.template = template
        self._params = tuple(params.items())

    @property
    def params(self) -> Mapping[str, PhraseValue]:
        return dict(self._params)

    @classmethod
    def of(cls, message: str | Phrase) -> Phrase:
        return message if isinstance(message, Phrase) else cls(message)

    @classmethod
    def joined(cls, separator: str, parts: Iterable[str | Phrase]) -> Phrase:
        """Several messages in one line; only the parts are translated."""
        params = {f"part{index}": cls.of(part) for index, part in enumerate(parts)}
        # Braces in the separator would be read as fields of the template.
        escaped = separator.replace("{", "{{").replace("}", "}}")
        return cls(escaped.join(f"{{{name}}}" for name in params), **params)

    def render(self) -> str:
        """The message in the language current now."""
        return tr(self.template, **self.params)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Phrase({self.template!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Phrase):
            return NotImplemented
        return (self.template, self._params) == (other.template, other._params)

    def __hash__(self) -> int:
        return hash((self.template, self._params))


def with_failures(message: str | Phrase, failures: int, limit: int) -> Phrase:
    """A refusal that says how many of the allowed tries are used up."""
    return Phrase(
        "{message} (오류 {failures}/{limit}회)",
        message=Phrase.of(message),
        failures=failures,
        limit=limit,
    )


def tr_lines(text: str) -> str:
    """A multi-line text built from catalog messages, translated line by line."""
    return "\n".join(tr(line) for line in text.split("\n"))


@cache
def english_catalog() -> dict[str, str]:
    """Korean message → English, merged from every file of `kiosk/locale/en`."""
    catalog: dict[str, str] = {}
    for entries in catalog_files().values():
        catalog.update(entries)
    return catalog


def catalog_files() -> dict[str, dict[str, str]]:
    """Each catalog file's entries by file name (tests check they agree)."""
    files: dict[str, dict[str, str]] = {}
    folder = resources.files("kiosk") / "locale" / "en"
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            files[entry.name] = tomllib.loads(entry.read_text(encoding="utf-8"))
    return files


@cache
def easy_catalog(language: Language) -> dict[str, dict[str, str]]:
    """쉬운 모드's catalog for `language`: `words` (a Korean message → its plain
    wording), `steps` (a step's name → what it is for, in plain words) and
    `questions` (`step.question` → one question of a screen that 쉬운 모드 asks
    one at a time)."""
    entry = resources.files("kiosk") / "locale" / "easy" / f"{language.value}.toml"
    loaded = tomllib.loads(entry.read_text(encoding="utf-8"))
    return {part: dict(loaded.get(part, {})) for part in ("words", "steps", "questions")}


def easy_explanation(step: str) -> str:
    """What the step `step` is for, in plain words of the visit's language ("" if none)."""
    return name_keys(easy_catalog(_language)["steps"].get(step, ""))


def easy_question(key: str) -> str:
    """쉬운 모드's plain question `key` (`step.question`) in the visit's language."""
    return name_keys(easy_catalog(_language)["questions"][key])
