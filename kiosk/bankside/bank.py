"""Everything the kiosk talks to, opened from one data directory."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.bankside.audit import AuditLog
from kiosk.bankside.operator import OperatorAccess
from kiosk.certs.records import CertificateRecords
from kiosk.core.clock import Clock, ShiftedClock
from kiosk.core.setup import default_data_dir as default_data_dir
from kiosk.core.setup import make_dir
from kiosk.factors.auth import ArsCalls, Authenticator, SecurityCards
from kiosk.people import demo_customers
from kiosk.people.customers import Registry
from kiosk.people.identity_factors import IdentityFactors
from kiosk.storage.store import Store, load_secret
from kiosk.terminal import config
from kiosk.terminal.config import KioskConfig
from kiosk.terminal.keypool import KeyPool
from kiosk.terminal.media import MediaBay

if TYPE_CHECKING:
    from cryptography import x509

    from kiosk.certs.registration import Registrations
    from kiosk.fincert.cloud_certs import CloudCertificates
    from kiosk.npki.ca import CaHierarchy
    from kiosk.terminal.link import Terminal

log = logging.getLogger("kiosk.bankside.bank")


CLOCK_OFFSET = "clock_offset_seconds"


class ClockBook:
    """The bank's clock offset from real time, in `meta` (SharedOffset)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self) -> float | None:
        value = self.store.meta(CLOCK_OFFSET)
        return None if value is None else float(value)

    def update(self, change: Callable[[float | None], float]) -> float:
        with self.store.transaction():
            offset = change(self.get())
            self.store.set_meta(CLOCK_OFFSET, repr(offset))
        return offset


@dataclass
class Bank:
    data_dir: Path
    clock: Clock
    store: Store
    registry: Registry
    auth: Authenticator
    ars: ArsCalls
    cards: SecurityCards
    media: MediaBay
    keys: KeyPool
    config: config.KioskConfig
    certificates: CertificateRecords = field(init=False)

    factors: IdentityFactors = field(init=False)
    audit: AuditLog = field(init=False)
    operator: OperatorAccess = field(init=False)
    _reminders_at: dt.datetime | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.factors = IdentityFactors(self.store, self.registry, self.auth, self.clock)
        self.audit = AuditLog(self.store, self.clock, self.store.meta("kiosk_id") or "KIOSK")
        self.operator = OperatorAccess(self.store)
        self.certificates = CertificateRecords(
            self.store, lambda: self.cas, self.data_dir, self.clock
        )

    @cached_property
    def cas(self) -> CaHierarchy:
        """The CA keys, loaded when first needed: the home screen never needs them."""
        from kiosk.npki.ca import load_or_create

        return load_or_create(self.data_dir / "ca", self.clock.now())

    @cached_property
    def registrations(self) -> Registrations:
        """Certificates from other institutions registered here (loads cryptography)."""
        from kiosk.certs.registration import Registrations

        return Registrations(
            self.store, self.clock, self.data_dir, self.issued_here, self.publish_crls_if_due
        )

    def issued_here(self, certificate: x509.Certificate) -> bool:
        """Whether this bank issued `certificate`: one of its CAs' names and in its books.
        (A relying party checks the signature; see kiosk.npki.trust.)"""
        return (
            certificate.issuer in self.cas.issuer_names()
            and self.certificates.get(certificate.serial_number) is not None
        )

    @cached_property
    def cloud(self) -> CloudCertificates:
        """금융결제원's 금융인증서 cloud (loads cryptography)."""
        from kiosk.fincert.cloud_certs import CloudCertificates

        return CloudCertificates(self.store, lambda: self.cas, self.data_dir, self.clock, self.keys)

    @classmethod
    def open(
        cls,
        data_dir: Path,
        clock: Clock,
        db_url: str | None = None,
        terminal: Terminal | None = None,
    ) -> Bank:
        """Open (and on first start, set up) the data directory; the books in it
        (SQLite), or in the PostgreSQL database `db_url` names. `terminal`: the
        kiosk's own parts, made before the bank (its settings, media bay and key
        pool), for the bank to share instead of making its own."""
        make_dir(data_dir, parents=True)
        # Settings first: a wrong kiosk.toml stops the start before the books are touched.
        settings = config.load(data_dir) if terminal is None else terminal.config
        store = Store(data_dir, db_url)
        try:
            return cls._opened(data_dir, clock, store, settings, terminal)
        except BaseException:
            store.close()
            raise

    @classmethod
    def _opened(
        cls,
        data_dir: Path,
        clock: Clock,
        store: Store,
        settings: KioskConfig,
        terminal: Terminal | None = None,
    ) -> Bank:
        demo_customers.seed(store)
        if isinstance(clock, ShiftedClock):
            # The class's one clock: F8 on any kiosk moves it for every kiosk and
            # phone on these books (tests' manual clocks stay their own).
            clock.share(ClockBook(store))
        # A lost cloud secret is found at the start, not by a customer's 금융인증서.
        if store.db.execute("SELECT 1 FROM cloud_certificates LIMIT 1").fetchone() is not None:
            load_secret(data_dir / "cloud" / "hsm.secret", may_create=False)
        bank = cls(
            data_dir=data_dir,
            clock=clock,
            store=store,
            registry=Registry(store),
            auth=Authenticator(store, clock),
            ars=ArsCalls(store, clock),
            cards=SecurityCards(store),
            media=MediaBay(data_dir, settings.devices.usb) if terminal is None else terminal.media,
            keys=KeyPool() if terminal is None else terminal.keys,
            config=settings,
        )
        # First start: make the CAs now, and publish (empty) CRLs from day one. Later
        # starts publish again only when the schedule says so (a CRL near its
        # nextUpdate, or a kiosk stopped between a revocation and its CRL), told
        # from the books, so start-up loads no cryptography.
        bank.publish_crls_if_due()
        return bank

    def publish_crls_if_due(self) -> bool:
        """Publish the CAs' CRLs if they are due (kiosk.npki.crl_schedule); whether it did."""
        from kiosk.npki import crl_schedule

        if not crl_schedule.due(self.store, self.data_dir, self.clock.now()):
            return False
        from kiosk.npki import crl

        crl.publish(self.store, self.cas, self.data_dir, self.clock.now())
        return True

    def run_timed_jobs(self) -> None:
        """The bank's round of time-driven work (a real bank's nightly jobs), run by
        the bank service's timer, or the embedded kiosk's: CRLs due, reminders due."""
        try:
            self.publish_crls_if_due()
        except OSError:
            log.exception("publishing the CRLs failed; trying again at the next round")
        self.send_due_reminders()

    def send_due_reminders(self) -> int:
        """Send the expiry reminders now due (kiosk.bankside.reminders); how many.

        Run by the bank service's timer (kiosk_cli/bank_server.py) and whenever a
        visit opens, so the books are read at most once a minute of the bank's
        clock, and again at once when the trainer moves the clock."""
        now = self.clock.now()
        last = self._reminders_at
        if last is not None and dt.timedelta(0) <= now - last < dt.timedelta(minutes=1):
            return 0
        self._reminders_at = now
        from kiosk.bankside import reminders

        return len(reminders.send_due(self.store, now))

    def close(self) -> None:
        self.store.close()
