"""Captions for autoplay: kept with the scenarios' data (the handout prints them too)."""

from __future__ import annotations

from kiosk.training.captions import CAPTIONS

__all__ = ["CAPTIONS"]
