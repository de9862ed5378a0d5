"""Lines the summary and result screens share, written once so both languages line up."""

from __future__ import annotations

import datetime as dt

from kiosk.certs.products import Product
from kiosk.core.i18n import tr


def certificate_line(product: Product) -> str:
    return tr("인증서    {product} ({ca})", product=product.name, ca=product.ca.display_name)


def validity_line(start: dt.datetime, end: dt.datetime) -> str:
    return tr("유효기간  {start} ~ {end}", start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}")
