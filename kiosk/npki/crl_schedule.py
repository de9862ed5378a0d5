"""When the CAs publish their CRLs again, told without loading cryptography.

A CRL promises the next one by its nextUpdate (a day on); the CAs publish
again well before it (REPUBLISH_BEFORE), whenever a start or a service finds
them due, so a relying party never holds a stale CRL. What was last published
is kept in the books (meta), so a kiosk's start answers from there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.storage.store import Store

NEXT_UPDATE = dt.timedelta(days=1)
REPUBLISH_BEFORE = dt.timedelta(hours=6)
ARL_FILE = "root.arl"  # the root's list of revoked CA certificates (ARL)
LAST_UPDATE_KEY = "crl_last_update"
NEXT_UPDATE_KEY = "crl_next_update"


def published_files(data_dir: Path, ca_folders: tuple[str, ...]) -> list[Path]:
    directory = data_dir / "crl"
    return [directory / f"{folder}.crl" for folder in ca_folders] + [directory / ARL_FILE]


def due(store: Store, data_dir: Path, now: dt.datetime) -> bool:
    """Whether the CRLs must be published now: one is missing, the revocations
    outran them (a kiosk stopped between a revocation and its CRL), their
    nextUpdate is near or past, or the clock went back before their lastUpdate
    (a trainer's --today)."""
    from kiosk.certs.products import CaId

    if (store.meta("revocations_published") or "0") != (store.meta("revocations_made") or "0"):
        return True
    if not all(path.exists() for path in published_files(data_dir, tuple(c.value for c in CaId))):
        return True
    last, following = store.meta(LAST_UPDATE_KEY), store.meta(NEXT_UPDATE_KEY)
    if not last or not following:
        return True
    try:
        last_update = dt.datetime.fromisoformat(last)
        next_update = dt.datetime.fromisoformat(following)
    except ValueError:
        return True
    return now < last_update or now >= next_update - REPUBLISH_BEFORE
