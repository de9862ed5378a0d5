"""The layers, as a contract: the domain (kiosk/) knows nothing of screens or entry
points, the screens nothing of the entry points, the shared kernel (kiosk/core)
nothing of the rest; and no module imports itself back through others.

Read from the source with `ast`, as import-linter would, counting imports inside
functions too (a deferred import is still a dependency) and leaving out those
under `if TYPE_CHECKING:` (annotations only, never run)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kiosk", "kiosk_cli", "screens")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module `path` imports at run time (of any package, ours or not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
        for node in ast.walk(branch)
    }
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from package import module` imports the module.
            names.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if f"{node.module}.{alias.name}" in MODULES
            )
    return names


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _offenders(importer: str, *forbidden: str) -> list[str]:
    return sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if name == importer or name.startswith(importer + ".")
        for target in targets
        if any(target == f or target.startswith(f + ".") for f in forbidden)
    )


def test_the_domain_imports_no_screens_no_entry_points_and_no_textual() -> None:
    assert _offenders("kiosk", "screens", "kiosk_cli", "textual") == []


def test_the_screens_import_no_entry_points() -> None:
    assert _offenders("screens", "kiosk_cli") == []


def test_the_shared_kernel_imports_nothing_else_of_the_domain() -> None:
    ours = {name.split(".")[1] for name in MODULES if name.startswith("kiosk.") and "." in name}
    above = [f"kiosk.{package}" for package in sorted(ours - {"core"})]
    assert _offenders("kiosk.core", *above) == []


def test_no_module_imports_itself_back() -> None:
    edges = {
        name: {t for t in targets if t in MODULES and t != name and not name.startswith(t + ".")}
        for name, targets in GRAPH.items()
    }
    cycles = []
    # Tarjan's strongly connected components: any with two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in edges[name]:
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in edges:
        if name not in index:
            visit(name)
    assert cycles == []


def test_the_contract_sees_the_code() -> None:
    """The checks above read real modules and real imports (a contract over nothing
    passes whatever the code does)."""
    assert len(MODULES) > 80
    assert "kiosk.core.i18n" in GRAPH["screens.app"]
    assert any(t.startswith("screens") for t in GRAPH["kiosk_cli.main"])
