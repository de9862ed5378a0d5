"""A refusal: the bank or the kiosk will not do what was asked, and says why.

Every rule's refusal is one of these (a subclass names the area), so a screen
catches one type, shows `message` on the screen where it happened and logs
`code`; nothing was changed except what a rule counts (wrong tries)."""

from __future__ import annotations

from kiosk.i18n import tr


class Refused(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = tr(message)
        self.code = code
