"""Argument types the `kiosk` commands share."""

from __future__ import annotations

import argparse
import datetime as dt

from kiosk.core.i18n import tr


def iso_date(text: str) -> dt.date:
    """A YYYY-MM-DD argument, refused with the rule in the customer's language."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("날짜는 YYYY-MM-DD 형식이어야 합니다: {text}", text=repr(text))
        ) from None
