"""Storage media the kiosk can save certificates to: its hard disk and a USB stick.

Both are directories under the data directory. The USB stick is "inserted"
when its directory exists; pulling it moves the directory aside, so the files
stay on the stick as they would in real life."""

from __future__ import annotations

import shutil
from enum import Enum
from pathlib import Path

from kiosk.core.i18n import Phrase
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


class MediaBay:
    def __init__(self, data_dir: Path) -> None:
        # Certificates' private keys are kept here: the owner's alone, whatever the umask.
        self.base = data_dir / "media"
        make_dir(self.base, parents=True)
        make_dir(self.root(Medium.HARD_DISK))

    def root(self, medium: Medium) -> Path:
        return self.base / medium.value

    @property
    def _pulled_usb(self) -> Path:
        return self.base / "usb-pulled"

    def is_present(self, medium: Medium) -> bool:
        return self.root(medium).is_dir()

    def insert_usb(self) -> None:
        if self.is_present(Medium.USB):
            return
        if self._pulled_usb.is_dir():
            self._pulled_usb.rename(self.root(Medium.USB))
        else:
            make_dir(self.root(Medium.USB))

    def clear(self) -> None:
        """Training reset: every medium empty, the USB stick out."""
        for medium_root in self.base.iterdir():
            if medium_root.is_dir():
                shutil.rmtree(medium_root)
        make_dir(self.root(Medium.HARD_DISK))

    def pull_usb(self) -> None:
        if self.is_present(Medium.USB):
            self.root(Medium.USB).rename(self._pulled_usb)
