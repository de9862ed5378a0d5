"""Who may talk to the bank: kiosks, and trainers who read the class dashboard.

Each holds a bearer token printed once when it is added; the bank keeps only its
hash, can tell a presented token's holder but never show the token again.
Removing a holder ends its token."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import ClassVar

from kiosk.core.clock import Clock
from kiosk.storage.store import Store


class KioskExists(ValueError):
    """A kiosk of that name is already registered."""


def _hash(token: str) -> str:
    # A 256-bit random token needs no slow hash: nobody can try them all.
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class BearerTokens:
    """One table of named holders and their hashed tokens."""

    # The table's name is a class constant, never input: the f-strings below
    # (noqa: S608) cannot carry anything a caller typed.
    table: ClassVar[str]
    kind: ClassVar[str]  # says who the names are, in errors
    # A trainer who lost the token is simply added again; a kiosk's name stays
    # taken until it is removed, so two machines never share one by mistake.
    replaces: ClassVar[bool] = False
    # Kiosks are taken out of service by name; trainers' table has no such column.
    removable: ClassVar[bool] = True

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def add(self, name: str) -> str:
        """A new token for `name` (shown once; only its hash is kept)."""
        name = name.strip()
        if not name or len(name) > 64 or not name.isprintable():
            raise ValueError(f"{self.kind} names are 1-64 printable characters")
        token = secrets.token_urlsafe(32)
        with self.store.transaction() as db:
            if not self.replaces:
                row = db.execute(
                    f"SELECT removed_at FROM {self.table} WHERE name = ?",  # noqa: S608
                    (name,),
                ).fetchone()
                if row is not None and row["removed_at"] is None:
                    raise KioskExists(name)
            db.execute(
                f"INSERT INTO {self.table} (name, token_hash, added_at) VALUES (?, ?, ?)"  # noqa: S608
                " ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash,"
                " added_at = excluded.added_at" + (", removed_at = NULL" if self.removable else ""),
                (name, _hash(token), self.clock.now().isoformat()),
            )
        return token

    def remove(self, name: str) -> bool:
        if not self.removable:
            raise TypeError(f"{self.kind} tokens are replaced, not removed")
        updated = self.store.db.execute(
            f"UPDATE {self.table} SET removed_at = ? WHERE name = ? AND removed_at IS NULL",  # noqa: S608
            (self.clock.now().isoformat(), name),
        ).rowcount
        return updated == 1

    def holder_of(self, token: str) -> str | None:
        """The name holding `token`, or None (unknown or removed)."""
        row = self.store.db.execute(
            f"SELECT name, token_hash FROM {self.table} WHERE token_hash = ?"  # noqa: S608
            + (" AND removed_at IS NULL" if self.removable else ""),
            (_hash(token),),
        ).fetchone()
        if row is None or not hmac.compare_digest(row["token_hash"], _hash(token)):
            return None
        return str(row["name"])


class KioskTokens(BearerTokens):
    table = "kiosk_tokens"
    kind = "kiosk"

    def kiosk_for(self, token: str) -> str | None:
        return self.holder_of(token)


class TrainerTokens(BearerTokens):
    """Trainers who may read the class dashboard (`kiosk bank add-trainer`)."""

    table = "trainer_tokens"
    kind = "trainer"
    replaces = True
    removable = False

    def trainer_for(self, token: str) -> str | None:
        return self.holder_of(token)
