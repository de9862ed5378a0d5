"""`kiosk serve`: the kiosk in browsers on the local network (the training room).

textual-serve starts one kiosk process per browser tab, so every trainee gets an
independent kiosk; all of them share one data directory, as kiosks in one
branch share the bank's records."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from kiosk.core.i18n import DEFAULT_LANGUAGE, tr
from kiosk_cli.arguments import cannot_listen


def kiosk_command(
    data_dir: Path, today: str | None, kiosk_mode: bool, lang: str = DEFAULT_LANGUAGE.value
) -> str:
    """The command each browser tab runs."""
    parts = [sys.executable, "-m", "kiosk_cli", "--data-dir", str(data_dir), "--lang", lang]
    if today is not None:
        parts += ["--today", today]
    if not kiosk_mode:
        parts.append("--no-kiosk-mode")
    return shlex.join(parts)


def serve(
    data_dir: Path,
    host: str,
    port: int,
    today: str | None,
    kiosk_mode: bool = True,
    lang: str = DEFAULT_LANGUAGE.value,
) -> None:
    from textual_serve.server import Server

    # Set up the data directory once, before several tabs race to create it.
    from kiosk.bankside.bank import Bank
    from kiosk.core.clock import ShiftedClock

    Bank.open(data_dir, ShiftedClock()).close()
    server = Server(
        kiosk_command(data_dir, today, kiosk_mode, lang),
        host=host,
        port=port,
        title=tr("한빛은행 인증센터"),
    )
    try:
        server.serve()
    except OSError as error:  # binding the port: the only OSError before serving starts
        raise cannot_listen(host, port, error) from None
