"""Everything the kiosk talks to, opened from one data directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk import config, demo_customers
from kiosk.auth import Authenticator
from kiosk.certificates import CertificateRecords
from kiosk.clock import Clock
from kiosk.customers import Registry
from kiosk.keypool import KeyPool
from kiosk.media import MediaBay
from kiosk.npki import crl
from kiosk.npki.ca import CaHierarchy, load_or_create
from kiosk.store import Store


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "bank-kiosk"


@dataclass
class Bank:
    data_dir: Path
    clock: Clock
    store: Store
    registry: Registry
    auth: Authenticator
    cas: CaHierarchy
    media: MediaBay
    certificates: CertificateRecords
    keys: KeyPool
    config: config.KioskConfig

    @classmethod
    def open(cls, data_dir: Path, clock: Clock) -> Bank:
        """Open (and on first start, set up) the data directory."""
        data_dir.mkdir(parents=True, exist_ok=True)
        store = Store(data_dir)
        demo_customers.seed(store)
        cas = load_or_create(data_dir / "ca")
        if not (data_dir / "crl").is_dir():
            # Relying parties expect a CRL from day one, even an empty one.
            crl.publish(store, cas, data_dir, clock.now())
        return cls(
            data_dir=data_dir,
            clock=clock,
            store=store,
            registry=Registry(store),
            auth=Authenticator(store, clock),
            cas=cas,
            media=MediaBay(data_dir),
            certificates=CertificateRecords(store, cas, data_dir, clock),
            keys=KeyPool(),
            config=config.load(data_dir),
        )

    @property
    def kiosk_id(self) -> str:
        return self.store.meta("kiosk_id") or "KIOSK"

    def close(self) -> None:
        self.store.close()
