"""Certificate products and fees, DESIGN §3."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from kiosk.core.i18n import Phrase, tr


class CaId(Enum):
    YESSIGN = "yessign"
    SIGNKOREA = "SignKorea"
    KICA = "KICA"
    CROSSCERT = "CrossCert"
    TRADESIGN = "TradeSign"

    @property
    def display_name(self) -> str:
        return _CA_NAMES[self]

    @property
    def folder(self) -> str:
        return self.value


_CA_NAMES = {
    CaId.YESSIGN: "금융결제원",
    CaId.SIGNKOREA: "코스콤",
    CaId.KICA: "한국정보인증",
    CaId.CROSSCERT: "한국전자인증",
    CaId.TRADESIGN: "한국무역정보통신",
}


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    ca: CaId
    policy_oid: str
    fee_won: int
    validity_years: int
    ou_usage: str  # the usage OU in the subject DN

    @property
    def fee_label(self) -> str:
        return fee_label(self.fee_won)

    def validity_from(self, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        """Valid from now until the same day `validity_years` later, end of that day.

        yessign's certificates start at 00:00 of the issue day (a real one: notBefore
        15:00:00Z the day before, 00:00 KST); the other CAs' at the moment of issue."""
        start = now.replace(microsecond=0)
        if self.ca is CaId.YESSIGN:
            start = start.replace(hour=0, minute=0, second=0)
        try:
            end_day = now.date().replace(year=now.year + self.validity_years)
        except ValueError:  # 29 February
            end_day = now.date().replace(year=now.year + self.validity_years, day=28)
        end = dt.datetime.combine(end_day, dt.time(23, 59, 59), tzinfo=now.tzinfo)
        return start, end


def product_and_issuer(product_name: str, issuer_name: str) -> Phrase:
    """A certificate's product and its CA, for receipts and lists, translated when shown."""
    # No brackets of its own: an English CA name brings its Korean one in brackets.
    return Phrase("{product} · {ca}", product=product_name, ca=issuer_name)


def fee_label(won: int) -> str:
    """Fees as the banks' tables print them: 없음 for free, else 4,400원."""
    return tr("없음") if won == 0 else tr("{amount}원", amount=f"{won:,}")


BANK_USE = Product(
    code="bank",
    name="은행/신용카드/보험용",
    ca=CaId.YESSIGN,
    policy_oid="1.2.410.200005.1.1.4",
    fee_won=0,
    validity_years=1,
    ou_usage="personal4IB",
)
GENERAL_YESSIGN = Product(
    code="general-yessign",
    name="전자거래범용",
    ca=CaId.YESSIGN,
    policy_oid="1.2.410.200005.1.1.1",
    fee_won=4400,
    validity_years=1,
    ou_usage="personal",
)
GENERAL_SIGNKOREA = Product(
    code="general-signkorea",
    name="전자거래범용",
    ca=CaId.SIGNKOREA,
    policy_oid="1.2.410.200004.5.1.1.5",
    fee_won=4400,
    validity_years=1,
    ou_usage="personal",
)

# 금융인증서 lives in 금융결제원's cloud, not on a medium. Its real policy OID is not
# public, so the simulation uses one of its own (DESIGN §9: what is simulated is
# marked): a UUID-derived OID (ITU-T X.667, arc 2.25) that no real product uses,
# so no bank's OID filter mistakes it for a real product.
FINANCIAL_POLICY_OID = "2.25.177892643232581882547860213073797036042"
# What the previous release put in its 금융인증서: an OID public tables give to
# yessign's 전자세금용. Still read, so certificates it issued keep their name.
LEGACY_FINANCIAL_POLICY_OID = "1.2.410.200005.1.1.6.8"
CLOUD_CA = CaId.YESSIGN
FINANCIAL = Product(
    code="fincert",
    name="금융인증서",
    ca=CLOUD_CA,
    policy_oid=FINANCIAL_POLICY_OID,
    fee_won=0,
    validity_years=3,
    ou_usage="personal4IB",
)

# What this kiosk issues, in menu order.
ISSUABLE: tuple[Product, ...] = (BANK_USE, GENERAL_YESSIGN, GENERAL_SIGNKOREA)


def _elsewhere(code: str, name: str, ca: CaId, oid: str, ou_usage: str) -> Product:
    # Issued by other institutions; the kiosk only stages them for training.
    return Product(code, name, ca, oid, fee_won=0, validity_years=1, ou_usage=ou_usage)


# Certificates customers bring from other institutions (DESIGN §3).
ELSEWHERE: tuple[Product, ...] = (
    _elsewhere("kica-general", "전자거래범용", CaId.KICA, "1.2.410.200004.5.2.1.2", "personal"),
    _elsewhere(
        "crosscert-general", "전자거래범용", CaId.CROSSCERT, "1.2.410.200004.5.4.1.1", "personal"
    ),
    _elsewhere(
        "crosscert-bank",
        "은행/신용카드/보험용",
        CaId.CROSSCERT,
        "1.2.410.200004.5.4.1.101",
        "personal4IB",
    ),
    _elsewhere(
        "tradesign-general", "전자거래범용", CaId.TRADESIGN, "1.2.410.200012.1.1.1", "personal"
    ),
    _elsewhere(
        "tradesign-bank",
        "은행/신용카드/보험용",
        CaId.TRADESIGN,
        "1.2.410.200012.1.1.101",
        "personal4IB",
    ),
)

# Policy OIDs of certificates the kiosk recognises: OID → (CA, product name).
KNOWN_POLICIES: dict[str, tuple[CaId, str]] = {
    product.policy_oid: (product.ca, product.name) for product in (*ISSUABLE, *ELSEWHERE, FINANCIAL)
} | {LEGACY_FINANCIAL_POLICY_OID: (FINANCIAL.ca, FINANCIAL.name)}


def by_code(code: str) -> Product:
    """A product by its code: what this kiosk issues, or what other institutions do."""
    for product in ISSUABLE + ELSEWHERE:
        if product.code == code:
            return product
    raise KeyError(code)


def product_name_for_policy(oid: str) -> str | None:
    known = KNOWN_POLICIES.get(oid)
    return None if known is None else known[1]
