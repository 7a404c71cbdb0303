"""R12 (a category's spending beyond its plan's tolerance) and R13 (a year's contracts above that
year's reception budget), below, at and above each limit, and through the registered check.

The circular asks that budgets be "strictly controlled": spending at the plan plus the portal's
10% tolerance is within it, one fen more is not (R12); contracts adding up to the budget itself
are within it, one fen more is not (R13).
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosures.budget_rules import (
    TOLERANCE_PERCENT,
    BudgetLineFacts,
    ContractTotals,
    rule_r12,
    rule_r13,
)
from disclosures.models import DisclosureKind
from disclosures.publication import publish_items
from portal.compliance import all_findings, findings_for_office
from portal.findings import subject_of
from portal.rules import Severity
from tests.disclosures.conftest import HOTEL_CODE

BELOW_AT_ABOVE = ["below", "at the limit", "above"]
SLUG = "laishui-in-shijiazhuang"


def line(planned: int, actual: int | None, category: str = "dining") -> BudgetLineFacts:
    return BudgetLineFacts(SLUG, 2023, category, planned, actual)


@pytest.mark.parametrize(
    ("actual", "excess"),
    [(1_099_999, None), (1_100_000, None), (1_100_001, 100_001)],
    ids=BELOW_AT_ABOVE,
)
def test_r12_spending_at_the_plan_plus_the_tolerance_is_within_it(actual, excess):
    """A ¥10,000 plan may be spent up to ¥11,000 (10%); one fen more is beyond the tolerance,
    and the finding gives the whole excess over the plan."""
    assert TOLERANCE_PERCENT == 10
    found = rule_r12(line(1_000_000, actual))
    assert [f.facts["excess_fen"] for f in found] == ([] if excess is None else [excess])


def test_r12_words_the_figures_in_both_languages_and_names_the_category():
    [finding] = rule_r12(line(1_000_000, 1_250_000, "vehicles"))
    assert finding.rule == "R12" and str(finding.severity) == "violation"
    assert "¥12,500.00" in finding.message_en and "¥10,000.00" in finding.message_en
    assert "vehicles" in finding.message_en and "25.0%" in finding.message_en
    assert "用车" in finding.message_zh and "超支" in finding.message_zh
    assert finding.facts["year"] == 2023 and finding.facts["category"] == "vehicles"


def test_r12_a_line_not_yet_spent_or_spent_under_plan_is_kept():
    assert rule_r12(line(1_000_000, None)) == []
    assert rule_r12(line(1_000_000, 0)) == []
    assert rule_r12(line(0, 0)) == []
    [unplanned] = rule_r12(line(0, 1))  # nothing planned, one fen spent
    assert unplanned.facts["excess_fen"] == 1 and "∞" in unplanned.message_en


def test_r12_the_tolerance_is_a_parameter_of_the_rule():
    assert rule_r12(line(1_000_000, 1_000_001), tolerance_percent=0)
    assert not rule_r12(line(1_000_000, 1_200_000), tolerance_percent=20)


@pytest.mark.parametrize(
    ("contract_fen", "excess"),
    [(3_999_999, None), (4_000_000, None), (4_000_001, 1)],
    ids=BELOW_AT_ABOVE,
)
def test_r13_contracts_adding_up_to_the_budget_are_within_it(contract_fen, excess):
    found = rule_r13(ContractTotals(SLUG, 2023, 2, contract_fen, 4_000_000))
    assert [f.facts["excess_fen"] for f in found] == ([] if excess is None else [excess])


def test_r13_words_the_totals_in_both_languages():
    [finding] = rule_r13(ContractTotals(SLUG, 2023, 3, 13_432_800, 3_949_000))
    assert "¥134,328.00" in finding.message_en and "¥39,490.00" in finding.message_en
    assert "3 contract(s)" in finding.message_en
    assert "合同 3 份" in finding.message_zh and "接待预算" in finding.message_zh


def test_r12_and_r13_findings_are_told_apart_by_year_and_category():
    """The findings table keys a finding by what it is about: two years, two categories."""
    subjects = {
        subject_of(f)
        for f in rule_r12(line(100, 200, "dining"))
        + rule_r12(line(100, 200, "vehicles"))
        + rule_r12(BudgetLineFacts(SLUG, 2024, "dining", 100, 200))
    }
    assert len(subjects) == 3
    first = rule_r13(ContractTotals(SLUG, 2023, 1, 2, 1))
    second = rule_r13(ContractTotals(SLUG, 2024, 1, 2, 1))
    assert subject_of(first[0]) != subject_of(second[0])


def budget(planned: dict[str, int], actual: dict[str, int]) -> list[tuple[int, dict]]:
    return [
        (n, {"category": category, "planned_fen": fen, "actual_fen": actual.get(category)})
        for n, (category, fen) in enumerate(planned.items(), start=2)
    ]


def contract(reference: str, fen: int) -> dict:
    return {
        "reference": reference,
        "uscc": HOTEL_CODE,
        "category": "accommodation",
        "services": None,
        "amount_fen": fen,
        "procurement_method": "inquiry",
        "starts_on": "2023-01-01",
        "ends_on": "2023-12-31",
    }


def test_the_check_reads_published_budgets_and_contracts(db, registry, providers):
    """Dining over its plan by more than 10% (R12); accommodation at exactly 10% over is kept;
    the contracts (¥50,000) above the whole budget (¥45,000) (R13)."""
    office = registry.laishui_office
    planned = {"accommodation": 3_000_000, "dining": 1_500_000}
    actual = {"accommodation": 3_300_000, "dining": 1_650_001}
    publish_items(db, office, DisclosureKind.BUDGETS, 2023, budget(planned, actual), None)
    contracts = [contract("HT-1", 2_000_000), contract("HT-2", 3_000_000)]
    publish_items(db, office, DisclosureKind.CONTRACTS, 2023, list(enumerate(contracts, 2)), None)
    db.commit()
    found = [
        f for f in findings_for_office(db, office, date(2024, 1, 10)) if f.rule in ("R12", "R13")
    ]
    assert [(f.rule, f.facts.get("category"), f.facts["excess_fen"]) for f in found] == [
        ("R12", "dining", 150_001),
        ("R13", None, 500_000),
    ]
    everything = all_findings(db, date(2024, 1, 10))
    assert {(f.rule, f.office_slug) for f in everything if f.rule in ("R12", "R13")} == {
        ("R12", SLUG),
        ("R13", SLUG),
    }


def test_a_corrected_budget_clears_its_findings(db, registry, providers, client, runner):
    """Both findings reach the office page, the directory's rule filter, /rules/, the national
    summary and the compliance CLI; a correction within the budget removes them again."""
    office = registry.laishui_office
    planned = {"accommodation": 1_000_000}
    publish_items(
        db,
        office,
        DisclosureKind.BUDGETS,
        2023,
        budget(planned, {"accommodation": 2_000_000}),
        None,
    )
    contracts = [contract("HT-1", 1_500_000)]
    publish_items(db, office, DisclosureKind.CONTRACTS, 2023, list(enumerate(contracts, 2)), None)
    db.commit()
    page = client.get(f"/offices/{SLUG}?lang=en").get_data(as_text=True)
    assert 'href="/rules/?lang=en#R12"' in page and 'href="/rules/?lang=en#R13"' in page
    assert SLUG in client.get("/offices/?rule=R12&lang=en").get_data(as_text=True)
    rules = client.get("/rules/?lang=en").get_data(as_text=True)
    assert f"/offices/{SLUG}" in rules[rules.index('id="R12"') : rules.index('id="R13"')]
    provinces = client.get("/reports/summary.json").get_json()["provinces"]
    hebei = next(row for row in provinces if row["province_code"] == "130000")
    assert (hebei["findings_R12"], hebei["findings_R13"]) == (1, 1)
    listed = runner.invoke(args=["compliance", "list", "--today", "2024-01-10"]).output
    assert f"R12  violation {SLUG}" in listed and f"R13  violation {SLUG}" in listed
    fixed = budget({"accommodation": 2_000_000}, {"accommodation": 2_000_000})
    publish_items(db, office, DisclosureKind.BUDGETS, 2023, fixed, None, reason="Plan mistyped.")
    db.commit()
    page = client.get(f"/offices/{SLUG}?lang=en").get_data(as_text=True)
    assert 'href="/rules/?lang=en#R12"' not in page and 'href="/rules/?lang=en#R13"' not in page
    assert SLUG not in client.get("/offices/?rule=R13&lang=en").get_data(as_text=True)


# Exactly what a reader sees (issue 21: mutants changing a figure, a language or a fact's name
# survived the tests above, which look for pieces of the text).
def test_r12_finding_word_for_word_and_its_facts():
    (finding,) = rule_r12(BudgetLineFacts("x-office", 2024, "dining", 100000, 115000))
    assert (finding.rule, finding.severity, finding.office_slug) == (
        "R12",
        Severity.VIOLATION,
        "x-office",
    )
    assert finding.message_zh == (
        "2024年“餐饮”实际支出 1,150.00 元，预算 1,000.00 元，超支 150.00 元（15.0%），"
        "超出10%的容差。"
    )
    assert finding.message_en == (
        "2024, dining: ¥1,150.00 spent against a plan of ¥1,000.00, ¥150.00 (15.0%) over, "
        "beyond the 10% tolerance."
    )
    assert finding.facts == {
        "year": 2024,
        "category": "dining",
        "planned_fen": 100000,
        "actual_fen": 115000,
        "excess_fen": 15000,
        "tolerance_percent": 10,
    }


def test_r12_with_nothing_planned_and_a_category_of_its_own():
    (finding,) = rule_r12(BudgetLineFacts("x-office", 2024, "gifts", 0, 5000))
    assert finding.message_zh == (
        "2024年“gifts”实际支出 50.00 元，预算 0.00 元，超支 50.00 元（∞%），超出10%的容差。"
    )
    assert "gifts: ¥50.00 spent against a plan of ¥0.00, ¥50.00 (∞%) over" in finding.message_en


def test_r13_finding_word_for_word_and_its_facts():
    (finding,) = rule_r13(ContractTotals("x-office", 2024, 3, 1250000, 1000000))
    assert (finding.rule, finding.severity, finding.office_slug) == (
        "R13",
        Severity.VIOLATION,
        "x-office",
    )
    assert finding.message_zh == (
        "2024年与服务提供方签订的合同 3 份，合计 12,500.00 元，超过当年接待预算 10,000.00 元，"
        "超出 2,500.00 元。"
    )
    assert finding.message_en == (
        "2024: 3 contract(s) with providers worth ¥12,500.00 in all, above that year's reception "
        "budget of ¥10,000.00 by ¥2,500.00."
    )
    assert finding.facts == {
        "year": 2024,
        "contracts": 3,
        "contract_fen": 1250000,
        "budget_fen": 1000000,
        "excess_fen": 250000,
    }


def test_the_chinese_words_stay_chinese_when_worked_out_during_an_english_page(app):
    """Findings are also worked out inside requests (a publication refreshes them): the page's
    language must not leak into the Chinese text."""
    with app.test_request_context("/?lang=en"):
        (r12,) = rule_r12(BudgetLineFacts("x-office", 2024, "dining", 100000, 115000))
        (r13,) = rule_r13(ContractTotals("x-office", 2024, 3, 1250000, 1000000))
    assert r12.message_zh == (
        "2024年“餐饮”实际支出 1,150.00 元，预算 1,000.00 元，超支 150.00 元（15.0%），"
        "超出10%的容差。"
    )
    assert r13.message_zh == (
        "2024年与服务提供方签订的合同 3 份，合计 12,500.00 元，超过当年接待预算 10,000.00 元，"
        "超出 2,500.00 元。"
    )
