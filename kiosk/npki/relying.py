"""What the kiosk, as a relying party, knows of a certificate: whether its path
to a trust anchor holds (kiosk.npki.trust) and what the believed CRLs say of it
(kiosk.npki.crl). Asked wherever a certificate is trusted: 등록, 갱신,
인증서 관리 보기 and `kiosk cert show`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from kiosk.npki import crl, trust
from kiosk.npki.revocation import Revocation


@dataclass(frozen=True)
class Assessment:
    trust: trust.Trust
    revocation: Revocation


def assess(data_dir: Path, certificate: x509.Certificate, now: dt.datetime) -> Assessment:
    store = trust.load(data_dir)
    verdict = trust.validate(store, certificate, now, crl.revoked_cas(data_dir, store, now))
    return Assessment(verdict, crl.revocation(data_dir, certificate, now, store))
