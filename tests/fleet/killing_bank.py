"""`kiosk bank serve` that kills itself (SIGKILL, no clean-up of any kind) at one
named point of a request, for tests of what a crashed bank process leaves.

    python -m tests.fleet.killing_bank POINT bank serve --data-dir ...

POINT is `signing` (inside the signing transaction, after the fee was debited
and the certificate recorded, before COMMIT) or `delivered` (after the delivery
was committed, before the kiosk hears of it)."""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class _DiesAtSigning:
    def __init__(self, db: Any) -> None:
        self._db = db

    def execute(self, sql: str, *parameters: Any) -> Any:
        if sql.startswith("INSERT INTO signings"):
            _die()
        return self._db.execute(sql, *parameters)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def _arm(point: str) -> None:
    from kiosk.bankside.service import BankService
    from kiosk.storage.store import Store

    if point == "signing":
        transaction = Store.transaction

        @contextmanager
        def dying(self: Store) -> Iterator[Any]:
            with transaction(self) as db:
                yield _DiesAtSigning(db)

        Store.transaction = dying  # type: ignore[method-assign]
    elif point == "delivered":
        delivered = BankService.certificate_delivered

        @functools.wraps(delivered)  # the server reads the operation's annotations
        def then_die(self: BankService, visit: str, serial: int, directory: str) -> None:
            delivered(self, visit, serial, directory)
            _die()

        BankService.certificate_delivered = then_die  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown point {point}")


if __name__ == "__main__":
    _arm(sys.argv[1])
    from kiosk_cli.main import main

    sys.exit(main(sys.argv[2:]))
