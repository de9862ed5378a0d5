"""What the kiosk itself holds: its settings, its media bay, its key pool, its receipts.

The bank's books, keys and secrets are not here: the kiosk reaches the bank
through `kiosk.bankside.service.BankService` (in-process on the embedded bank)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.setup import make_dir
from kiosk.terminal.config import KioskConfig
from kiosk.terminal.keypool import KeyPool
from kiosk.terminal.media import MediaBay
from kiosk.terminal.printer import ReceiptPrinter

if TYPE_CHECKING:
    from kiosk.bankside.bank import Bank
    from kiosk.bankside.devices import CustomerDevices
    from kiosk.bankside.service import BankService
    from kiosk.training.stages import TrainingDesk


@dataclass
class Terminal:
    data_dir: Path  # kiosk.toml and receipts/
    media: MediaBay
    keys: KeyPool  # the customer's key pairs are made here, never at the bank
    config: KioskConfig
    # `[devices] printer` (or `--printer`); receipts are kept in receipts/ all the same.
    printer: ReceiptPrinter

    @classmethod
    def at(cls, data_dir: Path) -> Terminal:
        """The kiosk's own parts in `data_dir`; its settings (kiosk.toml) read and
        checked here, so a wrong one stops the start."""
        from kiosk.terminal import config

        make_dir(data_dir, parents=True)
        settings = config.load(data_dir)
        media = MediaBay(data_dir, settings.devices.usb)
        printer = ReceiptPrinter(settings.devices.printer)
        return cls(data_dir, media, KeyPool(), settings, printer)


class BankOpening:
    """The embedded bank, opened in a thread of its own when first asked for: the
    kiosk asks once its home screen is drawn (KioskApp.on_ready), so start-up shows
    it without the bank's books and domain modules, and the first service waits
    for them. What stops the opening (damaged books, a lost secret) is raised to
    whoever waits, and by `close`."""

    def __init__(self, open_bank: Callable[[], Bank]) -> None:
        self._open_bank = open_bank
        self._lock = threading.Lock()
        self._opened: Future[Bank] | None = None

    def start(self) -> Future[Bank]:
        """The bank being opened (the first call starts it)."""
        with self._lock:
            if self._opened is None:
                opened: Future[Bank] = Future()
                self._opened = opened
                threading.Thread(
                    target=self._open, args=(opened,), name="bank-open", daemon=True
                ).start()
            return self._opened

    def _open(self, opened: Future[Bank]) -> None:
        try:
            bank = self._open_bank()
        except BaseException as error:  # raised again to each one waiting for the bank
            opened.set_exception(error)
        else:
            opened.set_result(bank)

    def bank(self) -> Bank:
        return self.start().result()

    def close(self) -> None:
        """Close the bank if it was asked for (waiting for its opening to end);
        raises what stopped the opening."""
        with self._lock:
            opened = self._opened
        if opened is not None:
            opened.result().close()


class KioskLink:
    """A kiosk's way to its bank: the service, the customer's simulated devices, the
    trainer's staging desk, and the terminal itself. Embedded (the default): the bank
    in-process on the data directory. Networked: `kiosk bank serve` over HTTP; the
    data directory then holds only the kiosk's own things.

    The bank's side is reached when first needed (a customer picks a service), so
    an idle kiosk on its home screen has loaded none of it."""

    def __init__(
        self,
        terminal: Terminal,
        bank: Callable[[], BankService],
        devices: Callable[[], CustomerDevices],
        training: Callable[[], TrainingDesk],
        timed_jobs: Callable[[], None] | None = None,
    ) -> None:
        self.terminal = terminal
        self._make_bank, self._make_devices, self._make_training = bank, devices, training
        # Embedded, the kiosk's process is the bank's too, and runs the bank's
        # time-driven work (CRLs, expiry reminders) that a bank service's timer runs.
        self.timed_jobs = timed_jobs
        # Embedded by `kiosk` itself: the bank, opened once the home screen is drawn.
        self.opening: BankOpening | None = None

    @cached_property
    def bank(self) -> BankService:
        return self._make_bank()

    @cached_property
    def devices(self) -> CustomerDevices:
        return self._make_devices()

    @cached_property
    def training(self) -> TrainingDesk:
        return self._make_training()

    @classmethod
    def embedded(cls, bank: Bank) -> KioskLink:
        def service() -> BankService:
            from kiosk.bankside.service import BankService

            return BankService(bank)

        def devices() -> CustomerDevices:
            from kiosk.bankside.devices import CustomerDevices

            return CustomerDevices(bank)

        def training() -> TrainingDesk:
            from kiosk.training.stages import TrainingDesk

            return TrainingDesk(bank)

        printer = ReceiptPrinter(bank.config.devices.printer)
        terminal = Terminal(bank.data_dir, bank.media, bank.keys, bank.config, printer)
        return cls(terminal, service, devices, training, bank.run_timed_jobs)

    @classmethod
    def embedded_later(cls, terminal: Terminal, open_bank: Callable[[], Bank]) -> KioskLink:
        """Embedded, with the bank opened by `open_bank` (sharing `terminal`'s
        settings, media and key pool) only when first needed: see BankOpening."""
        opening = BankOpening(open_bank)

        def service() -> BankService:
            from kiosk.bankside.service import BankService

            return BankService(opening.bank())

        def devices() -> CustomerDevices:
            from kiosk.bankside.devices import CustomerDevices

            return CustomerDevices(opening.bank())

        def training() -> TrainingDesk:
            from kiosk.training.stages import TrainingDesk

            return TrainingDesk(opening.bank())

        def timed_jobs() -> None:
            opening.bank().run_timed_jobs()

        link = cls(terminal, service, devices, training, timed_jobs)
        link.opening = opening
        return link

    @classmethod
    def remote(cls, url: str, token: str, data_dir: Path) -> KioskLink:
        import urllib.parse

        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")

        def remote(area: str) -> Callable[[], Any]:
            def connect() -> Any:
                # The remote ends answer exactly these classes' methods, decoded by
                # their annotations: to the screens they are the same interface.
                from kiosk.bankside.devices import CustomerDevices
                from kiosk.bankside.http_client import RemoteService
                from kiosk.bankside.service import BankService
                from kiosk.training.stages import TrainingDesk

                classes = {"bank": BankService, "devices": CustomerDevices}
                return RemoteService(url, token, area, classes.get(area, TrainingDesk))

            return connect

        terminal = Terminal.at(data_dir)
        return cls(terminal, remote("bank"), remote("devices"), remote("training"))
