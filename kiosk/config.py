"""Per-data-directory settings (`kiosk.toml`), with the defaults banks use."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kiosk.npki.encodings import KeyEncoding

CONFIG_FILE = "kiosk.toml"
_DEFAULT_TEXT = """\
# Settings of this kiosk's data directory.
[keys]
# Encoding of signPri.key: "seedCBCWithSHA1" or "PBES2".
# Banks write seedCBCWithSHA1 on new issues and PBES2 on renewals and re-issues.
new_issue = "seedCBCWithSHA1"
reissue_and_renewal = "PBES2"
"""


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class KioskConfig:
    new_issue_encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1
    renewal_encoding: KeyEncoding = KeyEncoding.PBES2


def load(data_dir: Path) -> KioskConfig:
    """Read kiosk.toml, writing the commented defaults on first start."""
    path = data_dir / CONFIG_FILE
    if not path.exists():
        path.write_text(_DEFAULT_TEXT, encoding="utf-8")
    try:
        keys = tomllib.loads(path.read_text(encoding="utf-8")).get("keys", {})
        return KioskConfig(
            new_issue_encoding=KeyEncoding(keys.get("new_issue", "seedCBCWithSHA1")),
            renewal_encoding=KeyEncoding(keys.get("reissue_and_renewal", "PBES2")),
        )
    except (tomllib.TOMLDecodeError, ValueError) as error:
        raise ConfigError(f"{path}: {error}") from None
