"""What stops a kiosk or bank from starting: its data directory or settings cannot
be used as they are. Unlike a `Refused` (a rule, inside a visit), nothing can go
on: the command line prints the message (what is wrong and what to do) and exits
non-zero, having changed nothing.

Also the modes everything in a data directory is made with: explicit, so a
`umask 000` shell leaves no world-writable files or directories behind."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.core.i18n import Phrase, PhraseValue

# The data directory holds keys and secrets: its owner's alone. What is public
# anyway (CRLs, their folder) and the settings file may be read by others.
PRIVATE_DIR = 0o700
PUBLIC_DIR = 0o755
PRIVATE_FILE = 0o600
PUBLIC_FILE = 0o644


class SetupError(Exception):
    """The data directory (or a setting in it) is unusable: `phrase` says which and
    what to do, in the reader's language when rendered."""

    def __init__(self, template: str, /, **params: PhraseValue) -> None:
        self.phrase = Phrase(template, **params)
        super().__init__(template)

    def __str__(self) -> str:
        return self.phrase.render()


def default_data_dir() -> Path:
    """Where a kiosk or bank keeps its data when --data-dir is not given."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "bank-kiosk"


def make_dir(path: Path, mode: int = PRIVATE_DIR, *, parents: bool = False) -> None:
    """`path` made with `mode` whatever the umask (a folder already there is left as is)."""
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=mode)
    except FileExistsError:
        if not path.is_dir():
            raise SetupError(
                "{path}이(가) 폴더가 아닌 파일입니다. 옮기거나 지운 뒤 다시 시작해 주세요.",
                path=str(path),
            ) from None
        return
    # mkdir's mode is masked by the umask only downward; chmod makes it exact.
    os.chmod(path, mode)


def make_dirs(path: Path, mode: int = PRIVATE_DIR) -> None:
    """`path` and its missing parents, each made with `mode` whatever the umask
    (Path.mkdir gives parents the default mode). OSError if a file is in the way."""
    missing: list[Path] = []
    while not path.is_dir():
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=mode)
        except FileExistsError:
            if not directory.is_dir():
                raise
            continue  # another process made it a moment ago
        os.chmod(directory, mode)
