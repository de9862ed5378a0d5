"""The screens work with Textual's public API: no import from a private module
(`textual._wait`, `textual.widgets._footer`), no private name imported
(`_character_to_key`), and no private attribute of Textual's objects reached
into (`app._driver`, `pilot._wait_for_screen`). A Textual upgrade may change
any of those without notice."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from textual import app, dom, message_pump, pilot, screen, widget, widgets

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("screens", "kiosk_cli")

# Where Textual has no public way at all, named one by one with the reason.
ALLOWED = {
    # The browser room hears the end of a visit as the terminal's title (OSC 2):
    # Textual writes to the terminal only through its driver, and offers no title call.
    ("screens/app.py", "_driver"),
    # The handler guard's metaclass is named for the type checker only; at run
    # time it is type(Widget).
    ("screens/guard.py", "textual.message_pump._MessagePumpMeta"),
}


def _textual_private_names() -> set[str]:
    """Private attributes of Textual's app, screens, widgets and pilot: class members
    and what an App sets on itself."""
    names: set[str] = set()
    classes: list[type] = []
    for module in (app, dom, message_pump, pilot, screen, widget):
        classes += [obj for obj in vars(module).values() if inspect.isclass(obj)]
    classes += [getattr(widgets, name) for name in vars(widgets)["__all__"]]
    for cls in classes:
        names.update(dir(cls))
    names.update(dir(app.App()))
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def _files() -> dict[str, ast.Module]:
    return {
        path.relative_to(ROOT).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for folder in CHECKED
        for path in sorted((ROOT / folder).rglob("*.py"))
    }


def _own_names(trees: dict[str, ast.Module]) -> set[str]:
    """Names our own code defines or assigns: `self._busy` of ours is not Textual's."""
    own: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                own.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                own.add(node.attr)
    return own


def private_uses(trees: dict[str, ast.Module], private: set[str]) -> list[tuple[str, str, int]]:
    own = _own_names(trees)
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in private and node.attr not in own:
                found.append((path, node.attr, node.lineno))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
                module = node.module or ""
                for alias in node.names:
                    if "._" in f".{module}" or alias.name.startswith("_"):
                        found.append((path, f"{module}.{alias.name}", node.lineno))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("textual") and "._" in alias.name:
                        found.append((path, alias.name, node.lineno))
    return found


def test_screens_use_only_textuals_public_api() -> None:
    trees = _files()
    found = private_uses(trees, _textual_private_names())
    assert [use for use in found if use[:2] not in ALLOWED] == []
    # Each exception is still needed; one no longer used comes off the list.
    assert {use[:2] for use in found} == ALLOWED
    assert len(trees) > 20


def test_the_check_sees_what_the_demo_driver_once_did() -> None:
    """The check can fail: the old key sending of screens/demo/driver.py is caught."""
    old = ast.parse(
        "from textual._wait import wait_for_idle\n"
        "from textual.keys import _character_to_key\n"
        "import textual._context\n"
        "async def send(app, pilot, event):\n"
        "    app._driver.send_message(event)\n"
        "    await app._animator.wait_until_complete()\n"
        "    await pilot._wait_for_screen()\n"
    )
    found = {name for _, name, _ in private_uses({"old.py": old}, _textual_private_names())}
    assert found == {
        "textual._wait.wait_for_idle",
        "textual.keys._character_to_key",
        "textual._context",
        "_driver",
        "_animator",
        "_wait_for_screen",
    }
