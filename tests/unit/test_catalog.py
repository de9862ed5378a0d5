"""The English catalog covers every Korean message the kiosk can show.

The source is read as Python (ast): every string literal with Hangul in it,
docstrings aside, must be a key of the catalog, and no f-string may carry
Korean (its text would never match a catalog key).
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from kiosk.core.i18n import SWITCH_LABEL, catalog_files, english_catalog
from kiosk.people.demo_customers import DEMO_CUSTOMERS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    path.relative_to(ROOT).as_posix()
    for folder in ("kiosk", "kiosk_cli", "screens")
    for path in (ROOT / folder).rglob("*.py")
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Korean that English keeps: a Korean institution's or product's name in brackets.
BRACKETED = re.compile(r"(?<=[A-Za-z0-9] )\([^()]*\)")
# People's names are data: the demo customers keep theirs in both languages.
NAMES = {customer.name for customer in DEMO_CUSTOMERS}
# The language key names each language in that language, whichever is on.
LANGUAGE_NAMES = set(SWITCH_LABEL.values())


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def korean_literals(path: str) -> tuple[list[str], list[int]]:
    """The Korean string literals of a module, and the lines of f-strings with Korean."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    in_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    literals, fstring_lines = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and any(
            isinstance(part, ast.Constant) and HANGUL.search(str(part.value))
            for part in node.values
        ):
            fstring_lines.append(node.lineno)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and HANGUL.search(node.value)
            and id(node) not in docstrings
            and id(node) not in in_fstrings
            and node.value not in NAMES | LANGUAGE_NAMES
            and HANGUL.search(BRACKETED.sub("", node.value))  # English with a Korean name
            and "CREATE TABLE" not in node.value
        ):
            literals.append(node.value)
    return literals, fstring_lines


def _hangul_strings(path: str) -> set[str]:
    """Every string constant with Hangul, the ones English may keep included."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and HANGUL.search(node.value)
    }


@pytest.mark.parametrize("path", SOURCES)
def test_every_korean_message_is_in_the_catalog(path: str) -> None:
    literals, fstring_lines = korean_literals(path)
    assert fstring_lines == [], f"{path}: Korean f-strings at lines {fstring_lines}; use tr()"
    missing = sorted({text for text in literals if text not in english_catalog()})
    assert missing == [], f"{path}: not in kiosk/locale/en: {missing}"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_translations_are_english_with_the_same_placeholders() -> None:
    for key, english in english_catalog().items():
        assert english.strip(), key
        assert _fields(english) == _fields(key), key
        bare = BRACKETED.sub("", english)
        for name in NAMES:  # scenario summaries name their customer
            bare = bare.replace(name, "")
        assert not HANGUL.search(bare), (key, english)


def test_catalog_files_agree_and_hold_nothing_stale() -> None:
    seen: dict[str, str] = {}
    for name, entries in catalog_files().items():
        for key, english in entries.items():
            assert seen.setdefault(key, english) == english, (name, key)
    used = {text for path in SOURCES for text in _hangul_strings(path)}
    stale = sorted(set(seen) - used)
    assert stale == [], f"catalog keys no code uses: {stale}"
