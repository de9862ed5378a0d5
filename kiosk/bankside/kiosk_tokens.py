"""Which kiosks may talk to the bank: a name and a bearer token, kept only hashed.

A token is printed once when the kiosk is added; the bank can tell a presented
token's kiosk but never show the token again. Removing a kiosk ends its token."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from kiosk.core.clock import Clock
from kiosk.storage.store import Store


class KioskExists(ValueError):
    """A kiosk of that name is already registered."""


def _hash(token: str) -> str:
    # A 256-bit random token needs no slow hash: nobody can try them all.
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class KioskTokens:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def add(self, name: str) -> str:
        """A new token for kiosk `name` (shown once; only its hash is kept)."""
        name = name.strip()
        if not name or len(name) > 64 or not name.isprintable():
            raise ValueError("kiosk names are 1-64 printable characters")
        token = secrets.token_urlsafe(32)
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT removed_at FROM kiosk_tokens WHERE name = ?", (name,)
            ).fetchone()
            if row is not None and row["removed_at"] is None:
                raise KioskExists(name)
            db.execute(
                "INSERT INTO kiosk_tokens (name, token_hash, added_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash,"
                " added_at = excluded.added_at, removed_at = NULL",
                (name, _hash(token), self.clock.now().isoformat()),
            )
        return token

    def remove(self, name: str) -> bool:
        updated = self.store.db.execute(
            "UPDATE kiosk_tokens SET removed_at = ? WHERE name = ? AND removed_at IS NULL",
            (self.clock.now().isoformat(), name),
        ).rowcount
        return updated == 1

    def kiosk_for(self, token: str) -> str | None:
        """The name of the kiosk holding `token`, or None (unknown or removed)."""
        row = self.store.db.execute(
            "SELECT name, token_hash FROM kiosk_tokens WHERE token_hash = ? AND removed_at IS NULL",
            (_hash(token),),
        ).fetchone()
        if row is None or not hmac.compare_digest(row["token_hash"], _hash(token)):
            return None
        return str(row["name"])
