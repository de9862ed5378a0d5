"""Storage media the kiosk can save certificates to: its hard disk and a USB stick.

The hard disk is a directory under the data directory. The USB stick is one of two:

- simulated (training, no `[devices] usb`): a directory under the data directory,
  "inserted" when it exists; pulling it (F3) moves the directory aside, so the
  files stay on the stick as they would in real life;
- real (`[devices] usb = "/media/kiosk/usb"` or `--usb-path`): the mount point the
  terminal's automounter uses. A stick is there when the path is a directory that
  is a mount point or holds anything at all; an empty plain directory (what an
  automounter leaves behind, or nothing mounted over it) and a missing path mean
  no stick. The kiosk never inserts, pulls or clears a real stick: it is the
  customer's, and the customer plugs and pulls it.

Beside them, `phones/` holds the certificate stores of the training room's
phones (kiosk/certs/phone_store.py): not a medium of the kiosk's, never listed
as one, emptied with the rest by a training reset."""

from __future__ import annotations

import contextlib
import os
import shutil
from enum import Enum
from pathlib import Path

from kiosk.core.i18n import Phrase
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.core.setup import make_dir


class Medium(Enum):
    HARD_DISK = "hdd"
    USB = "usb"

    @property
    def label(self) -> str:
        return self.phrase.render()

    @property
    def phrase(self) -> Phrase:
        """The medium's name as data, for messages redrawn in the other language."""
        return Phrase("하드디스크" if self is Medium.HARD_DISK else "이동식디스크(USB)")


USB_READ_ONLY_MESSAGE = Phrase(
    "USB가 쓰기 금지되어 있어 저장할 수 없습니다. "
    "USB의 쓰기 방지 스위치를 풀거나 하드디스크를 선택해 주세요."
)


def stick_present(mount_point: Path) -> bool:
    """Whether a medium is in `mount_point` (see the module's docstring)."""
    try:
        if not mount_point.is_dir():
            return False
        if os.path.ismount(mount_point):
            return True
        with os.scandir(mount_point) as entries:
            return any(True for _ in entries)
    except OSError:
        return False  # a stick pulled without unmounting: its mount answers EIO


def read_only(path: Path) -> bool:
    """Whether `path`'s file system takes no writes (a locked stick, a ro mount)."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return True
    return not os.access(path, os.W_OK)


class MediaBay:
    def __init__(self, data_dir: Path, usb_mount: Path | None = None) -> None:
        # Certificates' private keys are kept here: the owner's alone, whatever the umask.
        self.base = data_dir / "media"
        self.usb_mount = usb_mount
        make_dir(self.base, parents=True)
        make_dir(self.root(Medium.HARD_DISK))

    @property
    def real_usb(self) -> bool:
        """A real stick in a real port, rather than the trainer's F3 folder."""
        return self.usb_mount is not None

    def use_usb_mount(self, mount_point: Path | None) -> None:
        """Watch `mount_point` for the customer's stick (None: the simulated one)."""
        self.usb_mount = mount_point

    def root(self, medium: Medium) -> Path:
        if medium is Medium.USB and self.usb_mount is not None:
            return self.usb_mount
        return self.base / medium.value

    @property
    def _pulled_usb(self) -> Path:
        return self.base / "usb-pulled"

    def is_present(self, medium: Medium) -> bool:
        if medium is Medium.USB and self.usb_mount is not None:
            return stick_present(self.usb_mount)
        return self.root(medium).is_dir()

    def is_read_only(self, medium: Medium) -> bool:
        return self.is_present(medium) and read_only(self.root(medium))

    def write_refusal(
        self, medium: Medium, absent: RefusalCode = RefusalCode.USB_ABSENT
    ) -> Refused | None:
        """Why nothing can be saved on `medium` now (out, or write-protected); None if it can."""
        if not self.is_present(medium):
            return Refused(absent, "USB를 연결해 주세요.")
        if self.is_read_only(medium):
            return Refused(RefusalCode.USB_READ_ONLY, USB_READ_ONLY_MESSAGE)
        return None

    def insert_usb(self) -> None:
        if self.real_usb or self.is_present(Medium.USB):
            return
        if self._pulled_usb.is_dir():
            self._pulled_usb.rename(self.root(Medium.USB))
        else:
            make_dir(self.root(Medium.USB))

    def sweep_leftovers(self, medium: Medium | None = None) -> None:
        """Drop what writes interrupted by a pulled stick or a killed kiosk left behind
        (layout.sweep_staging) on `medium`, or on every medium present. Run when the
        kiosk starts and when a stick is put in, not on every look at the media: a
        look must never race a write in progress."""
        # Imported here: the certificate files' layout (and the hashing behind its
        # staging names) is not needed for the home screen's first paint.
        from kiosk.npki import layout

        for each in Medium if medium is None else (medium,):
            if self.is_present(each):
                with contextlib.suppress(OSError):  # a stick pulled meanwhile: next time
                    layout.sweep_staging(self.root(each))

    def clear(self) -> None:
        """Training reset: every simulated medium empty, the simulated stick out.

        A real stick is never touched, even if its mount point is under `base`."""
        for medium_root in self.base.iterdir():
            if medium_root.is_dir() and medium_root != self.usb_mount:
                shutil.rmtree(medium_root)
        make_dir(self.root(Medium.HARD_DISK))

    def pull_usb(self) -> None:
        if not self.real_usb and self.is_present(Medium.USB):
            self.root(Medium.USB).rename(self._pulled_usb)


class UsbChange(Enum):
    INSERTED = "inserted"
    PULLED = "pulled"


class UsbWatch:
    """Notices the stick coming and going, whenever the screens ask (they poll)."""

    def __init__(self, media: MediaBay) -> None:
        self.media = media
        self.present = media.is_present(Medium.USB)

    def poll(self) -> UsbChange | None:
        present = self.media.is_present(Medium.USB)
        if present == self.present:
            return None
        self.present = present
        return UsbChange.INSERTED if present else UsbChange.PULLED
