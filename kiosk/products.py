"""Certificate products and fees, DESIGN §3."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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


def fee_label(won: int) -> str:
    """Fees as the banks' tables print them: 없음 for free, else 4,400원."""
    return "없음" if won == 0 else f"{won:,}원"


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

# What this kiosk issues, in menu order.
ISSUABLE: tuple[Product, ...] = (BANK_USE, GENERAL_YESSIGN, GENERAL_SIGNKOREA)

# Policy OIDs of certificates customers may bring from elsewhere: OID → (CA, product name).
KNOWN_POLICIES: dict[str, tuple[CaId, str]] = {
    BANK_USE.policy_oid: (CaId.YESSIGN, "은행/신용카드/보험용"),
    GENERAL_YESSIGN.policy_oid: (CaId.YESSIGN, "전자거래범용"),
    GENERAL_SIGNKOREA.policy_oid: (CaId.SIGNKOREA, "전자거래범용"),
    "1.2.410.200004.5.2.1.2": (CaId.KICA, "전자거래범용"),
    "1.2.410.200004.5.4.1.1": (CaId.CROSSCERT, "전자거래범용"),
    "1.2.410.200004.5.4.1.101": (CaId.CROSSCERT, "은행/신용카드/보험용"),
    "1.2.410.200012.1.1.1": (CaId.TRADESIGN, "전자거래범용"),
    "1.2.410.200012.1.1.101": (CaId.TRADESIGN, "은행/신용카드/보험용"),
}


def by_code(code: str) -> Product:
    for product in ISSUABLE:
        if product.code == code:
            return product
    raise KeyError(code)


def product_name_for_policy(oid: str) -> str | None:
    known = KNOWN_POLICIES.get(oid)
    return None if known is None else known[1]
