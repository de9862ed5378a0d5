"""Per-data-directory settings (`kiosk.toml`), with the defaults banks use."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.i18n import Phrase
from kiosk.core.setup import PUBLIC_FILE, SetupError
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
# Seconds without a key press before the visit is wiped and home returns
# (30 to 3600), and how long before that the countdown warning shows (from 20,
# below idle_seconds). Whole numbers.
idle_seconds = 120
idle_warning_seconds = 30
# false turns the walk-away limit off (a training room, a trainer at hand): no
# countdown, no reset. `kiosk --no-time-limits` does the same for one run.
time_limits = true

[bindings]
# Kiosk keypads differ: give any of the kiosk's keys other keys (Textual key
# names, several separated by commas). The ids and their usual keys:
#   home = "f1"         back = "escape"      language = "f4"     trainer = "f2"
#   usb = "f3"          phone = "f7"         skip_time = "f8"    call_staff = "f9"
#   operator = "f10"     quit = "ctrl+q" (outside kiosk mode)
#   voice = "ctrl+s"    voice_replay = "ctrl+r"    voice_stop = "ctrl+x"
#   voice_louder = "ctrl+up"     voice_softer = "ctrl+down"
#   voice_faster = "ctrl+right"  voice_slower = "ctrl+left"
#   help = "ctrl+g"
# and the keys of some screens (the same id moves the key on every screen):
#   contrast = "f11"    large_text = "f12"   easy = "f5"     (the home screen)
#   again = "f5"        (send the SMS code or the 1 won again)
#   show_input = "f6"   (show the password typed)
#   other_way = "f6"    (the step's other way: by the cloud certificate or by
#                        an ID document, by phone, re-issue, a new issue)
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
# earphones: the ALSA device of the earphone jack (`aplay -L`, e.g. "plughw:1,0").
#   Set, the voice speaks there only, never through the kiosk's speakers.
# earphones = "plughw:1,0"
"""

# The kiosk's keys that `[bindings]` may move (screens/app.py, home.py and the
# steps give them these ids).
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
    "voice",
    "voice_replay",
    "voice_stop",
    "voice_louder",
    "voice_softer",
    "voice_faster",
    "voice_slower",
    "help",
    "contrast",
    "large_text",
    "easy",
    "again",
    "show_input",
    "other_way",
    "quit",
)
_KEYS = re.compile(r"[a-z0-9_+\-]+(,[a-z0-9_+\-]+)*")


# [kiosk]'s numbers, bounded: a walk-away reset below half a minute wipes a visit
# while the customer reads, one above an hour leaves a walked-away visit open.
IDLE_SECONDS = (30, 3600)
IDLE_WARNING_MIN = 20
_KEY_ENCODINGS = tuple(encoding.value for encoding in KeyEncoding)
_TABLES = ("keys", "kiosk", "bindings", "devices")


class ConfigError(SetupError, ValueError):
    """kiosk.toml cannot be used: which setting is wrong, and how to fix it."""

    def __init__(self, path: Path, problem: Phrase) -> None:
        super().__init__(
            "설정 파일 {path}이(가) 잘못되었습니다: {problem} "
            "고치거나, 지우면 기본값으로 다시 만듭니다.",
            path=str(path),
            problem=problem,
        )
        self.problem = problem


@dataclass(frozen=True)
class DevicesConfig:
    """`[devices]`: the terminal's real USB port and receipt printer."""

    usb: Path | None = None  # None: the trainer's simulated stick (F3)
    printer: printer.PrinterSpec = field(default_factory=printer.PrinterSpec)
    earphones: str | None = None  # an ALSA device: the voice speaks there only


@dataclass(frozen=True)
class KioskConfig:
    new_issue_encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1
    renewal_encoding: KeyEncoding = KeyEncoding.PBES2
    idle_seconds: int = 120
    idle_warning_seconds: int = 30
    time_limits: bool = True
    # Binding id → the keys that replace its usual ones (Textual's keymap).
    bindings: dict[str, str] = field(default_factory=dict)
    devices: DevicesConfig = field(default_factory=DevicesConfig)


class _Invalid(Exception):
    def __init__(self, problem: Phrase) -> None:
        super().__init__(problem.template)
        self.problem = problem


def load(data_dir: Path) -> KioskConfig:
    """Read kiosk.toml, writing the commented defaults on first start. Every setting
    is checked, unknown ones too (a misspelt name would otherwise be ignored)."""
    path = data_dir / CONFIG_FILE
    _write_defaults(path)
    try:
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as error:
            raise _Invalid(
                Phrase("읽을 수 없습니다({reason}).", reason=error.strerror or str(error))
            ) from None
        except UnicodeDecodeError:
            raise _Invalid(Phrase("UTF-8 텍스트 파일이 아닙니다.")) from None
        try:
            settings = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise _Invalid(Phrase("TOML 문법 오류입니다({detail}).", detail=str(error))) from None
        return _settings(settings)
    except _Invalid as invalid:
        raise ConfigError(path, invalid.problem) from None


def _write_defaults(path: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PUBLIC_FILE)
    except FileExistsError:
        return  # a setting file is there (or something in its place: load says what)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(_DEFAULT_TEXT)


def _settings(settings: dict[str, Any]) -> KioskConfig:
    _known(settings, _TABLES, "")
    keys, kiosk = _table(settings, "keys"), _table(settings, "kiosk")
    _known(keys, ("new_issue", "reissue_and_renewal"), "keys")
    _known(kiosk, ("idle_seconds", "idle_warning_seconds", "time_limits"), "kiosk")
    idle = _whole(kiosk, "idle_seconds", 120, *IDLE_SECONDS)
    warning = _whole(kiosk, "idle_warning_seconds", 30, IDLE_WARNING_MIN, IDLE_SECONDS[1])
    if warning >= idle:
        raise _Invalid(
            Phrase(
                "idle_warning_seconds({warning})는 idle_seconds({idle})보다 작아야 합니다.",
                warning=warning,
                idle=idle,
            )
        )
    return KioskConfig(
        new_issue_encoding=_encoding(keys, "new_issue", KeyEncoding.SEED_CBC_WITH_SHA1),
        renewal_encoding=_encoding(keys, "reissue_and_renewal", KeyEncoding.PBES2),
        idle_seconds=idle,
        idle_warning_seconds=warning,
        time_limits=_flag(kiosk, "time_limits", True),
        bindings=_bindings(settings.get("bindings", {})),
        devices=_devices(settings.get("devices", {})),
    )


def _devices(table: object) -> DevicesConfig:
    try:
        return devices(table)
    except ValueError as error:
        # The installer's setting: the rule (in English, as the setting names are) in
        # the Korean sentence that says what to do.
        raise _Invalid(
            Phrase("[devices] 설정이 잘못되었습니다({detail}).", detail=str(error))
        ) from None


def _shown(value: object) -> str:
    """A setting's value as the file has it, short enough for one line."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _known(table: dict[str, Any], names: tuple[str, ...], where: str) -> None:
    for name in table:
        if name not in names:
            raise _Invalid(
                Phrase(
                    "알 수 없는 설정 {name}이(가) 있습니다(쓸 수 있는 것: {known}).",
                    name=f"[{where}] {name}" if where else _shown(name),
                    known=", ".join(names),
                )
            )


def _table(settings: dict[str, Any], name: str) -> dict[str, Any]:
    table = settings.get(name, {})
    if not isinstance(table, dict):
        raise _Invalid(Phrase("[{name}]은(는) 표([{name}] 아래 이름 = 값)여야 합니다.", name=name))
    return table


def _whole(table: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = table.get(name, default)
    # TOML's true is Python's int too, and 1e30 a float: neither is a number of seconds.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Invalid(
            Phrase(
                "{name}은(는) {low}~{high} 사이의 정수(초)여야 합니다(지금: {value}).",
                name=name,
                low=low,
                high=high,
                value=_shown(value),
            )
        )
    return value


def _flag(table: dict[str, Any], name: str, default: bool) -> bool:
    value = table.get(name, default)
    if not isinstance(value, bool):
        raise _Invalid(
            Phrase(
                "{name}은(는) true 또는 false여야 합니다(지금: {value}).",
                name=name,
                value=_shown(value),
            )
        )
    return value


def _encoding(table: dict[str, Any], name: str, default: KeyEncoding) -> KeyEncoding:
    value = table.get(name, default.value)
    if value not in _KEY_ENCODINGS:
        raise _Invalid(
            Phrase(
                "[keys] {name}은(는) {choices} 중 하나여야 합니다(지금: {value}).",
                name=name,
                choices=", ".join(f'"{choice}"' for choice in _KEY_ENCODINGS),
                value=_shown(value),
            )
        )
    return KeyEncoding(value)


def _bindings(table: object) -> dict[str, str]:
    if not isinstance(table, dict):
        raise _Invalid(Phrase("[bindings]는 바인딩 이름 = 키 의 표여야 합니다."))
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if binding_id not in BINDING_IDS:
            raise _Invalid(
                Phrase(
                    "[bindings]에 {name} 항목은 없습니다(쓸 수 있는 것: {known}).",
                    name=_shown(binding_id),
                    known=", ".join(BINDING_IDS),
                )
            )
        if not isinstance(keys, str) or not _KEYS.fullmatch(keys.replace(" ", "").lower()):
            raise _Invalid(
                Phrase(
                    '[bindings] {name}에는 "f9,ctrl+h"처럼 키 이름을 씁니다(지금: {value}).',
                    name=binding_id,
                    value=_shown(keys),
                )
            )
        keymap[binding_id] = keys.replace(" ", "").lower()
    return keymap


def devices(table: object) -> DevicesConfig:
    """The `[devices]` table (ValueError naming the setting that is wrong)."""
    if not isinstance(table, dict):
        raise ValueError("[devices] must be a table (usb = PATH, printer = SPEC)")
    unknown = sorted(set(table) - {"usb", "printer", "earphones"})
    if unknown:
        raise ValueError(f"[devices] has no key {unknown[0]!r}; known: usb, printer, earphones")
    earphones = table.get("earphones")
    if earphones is not None and (
        not isinstance(earphones, str) or not re.fullmatch(r"[A-Za-z0-9_:,=.\-]+", earphones)
    ):
        raise ValueError('[devices] earphones must be an ALSA device name such as "plughw:1,0"')
    usb = table.get("usb")
    if usb is not None and (not isinstance(usb, str) or not usb.strip()):
        raise ValueError('[devices] usb must be a mount point path such as "/media/kiosk/usb"')
    spec = table.get("printer", "text")
    if not isinstance(spec, str):
        raise ValueError('[devices] printer must be a string such as "file:/dev/usb/lp0"')
    return DevicesConfig(
        usb=None if usb is None else Path(usb).expanduser(),
        printer=printer.parse(spec),
        earphones=earphones,
    )
