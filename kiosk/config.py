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

[kiosk]
# Seconds without a key press before the visit is wiped and home returns,
# and how long before that the countdown warning shows.
idle_seconds = 120
idle_warning_seconds = 30
"""


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class KioskConfig:
    new_issue_encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1
    renewal_encoding: KeyEncoding = KeyEncoding.PBES2
    idle_seconds: int = 120
    idle_warning_seconds: int = 30


def load(data_dir: Path) -> KioskConfig:
    """Read kiosk.toml, writing the commented defaults on first start."""
    path = data_dir / CONFIG_FILE
    if not path.exists():
        path.write_text(_DEFAULT_TEXT, encoding="utf-8")
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
        keys, kiosk = settings.get("keys", {}), settings.get("kiosk", {})
        idle = int(kiosk.get("idle_seconds", 120))
        warning = int(kiosk.get("idle_warning_seconds", 30))
        if not 20 <= warning < idle:
            raise ValueError("idle_warning_seconds must be at least 20 and below idle_seconds")
        return KioskConfig(
            new_issue_encoding=KeyEncoding(keys.get("new_issue", "seedCBCWithSHA1")),
            renewal_encoding=KeyEncoding(keys.get("reissue_and_renewal", "PBES2")),
            idle_seconds=idle,
            idle_warning_seconds=warning,
        )
    except (tomllib.TOMLDecodeError, ValueError, TypeError) as error:
        raise ConfigError(f"{path}: {error}") from None
