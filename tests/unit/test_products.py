from kiosk.certs import products


def test_the_three_products_with_bank_fees() -> None:
    rows = [(p.name, p.ca.display_name, p.fee_label) for p in products.ISSUABLE]
    assert rows == [
        ("은행/신용카드/보험용", "금융결제원", "없음"),
        ("전자거래범용", "금융결제원", "4,400원"),
        ("전자거래범용", "코스콤", "4,400원"),
    ]


def test_policy_oids_from_design() -> None:
    assert products.BANK_USE.policy_oid == "1.2.410.200005.1.1.4"
    assert products.GENERAL_YESSIGN.policy_oid == "1.2.410.200005.1.1.1"
    assert products.GENERAL_SIGNKOREA.policy_oid == "1.2.410.200004.5.1.1.5"
    assert products.product_name_for_policy("1.2.410.200012.1.1.101") == "은행/신용카드/보험용"
    assert products.product_name_for_policy("1.2.3") is None


def test_fee_label() -> None:
    assert products.fee_label(0) == "없음"
    assert products.fee_label(4400) == "4,400원"
    assert products.fee_label(12000) == "12,000원"
