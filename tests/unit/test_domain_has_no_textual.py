"""The domain (kiosk/) is plain Python: no Textual, no screens."""

import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
# The command line starts the UI, so it may import it lazily inside functions.
ENTRY_POINTS = {"cli.py", "__main__.py"}


def _imports(tree: ast.AST, top_level_only: bool) -> set[str]:
    nodes = tree.body if top_level_only and isinstance(tree, ast.Module) else ast.walk(tree)
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_domain_modules_do_not_import_textual_or_screens() -> None:
    offenders = []
    for path in sorted(KIOSK.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = _imports(tree, top_level_only=path.name in ENTRY_POINTS) & {"textual", "screens"}
        if found:
            offenders.append(f"{path.relative_to(KIOSK)}: {sorted(found)}")
    assert offenders == []
    assert len(list(KIOSK.rglob("*.py"))) > 10
