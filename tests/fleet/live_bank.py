"""A real `kiosk bank serve` HTTP service in a thread of the test process, for tests
of the networked kiosk: real sockets, real HTTP, the bank's own data directory."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from kiosk.bankside.bank import Bank
from kiosk.bankside.kiosk_tokens import KioskTokens
from kiosk_cli.bank_server import make_app


@dataclass(frozen=True)
class LiveBank:
    url: str
    token: str
    bank: Bank


@contextmanager
def live_bank(
    bank: Bank, kiosk_name: str = "test-kiosk", *, training: bool = True
) -> Iterator[LiveBank]:
    token = KioskTokens(bank.store, bank.clock).add(kiosk_name)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(make_app(bank, training=training), access_log=None)
    started = threading.Event()
    port: list[int] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        server = site._server
        assert server is not None
        port.append(server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        started.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())

    thread = threading.Thread(target=run, name="live-bank", daemon=True)
    thread.start()
    assert started.wait(10)
    try:
        yield LiveBank(f"http://127.0.0.1:{port[0]}", token, bank)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def kiosk_dir(tmp_path: Path, name: str = "kiosk") -> Path:
    path = tmp_path / name
    path.mkdir()
    return path
