"""What a person reads of each disclosure finding (R6, R7, R10), word for word, with its facts.

Each finding accuses a named office in public: the messages in both languages and the facts that
exports and the API publish are pinned exactly.
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosures.rules import OwnGovernmentPurchase, rule_r6, rule_r7, rule_r10
from portal.rules import Severity
from tests.disclosures.test_rules import HEBEI, reception

BASE = {"reference": "2023-001", "received_on": date(2023, 5, 1)}
R6_CASES = [
    (
        {"accommodation_fen": 4 * 2 * 38000 + 80},
        "住宿费每人每晚 380.10 元，超过河北省2023年标准 380.00 元，共超出 0.80 元。",
        "accommodation cost ¥380.10 per person per night, above Hebei's 2023 standard of "
        "¥380.00: ¥0.80 over in total.",
        {"limit": "night_cap", "per_person_fen": 38010, "cap_fen": 38000, "excess_fen": 80},
    ),
    (
        {"nights": 0, "accommodation_fen": 1000},
        "住宿费 10.00 元，但未记录任何住宿晚数。",
        "¥10.00 paid for accommodation without any night recorded.",
        {"limit": "night_cap", "excess_fen": 1000},
    ),
    (
        {"dining_fen": 6 * 6000 + 60},
        "用餐费每人每餐 60.10 元，超过河北省2023年标准 60.00 元，共超出 0.60 元。",
        "dining cost ¥60.10 per person per meal, above Hebei's 2023 standard of ¥60.00: "
        "¥0.60 over in total.",
        {"limit": "meal_cap", "per_person_fen": 6010, "cap_fen": 6000, "excess_fen": 60},
    ),
    (
        {"work_meals": 2, "dining_fen": 0},
        "安排工作餐 2 次，最多允许 1 次，超出 1 次。",
        "2 work meals where at most 1 is allowed: 1 too many.",
        {"limit": "work_meals", "allowed": 1, "excess": 1},
    ),
    (
        {"hosts": 4},
        "接待对象 4 人，陪同 4 人，最多允许 3 人，超出 1 人。",
        "4 hosts for 4 guests where at most 3 are allowed: 1 too many.",
        {"limit": "hosts", "allowed": 3, "excess": 1},
    ),
    (
        {"letter_reference": None, "standard_applied": ""},
        "缺少“四要素”中的：公函、接待标准。",
        "missing from the four elements: official letter, standard applied.",
        {
            "limit": "four_elements",
            "missing": ["letter_reference", "standard_applied"],
            "excess": 2,
        },
    ),
    (
        {"payment_method": "cash"},
        "以现金支付，标准不允许现金结算。",
        "paid in cash, which the standard does not allow.",
        {"limit": "cash"},
    ),
]


@pytest.mark.parametrize(
    ("changes", "zh", "en", "facts"),
    R6_CASES,
    ids=["night cap", "no night", "meal cap", "work meals", "hosts", "four elements", "cash"],
)
@pytest.mark.parametrize("page", ["en", "zh"])
def test_r6_names_the_reception_the_limit_and_the_excess(app, page, changes, zh, en, facts):
    """Each message keeps its own language whatever the page's language."""
    with app.test_request_context(f"/?lang={page}"):
        (finding,) = rule_r6(reception(**changes), HEBEI)
    assert (finding.rule, finding.severity, finding.office_slug) == (
        "R6",
        Severity.VIOLATION,
        "laishui-in-shijiazhuang",
    )
    assert finding.message_zh == f"接待 2023-001（2023-05-01）：{zh}"
    assert finding.message_en == f"Reception 2023-001 (2023-05-01): {en}"
    assert finding.facts == {**BASE, **facts}


def test_r6_a_reception_over_both_caps_has_both_findings():
    both = reception(accommodation_fen=4 * 2 * 38000 + 80, dining_fen=6 * 6000 + 60)
    assert [f.facts["limit"] for f in rule_r6(both, HEBEI)] == ["night_cap", "meal_cap"]


def test_r6_cash_is_no_finding_where_the_standard_allows_it():
    from dataclasses import replace

    assert rule_r6(reception(payment_method="cash"), replace(HEBEI, cash_allowed=True)) == []


def test_r7_lists_the_missing_years_of_each_kind():
    found = rule_r7("x", date(2016, 1, 1), True, {("budgets", 2016)}, date(2018, 1, 1))
    assert [(f.rule, f.severity, f.office_slug) for f in found] == [
        ("R7", Severity.VIOLATION, "x")
    ] * 3
    assert [(f.message_zh, f.message_en) for f in found] == [
        ("未公开以下已结束年度的接待预算：2017。", "No reception budget published for the completed year(s) 2017."),
        (
            "未公开以下已结束年度的服务提供方名单：2016、2017。",
            "No list of service providers published for the completed year(s) 2016, 2017.",
        ),
        (
            "未公开以下已结束年度的服务清单：2016、2017。",
            "No list of services published for the completed year(s) 2016, 2017.",
        ),
    ]  # fmt: skip
    assert found[1].facts == {
        "kind": "providers",
        "years": [2016, 2017],
        "limit": "publication",
        "excess": 2,
    }


def purchase(provider_en: str, years: list[int]) -> OwnGovernmentPurchase:
    return OwnGovernmentPurchase(
        "x", "保定市", "Baoding", "91130600MA0000000X", "保定市政府招待所", provider_en,
        2, 150000, 1, 500000, years,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("years", "span", "listed"),
    [
        ([2023], "2023", [2023]),
        ([2023, 2021, 2022, 2023], "2021–2023", [2021, 2022, 2023]),
        ([], "", []),
    ],
    ids=["one year", "several years", "no year recorded"],
)
@pytest.mark.parametrize("page", ["en", "zh"])
def test_r10_names_the_provider_the_years_and_the_money(app, page, years, span, listed):
    with app.test_request_context(f"/?lang={page}"):  # each message keeps its language
        (finding,) = rule_r10(purchase("Baoding Guesthouse", years))
    assert (finding.rule, finding.severity, finding.office_slug) == ("R10", Severity.VIOLATION, "x")
    assert finding.message_zh == (
        f"{span}年向本级政府（保定市）所属的保定市政府招待所（91130600MA0000000X）购买接待服务："
        "接待 2 次、合同 1 份，合计 6,500.00 元。"
    )
    assert finding.message_en == (
        f"In {span} it bought reception services from Baoding Guesthouse (91130600MA0000000X), "
        "owned by its own government (Baoding): 2 reception(s) and 1 contract(s), ¥6,500.00 in all."
    )
    assert finding.facts == {
        "provider_uscc": "91130600MA0000000X",
        "receptions": 2,
        "contracts": 1,
        "total_fen": 650000,
        "years": listed,
    }


def test_r10_names_the_provider_in_chinese_when_it_has_no_english_name():
    (finding,) = rule_r10(purchase("", [2023]))
    assert "bought reception services from 保定市政府招待所 (" in finding.message_en
