"""Count what the tests assert, per file, at a git revision and in the working tree.

A refactoring of the suite may move checks but must not lose them:
    .venv/bin/python scripts/count_asserts.py 88b0742
prints, for each test file, the assert statements and pytest.raises blocks
before (at the revision) and now."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path


def count(source: str) -> int:
    tree = ast.parse(source)
    checks = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) or (
            isinstance(node, ast.Call) and ast.unparse(node.func) == "pytest.raises"
        ):
            checks += 1
    return checks


def at_revision(revision: str) -> dict[str, int]:
    # A developer's own revision of this repository, read with git: no untrusted input.
    names = subprocess.run(  # noqa: S603
        ["git", "ls-tree", "-r", "--name-only", revision, "tests"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    counts = {}
    for name in names:
        if name.endswith(".py"):
            shown = subprocess.run(  # noqa: S603
                ["git", "show", f"{revision}:{name}"],  # noqa: S607
                capture_output=True,
                text=True,
                check=True,
            )
            counts[name] = count(shown.stdout)
    return counts


def now() -> dict[str, int]:
    return {
        str(p): count(p.read_text(encoding="utf-8")) for p in sorted(Path("tests").rglob("*.py"))
    }


def main() -> None:
    before, after = at_revision(sys.argv[1] if len(sys.argv) > 1 else "HEAD"), now()
    for name in sorted(set(before) | set(after)):
        b, a = before.get(name, 0), after.get(name, 0)
        if a or b:
            print(f"{b:5d} {a:5d}  {name}")
    print(f"{sum(before.values()):5d} {sum(after.values()):5d}  total (before, now)")


if __name__ == "__main__":
    main()
