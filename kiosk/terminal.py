"""What the kiosk itself holds: its settings, its media bay, its key pool, its receipts.

The bank's books, keys and secrets are not here: the kiosk reaches the bank
through `kiosk.bankside.service.BankService` (in-process on the embedded bank)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from kiosk.config import KioskConfig
from kiosk.keypool import KeyPool
from kiosk.media import MediaBay

if TYPE_CHECKING:
    from kiosk.bank import Bank
    from kiosk.bankside.devices import CustomerDevices
    from kiosk.bankside.service import BankService
    from kiosk.training_stages import TrainingDesk


@dataclass
class Terminal:
    data_dir: Path  # kiosk.toml and receipts/
    media: MediaBay
    keys: KeyPool  # the customer's key pairs are made here, never at the bank
    config: KioskConfig


@dataclass
class KioskLink:
    """A kiosk's way to its bank: the service, the customer's simulated devices, the
    trainer's staging desk, and the terminal itself. Embedded (the default): the bank
    in-process on the data directory. Networked: `kiosk bank serve` over HTTP; the
    data directory then holds only the kiosk's own things."""

    bank: BankService
    devices: CustomerDevices
    terminal: Terminal
    training: TrainingDesk

    @classmethod
    def embedded(cls, bank: Bank) -> KioskLink:
        from kiosk.bankside.devices import CustomerDevices
        from kiosk.bankside.service import BankService
        from kiosk.training_stages import TrainingDesk

        return cls(
            BankService(bank),
            CustomerDevices(bank),
            Terminal(bank.data_dir, bank.media, bank.keys, bank.config),
            TrainingDesk(bank),
        )

    @classmethod
    def remote(cls, url: str, token: str, data_dir: Path) -> KioskLink:
        from kiosk import config
        from kiosk.bankside.devices import CustomerDevices
        from kiosk.bankside.http_client import RemoteService
        from kiosk.bankside.service import BankService
        from kiosk.training_stages import TrainingDesk

        data_dir.mkdir(parents=True, exist_ok=True)
        # The remote ends answer exactly these classes' methods, decoded by their
        # annotations: to the screens they are the same interface.
        bank = cast("BankService", RemoteService(url, token, "bank", BankService))
        devices = cast("CustomerDevices", RemoteService(url, token, "devices", CustomerDevices))
        training = cast("TrainingDesk", RemoteService(url, token, "training", TrainingDesk))
        terminal = Terminal(data_dir, MediaBay(data_dir), KeyPool(), config.load(data_dir))
        return cls(bank, devices, terminal, training)
