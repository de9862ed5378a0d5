"""`--usb-path`, `--printer` and `--browser-keys`: the terminal's real devices and keys, for `kiosk` and `kiosk demo`.

They override `[devices]` of kiosk.toml for one run (README: "installing at a terminal")."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from kiosk.core.i18n import tr
from kiosk.terminal import printer
from kiosk.terminal.browser_keys import with_browser_keys
from kiosk.terminal.link import Terminal
from kiosk.terminal.media import MediaBay


def _printer_spec(text: str) -> printer.PrinterSpec:
    try:
        return printer.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr(
                "프린터는 text, lp, lp:QUEUE, file:PATH, network:HOST[:PORT] 중 하나여야 합니다: {text}",
                text=repr(text),
            )
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--usb-path",
        type=Path,
        metavar="DIR",
        help="the mount point of the customer's USB stick (overrides [devices] usb; F3 no longer simulates)",
    )
    parser.add_argument(
        "--browser-keys",
        action="store_true",
        help="the browser room's keys: Alt+letters beside the keys a browser keeps (kiosk serve sets it)",
    )
    parser.add_argument(
        "--printer",
        type=_printer_spec,
        metavar="SPEC",
        help="receipt printer: text, lp[:QUEUE], file:PATH (ESC/POS bytes), network:HOST[:PORT]",
    )


def use_usb(args: argparse.Namespace, media: MediaBay) -> None:
    usb_path = getattr(args, "usb_path", None)
    if usb_path is not None:
        media.use_usb_mount(usb_path.expanduser().absolute())


def apply(args: argparse.Namespace, terminal: Terminal) -> None:
    """The command line's devices in place of kiosk.toml's."""
    use_usb(args, terminal.media)
    if getattr(args, "browser_keys", False):
        config = terminal.config
        terminal.config = replace(config, bindings=with_browser_keys(config.bindings))
    spec = getattr(args, "printer", None)
    if spec is not None:
        terminal.printer = printer.ReceiptPrinter(spec)
