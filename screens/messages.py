"""Messages the App sends to the screen on show about the terminal's devices."""

from __future__ import annotations

from textual.message import Message

from kiosk.terminal.media import UsbChange


class UsbChanged(Message):
    """The customer's stick was put in or pulled out (`KioskApp.check_usb`).

    Sent to the screen on show only: a screen below it looks again when it is back
    on top (`on_screen_resume`)."""

    def __init__(self, change: UsbChange) -> None:
        super().__init__()
        self.change = change
