"""The circular's budget control as rules R12 and R13, pure: plain figures in, findings out.

The circular: "Specific regulations and standards should be made to strictly control the
management and use of budgets." The portal reads it two ways (reasons in disclosures/README.md,
"Budget control"):

- R12: a category of an office's published reception budget whose actual spending is above its
  plan by more than `TOLERANCE_PERCENT` (spending at the plan plus the tolerance is within it);
- R13: the contracts an office published for a year add up to more than that year's whole
  reception budget (its planned total; at the budget itself is within it).

`disclosures.rule_queries` gathers the figures in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.i18n import format_fen
from portal.rules import Finding, Severity

TOLERANCE_PERCENT = 10
"""How far above its plan a category's actual spending may go before R12 flags it."""

CATEGORIES = ("accommodation", "dining", "vehicles", "venues", "other")
CATEGORY_NAMES = dict(
    zip(
        CATEGORIES,
        zip(("住宿", "餐饮", "用车", "场地", "其他"), CATEGORIES, strict=True),
        strict=True,
    )
)
"""A budget category's name in a finding's words: (Chinese, English)."""


@dataclass(frozen=True)
class BudgetLineFacts:
    """One category of an office's published budget for a year (fen)."""

    office_slug: str
    year: int
    category: str
    planned_fen: int
    actual_fen: int | None


@dataclass(frozen=True)
class ContractTotals:
    """An office's published contracts and published reception budget for one year (fen)."""

    office_slug: str
    year: int
    contracts: int
    contract_fen: int
    budget_fen: int


def over_tolerance(planned_fen: int, actual_fen: int, tolerance_percent: int) -> bool:
    """Whether `actual_fen` is above `planned_fen` by more than the tolerance (exact, in fen)."""
    return actual_fen * 100 > planned_fen * (100 + tolerance_percent)


def rule_r12(line: BudgetLineFacts, tolerance_percent: int = TOLERANCE_PERCENT) -> list[Finding]:
    """R12: a category's actual spending above its plan beyond the tolerance.

    A line whose actual spending is not yet known (None) is not judged."""
    if line.actual_fen is None or not over_tolerance(
        line.planned_fen, line.actual_fen, tolerance_percent
    ):
        return []
    excess = line.actual_fen - line.planned_fen
    percent = f"{excess * 100 / line.planned_fen:.1f}" if line.planned_fen else "∞"
    name_zh, name_en = CATEGORY_NAMES.get(line.category, (line.category, line.category))
    actual_zh, planned_zh = format_fen(line.actual_fen, "zh"), format_fen(line.planned_fen, "zh")
    actual_en, planned_en = format_fen(line.actual_fen, "en"), format_fen(line.planned_fen, "en")
    zh = (
        f"{line.year}年“{name_zh}”实际支出 {actual_zh}，预算 {planned_zh}，超支 "
        f"{format_fen(excess, 'zh')}（{percent}%），超出{tolerance_percent}%的容差。"
    )
    en = (
        f"{line.year}, {name_en}: {actual_en} spent against a plan of {planned_en}, "
        f"{format_fen(excess, 'en')} ({percent}%) over, beyond the {tolerance_percent}% tolerance."
    )
    facts = {
        "year": line.year,
        "category": line.category,
        "planned_fen": line.planned_fen,
        "actual_fen": line.actual_fen,
        "excess_fen": excess,
        "tolerance_percent": tolerance_percent,
    }
    return [Finding("R12", Severity.VIOLATION, line.office_slug, zh, en, facts)]


def rule_r13(totals: ContractTotals) -> list[Finding]:
    """R13: a year's contracts with providers add up to more than that year's reception budget."""
    if totals.contract_fen <= totals.budget_fen:
        return []
    excess = totals.contract_fen - totals.budget_fen
    zh = (
        f"{totals.year}年与服务提供方签订的合同 {totals.contracts} 份，合计 "
        f"{format_fen(totals.contract_fen, 'zh')}，超过当年接待预算 "
        f"{format_fen(totals.budget_fen, 'zh')}，超出 {format_fen(excess, 'zh')}。"
    )
    en = (
        f"{totals.year}: {totals.contracts} contract(s) with providers worth "
        f"{format_fen(totals.contract_fen, 'en')} in all, above that year's reception budget of "
        f"{format_fen(totals.budget_fen, 'en')} by {format_fen(excess, 'en')}."
    )
    facts = {
        "year": totals.year,
        "contracts": totals.contracts,
        "contract_fen": totals.contract_fen,
        "budget_fen": totals.budget_fen,
        "excess_fen": excess,
    }
    return [Finding("R13", Severity.VIOLATION, totals.office_slug, zh, en, facts)]
