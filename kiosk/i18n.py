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
from enum import Enum
from functools import cache
from importlib import resources


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


def tr(text: str, /, **values: object) -> str:
    """`text` in the visit's language, with `{name}` filled from `values`.

    Values that are themselves catalog messages (a product's name, a step's
    label) are translated too; names, numbers and dates pass through.
    """
    template = text
    if _language is Language.ENGLISH:
        template = english_catalog().get(text, text)
    if not values:
        return template
    return template.format(
        **{name: tr(value) if isinstance(value, str) else value for name, value in values.items()}
    )


def with_failures(message: str, failures: int, limit: int) -> str:
    """A refusal that says how many of the allowed tries are used up."""
    return tr(
        "{message} (오류 {failures}/{limit}회)", message=message, failures=failures, limit=limit
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
