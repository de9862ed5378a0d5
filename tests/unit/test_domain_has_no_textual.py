"""The domain (kiosk/) is plain Python: no Textual, no screens."""

import ast
from pathlib import Path

import pytest

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


@pytest.mark.slow  # a fresh interpreter
def test_start_up_loads_no_cryptography(data_dir: Path) -> None:
    """The home screen needs no keys and no bank service: cryptography, the bank's
    operations, the database driver and the HTTP client load when a service needs them
    (the embedded bank's books open at start, as the data directory does).

    Keeps start-up time and idle memory near a bare Textual app's."""
    import subprocess
    import sys

    probe = (
        "import sys, pathlib\n"
        "from kiosk.bankside.bank import Bank\n"
        "from kiosk.core.clock import ShiftedClock\n"
        "from screens.app import KioskApp\n"
        f"bank = Bank.open(pathlib.Path({str(data_dir)!r}), ShiftedClock())\n"
        "KioskApp(bank)\n"
        "heavy = ('cryptography', 'pyasn1', 'psycopg', 'http.client', 'aiohttp',\n"
        "         'kiosk.bankside.service', 'kiosk.bankside.wire', 'kiosk.bankside.http_client')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    # The first start makes the CAs (that needs cryptography); the second is measured.
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True)
    result = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "[]"
