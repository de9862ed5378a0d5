"""Where certificates live on a medium, and writing them whole or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.setup import make_dirs

if TYPE_CHECKING:
    from cryptography import x509

CERT_FILE = "signCert.der"
KEY_FILE = "signPri.key"

# By dotted OID (commonName, organizationalUnitName, organizationName, countryName):
# the kiosk sweeps its media at start, and that must not load cryptography.
_ATTR_NAMES = {"2.5.4.3": "cn", "2.5.4.11": "ou", "2.5.4.10": "o", "2.5.4.6": "c"}


class MediumError(OSError):
    """The medium went away or refused the write."""


def subject_folder(name: x509.Name) -> str:
    """The subject DN in RFC 4514 order with lower-case attribute names."""
    parts = []
    for attribute in reversed(list(name)):
        oid = attribute.oid.dotted_string
        label = _ATTR_NAMES.get(oid, oid)
        value = attribute.value if isinstance(attribute.value, str) else attribute.value.hex()
        parts.append(f"{label}={value}")
    return ",".join(parts)


def user_dir(medium_root: Path, ca_folder: str) -> Path:
    return medium_root / "NPKI" / ca_folder / "USER"


def cert_dir(medium_root: Path, ca_folder: str, name: x509.Name) -> Path:
    return user_dir(medium_root, ca_folder) / subject_folder(name)


def write_atomically(target: Path, files: dict[str, bytes], *, replace: bool = False) -> None:
    """Write `files` into directory `target` so it appears complete or not at all.

    Files go into a hidden sibling directory first, which is renamed into place;
    on any failure the partial directory is removed. With `replace`, an existing
    `target` (the certificate being renewed or re-issued) is swapped out and
    removed only once the new one is in place."""
    stage(target, files).swap_in(replace=replace).finish()


@dataclass(frozen=True)
class Swapped:
    """New files in place; the old directory (if any) kept aside until `finish`,
    so `undo` can put it back if what the swap belonged to fails after all."""

    target: Path
    retired: Path | None

    def finish(self) -> None:
        if self.retired is not None:
            shutil.rmtree(self.retired, ignore_errors=True)

    def undo(self) -> None:
        shutil.rmtree(self.target, ignore_errors=True)
        self._restore_retired()

    def set_aside(self, serial: int) -> Unconfirmed:
        """The bank may or may not have recorded the delivery (it did not answer):
        the new files move out of sight, named for their serial, and the old
        directory goes back, until the bank says which (`Unconfirmed`)."""
        aside = Unconfirmed(serial, self.target.parent / f"{UNCONFIRMED}{serial}", self.target)
        # The marker first: a kill after it and before the rename leaves a marker
        # without files, which settling simply drops.
        _write_files(self.target.parent, {aside.marker.name: self.target.name.encode("utf-8")})
        os.rename(self.target, aside.directory)
        self._restore_retired()
        return aside

    def _restore_retired(self) -> None:
        if self.retired is not None:
            with contextlib.suppress(OSError):
                os.rename(self.retired, self.target)


UNCONFIRMED = ".unconfirmed-"


@dataclass(frozen=True)
class Unconfirmed:
    """A certificate the bank signed whose delivery it may have recorded before it
    stopped answering. If it did, the old certificate is already revoked and these
    files are the customer's; if not, the books owe the customer a free one and
    these files must not be used. Kept hidden beside USER/'s certificates
    until the bank is asked."""

    serial: int
    directory: Path
    target: Path

    @property
    def marker(self) -> Path:
        return self.directory.with_name(self.directory.name + ".target")

    def complete(self) -> None:
        """The bank recorded the delivery: the files take their place. If the medium
        refuses (the stick was pulled), both stay for the next try."""
        if self.directory.is_dir():
            staged = Staged(self.target, self.directory)
            staged.swap_in(replace=True, keep_on_failure=True).finish()
        self.marker.unlink(missing_ok=True)

    def drop(self) -> None:
        """The bank did not record it: the files go (its next issue is free)."""
        shutil.rmtree(self.directory, ignore_errors=True)
        self.marker.unlink(missing_ok=True)


def unconfirmed(medium_root: Path) -> list[Unconfirmed]:
    """The certificates on a medium whose delivery the bank has not confirmed."""
    npki = medium_root / "NPKI"
    if not npki.is_dir():
        return []
    found = []
    for marker in npki.glob(f"*/USER/{UNCONFIRMED}*.target"):
        serial = marker.name[len(UNCONFIRMED) : -len(".target")]
        try:
            target_name = marker.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            target_name = ""
        if not serial.isdigit() or not target_name or "/" in target_name or target_name[0] == ".":
            marker.unlink(missing_ok=True)  # not one this kiosk wrote
            continue
        directory = marker.with_name(f"{UNCONFIRMED}{serial}")
        found.append(Unconfirmed(int(serial), directory, marker.parent / target_name))
    return found


@dataclass(frozen=True)
class Staged:
    """Complete files in a hidden directory beside `target`, not yet in its place:
    what a certificate is between being written and the bank's commit."""

    target: Path
    staging: Path

    def swap_in(self, *, replace: bool = False, keep_on_failure: bool = False) -> Swapped:
        """Rename the files into place (MediumError, and nothing changed, if the
        medium refuses; the staged files are dropped then unless `keep_on_failure`);
        with `replace`, the old directory is swapped out."""
        target = self.target
        retired = target.parent / f".retired-{secrets.token_hex(6)}"
        moved_old = False
        try:
            if target.exists():
                if not replace:
                    raise FileExistsError(f"{target.name} already exists")
                os.rename(target, retired)
                moved_old = True
            os.rename(self.staging, target)
        except OSError as error:
            if not keep_on_failure:
                self.discard()
            if moved_old and not target.exists():
                with contextlib.suppress(OSError):
                    os.rename(retired, target)
            raise MediumError(str(error)) from error
        return Swapped(target, retired if moved_old else None)

    def add(self, files: dict[str, bytes], target: Path) -> Staged:
        """More files into the staging directory, now bound for `target` (a sibling of
        the first one): the key is written before the bank signs, the certificate after."""
        try:
            _write_files(self.staging, files)
        except OSError as error:
            self.discard()
            raise MediumError(str(error)) from error
        return Staged(target, self.staging)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _write_files(directory: Path, files: dict[str, bytes]) -> None:
    for file_name, data in files.items():
        fd = os.open(directory / file_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def stage(target: Path, files: dict[str, bytes]) -> Staged:
    """Write `files`, fsynced, into a hidden sibling of `target` (MediumError if the
    medium refuses; nothing is left behind then)."""
    parent = target.parent
    staging = parent / f".staging-{secrets.token_hex(6)}"
    try:
        make_dirs(parent)  # NPKI/<CA>/USER: the customer's key files' folders are theirs
        staging.mkdir(mode=0o700)
        _write_files(staging, files)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise MediumError(str(error)) from error
    return Staged(target, staging)


def prune_empty(directory: Path, stop: Path) -> None:
    """Remove `directory` and its parents up to `stop` while they are empty: the
    folders a refused issue made for a certificate that never came."""
    while directory != stop and stop in directory.parents:
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent


# How old a staging directory must be before a survey takes it for a leftover.
STAGING_LEFTOVER_SECONDS = 600


def sweep_staging(medium_root: Path) -> None:
    """Remove what a write interrupted by a pulled stick left behind: hidden staging
    directories and half-written key files of a password change.

    Neither ever holds the only copy of anything (the old key file stays until the
    new one replaces it), so both are safe to drop; `.retired-*` directories may,
    and are left alone."""
    npki = medium_root / "NPKI"
    if not npki.is_dir():
        return
    # A young staging directory may be a write in progress (the key is staged
    # before the bank signs, and signing may take a while): only old ones are
    # leftovers. The file system's own time, not the kiosk's (trainers move that).
    settled = time.time() - STAGING_LEFTOVER_SECONDS
    for leftover in npki.glob("*/USER/.staging-*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime > settled:
                continue
        shutil.rmtree(leftover, ignore_errors=True)
    for partial in npki.glob(f"*/USER/*/.{KEY_FILE}.*.tmp"):
        partial.unlink(missing_ok=True)


def find_cert_dirs(medium_root: Path) -> list[Path]:
    """Every directory under <root>/NPKI/*/USER/ holding a signCert.der."""
    npki = medium_root / "NPKI"
    if not npki.is_dir():
        return []
    found = [
        p.parent for p in npki.glob(f"*/USER/*/{CERT_FILE}") if not p.parent.name.startswith(".")
    ]
    return sorted(found)
