"""The receipt printer: where a 처리결과 확인서 goes besides the `receipts/` folder.

`[devices] printer` in kiosk.toml (or `--printer`) is one of:

- ``text`` (default): the receipt is only kept as a text file in `receipts/`;
- ``lp`` or ``lp:QUEUE``: the system print queue (CUPS's `lp`), as UTF-8 text;
- ``file:PATH``: ESC/POS bytes written to PATH: a thermal printer's device node
  (``/dev/usb/lp0`` for USB, ``/dev/ttyUSB0`` for a serial port set up with stty),
  or a plain file (the demo's ``--printer file:out.bin``);
- ``network:HOST[:PORT]``: ESC/POS over TCP (port 9100 unless given).

ESC/POS goes through python-escpos. Korean is printed in the printer's own
double-byte font: FS & switches Korean-firmware printers (Bixolon, Sewoo, …) to
KS X 1001, and the text is sent EUC-KR encoded, where a Hangul syllable takes two
columns as on screen (receipts.display_width). Whatever fails is a Refused the
kiosk shows and audits; the receipt stays in `receipts/` to reprint."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.refusal import RefusalCode, Refused

if TYPE_CHECKING:
    from escpos.escpos import Escpos

log = logging.getLogger("kiosk")

KINDS = ("text", "lp", "file", "network")
KOREAN_MODE = b"\x1c\x26"  # FS &: Korean firmware prints KS X 1001 double-byte text
_TIMEOUT = 3.0  # seconds a networked printer or the print queue may take
_OFFLINE = (
    "프린터가 응답하지 않아 처리결과 확인서를 인쇄하지 못했습니다. "
    "처리는 완료되었습니다. 직원에게 재출력을 요청해 주세요."
)
_PAPER_OUT = (
    "프린터에 용지가 없어 처리결과 확인서를 인쇄하지 못했습니다. "
    "처리는 완료되었습니다. 직원에게 재출력을 요청해 주세요."
)


@dataclass(frozen=True)
class PrinterSpec:
    kind: str = "text"
    target: str = ""  # the queue, the path, or host:port

    @property
    def prints(self) -> bool:
        return self.kind != "text"

    def __str__(self) -> str:
        return self.kind if not self.target else f"{self.kind}:{self.target}"


def parse(spec: str) -> PrinterSpec:
    """A `[devices] printer` value (ValueError naming the forms if it is none of them)."""
    kind, _, target = spec.strip().partition(":")
    if (
        kind not in KINDS
        or (kind in ("file", "network") and not target)
        or (kind == "text" and target)
    ):
        raise ValueError(
            f"printer {spec!r} must be text, lp, lp:QUEUE, file:PATH or network:HOST[:PORT]"
        )
    if kind == "network":
        host, _, port = target.partition(":")
        if not host or (port and not (port.isdigit() and 0 < int(port) < 65536)):
            raise ValueError(f"printer {spec!r}: network:HOST[:PORT] with a port 1-65535")
    return PrinterSpec(kind, target)


def escpos_job(printer: Escpos, text: str) -> None:
    """The receipt as an ESC/POS job: initialise, Korean mode, the text, feed and cut."""
    printer.hw("INIT")
    printer._raw(KOREAN_MODE)
    # A character outside KS X 1001 (a rare name syllable) prints as "?", never a crash.
    printer._raw(text.encode("euc_kr", errors="replace"))
    printer.cut()


def escpos_bytes(text: str) -> bytes:
    """What the printer is sent for `text` (python-escpos's dummy printer records it)."""
    from escpos.printer import Dummy

    dummy = Dummy()
    escpos_job(dummy, text)
    output: bytes = dummy.output
    return output


def _connect(spec: PrinterSpec) -> Escpos:
    from escpos.printer import File, Network

    if spec.kind == "file":
        # A plain file (the demo's printer) is the customer's receipt: owner-only,
        # as in receipts/. A device node exists already and keeps its own mode.
        with contextlib.suppress(FileExistsError):
            os.close(os.open(spec.target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return File(spec.target)
    host, _, port = spec.target.partition(":")
    return Network(host, int(port or 9100), timeout=_TIMEOUT)


class ReceiptPrinter:
    """Prints receipt text on the configured printer; `connect` is the seam tests
    use to put python-escpos's dummy printer (or a failing one) in the device's place."""

    def __init__(
        self, spec: PrinterSpec, connect: Callable[[PrinterSpec], Escpos] = _connect
    ) -> None:
        self.spec = spec
        self._connect = connect

    def print_text(self, text: str) -> None:
        """Send `text` to the printer; Refused (offline, paper out) if it cannot."""
        if self.spec.kind == "text":
            return
        if self.spec.kind == "lp":
            self._lp(text)
            return
        from escpos.exceptions import Error as EscposError

        try:
            printer = self._connect(self.spec)
            printer.open()
        except (EscposError, OSError) as error:
            log.warning("printer %s offline: %s", self.spec, type(error).__name__)
            raise Refused(RefusalCode.PRINTER_OFFLINE, _OFFLINE) from None
        try:
            if self._paper_out(printer):
                raise Refused(RefusalCode.PRINTER_PAPER_OUT, _PAPER_OUT)
            escpos_job(printer, text)
        except (EscposError, OSError) as error:
            log.warning("printer %s failed: %s", self.spec, type(error).__name__)
            raise Refused(RefusalCode.PRINTER_OFFLINE, _OFFLINE) from None
        finally:
            printer.close()

    @staticmethod
    def _paper_out(printer: Escpos) -> bool:
        """Whether the printer says its paper ran out (one that cannot say is given the job)."""
        from escpos.escpos import Escpos

        if type(printer)._read is Escpos._read:
            return False  # a device node written as a file cannot answer
        try:
            status: int = printer.paper_status()
        except TimeoutError:
            return False
        return status == 0

    def _lp(self, text: str) -> None:
        lp = shutil.which("lp")
        if lp is None:
            log.warning("printer lp: no lp command")
            raise Refused(RefusalCode.PRINTER_OFFLINE, _OFFLINE)
        command = [lp, *(["-d", self.spec.target] if self.spec.target else [])]
        try:
            subprocess.run(  # noqa: S603 - fixed command, the queue name from kiosk.toml
                command, input=text.encode(), capture_output=True, timeout=_TIMEOUT, check=True
            )
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("printer lp failed: %s", type(error).__name__)
            raise Refused(RefusalCode.PRINTER_OFFLINE, _OFFLINE) from None
