"""What the kiosk itself holds: its settings, its media bay, its key pool, its receipts.

The bank's books, keys and secrets are not here: the kiosk reaches the bank
through `kiosk.bankside.service.BankService` (in-process on the embedded bank)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.keypool import KeyPool
from kiosk.media import MediaBay


@dataclass
class Terminal:
    data_dir: Path  # kiosk.toml and receipts/
    media: MediaBay
    keys: KeyPool  # the customer's key pairs are made here, never at the bank
    config: KioskConfig
