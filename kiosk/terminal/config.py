"""Per-data-directory settings (`kiosk.toml`), with the defaults banks use."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.npki.encodings import KeyEncoding
from kiosk.terminal import printer

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

[bindings]
# Kiosk keypads differ: give any of the kiosk's keys other keys (Textual key
# names, several separated by commas). The ids and their usual keys:
#   home = "f1"         back = "escape"      language = "f4"     trainer = "f2"
#   usb = "f3"          phone = "f7"         skip_time = "f8"    call_staff = "f9"
#   operator = "f10"
# For example:  call_staff = "f9,ctrl+h"

[devices]
# A kiosk installed at a terminal (README: "installing at a terminal").
# usb: the mount point where the customer's USB stick appears; without it, F3
#   simulates the stick. A stick is "in" while the path is a mount point or a
#   non-empty directory.
# usb = "/media/kiosk/usb"
# printer: text (receipts/ only), lp, lp:QUEUE, file:/dev/usb/lp0 (ESC/POS),
#   network:192.0.2.10:9100 (ESC/POS). Receipts are always kept in receipts/.
printer = "text"
"""

# The kiosk's keys that `[bindings]` may move (screens/app.py gives them these ids).
BINDING_IDS = (
    "home",
    "back",
    "language",
    "trainer",
    "usb",
    "phone",
    "skip_time",
    "call_staff",
    "operator",
)
_KEYS = re.compile(r"[a-z0-9_+\-]+(,[a-z0-9_+\-]+)*")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class DevicesConfig:
    """`[devices]`: the terminal's real USB port and receipt printer."""

    usb: Path | None = None  # None: the trainer's simulated stick (F3)
    printer: printer.PrinterSpec = field(default_factory=printer.PrinterSpec)


@dataclass(frozen=True)
class KioskConfig:
    new_issue_encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1
    renewal_encoding: KeyEncoding = KeyEncoding.PBES2
    idle_seconds: int = 120
    idle_warning_seconds: int = 30
    # Binding id → the keys that replace its usual ones (Textual's keymap).
    bindings: dict[str, str] = field(default_factory=dict)
    devices: DevicesConfig = field(default_factory=DevicesConfig)


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
            bindings=_bindings(settings.get("bindings", {})),
            devices=devices(settings.get("devices", {})),
        )
    except (tomllib.TOMLDecodeError, ValueError, TypeError) as error:
        raise ConfigError(f"{path}: {error}") from None


def _bindings(table: object) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ValueError("[bindings] must be a table of binding id = keys")
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if binding_id not in BINDING_IDS:
            raise ValueError(
                f"[bindings] has no key {binding_id!r}; known: {', '.join(BINDING_IDS)}"
            )
        if not isinstance(keys, str) or not _KEYS.fullmatch(keys.replace(" ", "").lower()):
            raise ValueError(f'[bindings] {binding_id} must be key names such as "f9,ctrl+h"')
        keymap[binding_id] = keys.replace(" ", "").lower()
    return keymap


def devices(table: object) -> DevicesConfig:
    """The `[devices]` table (ValueError naming the setting that is wrong)."""
    if not isinstance(table, dict):
        raise ValueError("[devices] must be a table (usb = PATH, printer = SPEC)")
    unknown = sorted(set(table) - {"usb", "printer"})
    if unknown:
        raise ValueError(f"[devices] has no key {unknown[0]!r}; known: usb, printer")
    usb = table.get("usb")
    if usb is not None and (not isinstance(usb, str) or not usb.strip()):
        raise ValueError('[devices] usb must be a mount point path such as "/media/kiosk/usb"')
    spec = table.get("printer", "text")
    if not isinstance(spec, str):
        raise ValueError('[devices] printer must be a string such as "file:/dev/usb/lp0"')
    return DevicesConfig(
        usb=None if usb is None else Path(usb).expanduser(),
        printer=printer.parse(spec),
    )
