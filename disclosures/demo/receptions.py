"""One office's invented disclosures for every year it worked: the demo's core generator."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from disclosures.budget_rules import CATEGORY_NAMES
from disclosures.demo.data import (
    KIND_CATEGORY,
    PURPOSES,
    SERVICES,
    VIOLATIONS,
    VISITORS,
    OfficeDisclosures,
    _published_at,
    standard_values,
)

PROCUREMENT = ["open_tender", "inquiry", "competitive_negotiation", "competitive_consultation",
               "single_source", "framework_agreement"]  # fmt: skip
FUNCTION_SERVICES = {
    "migrant_workers": 0,
    "promotion": 1,
    "emergencies": 2,
    "ethnic_affairs": 3,
    "information": 4,
}


@dataclass(frozen=True)
class OfficeFacts:
    """What the generator needs to know about an office."""

    slug: str
    government_code: str
    government_zh: str
    province_code: str
    province_zh: str
    functions: tuple[str, ...]
    years: tuple[int, ...]
    receptions_per_year: float
    contracts_per_year: float


def _count(rate: float, rng: random.Random) -> int:
    """A whole number averaging a little over `rate` (so the scale's totals are reached)."""
    whole = int(rate)
    return whole + (1 if rng.random() < rate - whole + 0.05 else 0)


def _yuan(value: float) -> int:
    """Whole yuan, in fen (receipts are rarely in fen)."""
    return int(round(value)) * 100


def plan_office(
    office: OfficeFacts, providers: list[dict[str, Any]], own_guesthouse: dict | None, scale: str
) -> OfficeDisclosures:
    """Budgets, provider lists, contracts, services and receptions of one office, with a few
    gaps (R7), receptions over the standard (R6), purchases from its own guesthouse (R10), a
    year overspent (R12) or over-contracted (R13) here and there, and corrections published
    with a reason."""
    rng = random.Random(f"disclosures-{scale}-{office.slug}")
    # Budget decisions draw from their own generator: the other figures stay as they were.
    money = random.Random(f"budgets-{scale}-{office.slug}")
    overspends = money.choice(office.years) if money.random() < 0.08 else None  # R12
    overcontracts = money.choice(office.years) if money.random() < 0.06 else None  # R13
    result = OfficeDisclosures()
    size = rng.uniform(0.6, 1.8)
    chosen = rng.sample(providers, k=min(len(providers), rng.randint(3, 7)))
    if own_guesthouse:
        chosen.append(own_guesthouse)
    skips_services = rng.random() < 0.08
    skips_providers = rng.random() < 0.05
    services = _services(office, rng)
    for year in office.years:
        standard = standard_values(office.province_code, year)
        receptions = _receptions(office, year, chosen, standard, rng, own_guesthouse)
        contracts = _contracts(office, year, chosen, rng, size)
        budget = _budget(receptions, money, size, overspend=year == overspends)
        _fit_contracts(contracts, budget, money, over=year == overcontracts)
        last = year == office.years[-1]
        plan = {"budgets": budget, "contracts": contracts, "receptions": receptions}
        if not (skips_providers and rng.random() < 0.5):
            plan["providers"] = sorted(chosen, key=lambda p: p["uscc"])
        if not (skips_services and (last or rng.random() < 0.4)):
            plan["services"] = services
        for kind, items in plan.items():
            if kind == "budgets" and last and rng.random() < 0.03:
                continue  # an office late with its last budget (R7)
            result.revisions[(kind, year)] = _with_correction(kind, items, year, rng)
    return result


def _with_correction(kind: str, items: list[dict], year: int, rng: random.Random):
    first_time = _published_at(rng, year)
    if not items or kind not in ("budgets", "receptions", "contracts") or rng.random() > 0.04:
        return [(items, None, first_time)]
    wrong = [dict(item) for item in items]
    index = rng.randrange(len(wrong))
    if kind == "budgets":
        wrong[index]["planned_fen"] *= 10
        reason = f"{year}年度预算中“{_category_zh(wrong[index]['category'])}”一项计划数多录入一位，现予更正。"
    elif kind == "receptions":
        wrong[index]["dining_fen"] = wrong[index]["dining_fen"] // 10
        reason = f"第 {wrong[index]['reference']} 号接待的餐饮费用少录入一位，现按票据更正。"
    else:
        wrong[index]["amount_fen"] = wrong[index]["amount_fen"] + 100_000
        reason = f"合同 {wrong[index]['reference']} 的金额录入有误，现按合同原件更正。"
    return [(wrong, None, first_time), (items, reason, _published_at(rng, year, months_later=4))]


def _category_zh(category: str) -> str:
    return CATEGORY_NAMES.get(category, CATEGORY_NAMES["other"])[0]


def _services(office: OfficeFacts, rng: random.Random) -> list[dict]:
    picks = {FUNCTION_SERVICES[f] for f in office.functions if f in FUNCTION_SERVICES} | {5}
    if rng.random() < 0.5:
        picks.add(4)
    return [
        {"title": title, "audience": audience, "channel": channel, "description": text}
        for index, (title, audience, channel, text) in enumerate(SERVICES)
        if index in picks
    ]


def _contracts(office, year, providers, rng, size) -> list[dict]:
    contracts = []
    for number in range(1, max(1, _count(office.contracts_per_year, rng)) + 1):
        provider = rng.choice(providers)
        starts = date(year, 1, 1) + timedelta(days=rng.randrange(90))
        contracts.append(
            {
                "reference": f"HT-{year}-{number:03d}",
                "uscc": provider["uscc"],
                "category": KIND_CATEGORY[provider["kind"]],
                "services": None,
                "amount_fen": _yuan(rng.uniform(8_000, 120_000) * size),
                "procurement_method": rng.choice(PROCUREMENT),
                "starts_on": starts.isoformat(),
                "ends_on": date(year, 12, 31).isoformat(),
            }
        )
    return contracts


def _budget(receptions, rng, size, overspend: bool = False) -> list[dict]:
    """Each category planned with some room above what the receptions spent (plus a little
    spent outside them); in an office's overspending year one category goes more than R12's
    tolerance above its plan."""
    spent = {category: 0 for category in ("accommodation", "dining", "vehicles", "venues", "other")}
    for reception in receptions:
        for category in spent:
            spent[category] += reception[f"{category}_fen"]
    lines = []
    for category, actual in spent.items():
        actual = _yuan(actual / 100 * rng.uniform(1.0, 1.1))
        planned = _yuan(max(actual / 100 * rng.uniform(1.02, 1.25), 2_000 * size))
        lines.append({"category": category, "planned_fen": planned, "actual_fen": actual})
    if overspend:
        line = rng.choice(lines)
        line["actual_fen"] = _yuan(line["planned_fen"] / 100 * rng.uniform(1.15, 1.5))
    return lines


def _fit_contracts(contracts: list[dict], budget: list[dict], rng, over: bool = False) -> None:
    """Scale the year's contracts to part of its reception budget (well above all of it in an
    office's over-contracting year, R13), keeping their proportions, in whole yuan."""
    total = sum(contract["amount_fen"] for contract in contracts)
    planned = sum(line["planned_fen"] for line in budget)
    if not total or not planned:
        return
    share = rng.uniform(1.1, 1.6) if over else rng.uniform(0.45, 0.85)
    for contract in contracts:
        contract["amount_fen"] = max(
            _yuan(contract["amount_fen"] / total * planned * share / 100), 100
        )
    if not over:  # whole yuan may round the total just above the share: never above the budget
        while sum(contract["amount_fen"] for contract in contracts) > planned:
            max(contracts, key=lambda c: c["amount_fen"])["amount_fen"] -= 100


def _receptions(office, year, providers, standard, rng, own_guesthouse) -> list[dict]:
    hotels = [p for p in providers if p["kind"] == "hotel"] or providers
    restaurants = [p for p in providers if p["kind"] == "restaurant"] or providers
    count = _count(office.receptions_per_year, rng)
    days = sorted(rng.randrange(365 if year % 4 else 366) for _ in range(count))
    records = []
    for number, day in enumerate(days, start=1):
        guests = rng.choice([1, 2, 2, 3, 3, 4, 4, 5, 6, 8, 12])
        allowed = 3 if guests <= 10 else guests // 3
        hosts = rng.randint(1, min(allowed, max(guests, 1)))
        nights = rng.choice([0, 1, 1, 1, 2, 2, 3])
        meals = 1 if rng.random() < 0.9 else 0
        night_cap, meal_cap = standard["night_cap_fen"] / 100, standard["meal_cap_fen"] / 100
        accommodation = _yuan(guests * nights * night_cap * rng.uniform(0.55, 0.97))
        dining = _yuan((guests + hosts) * meals * meal_cap * rng.uniform(0.5, 0.95))
        provider = rng.choice(hotels if nights else restaurants)
        if own_guesthouse and nights and rng.random() < 0.3:
            provider = own_guesthouse
        reference = f"{year}-{number:03d}"
        record = {
            "reference": reference,
            "received_on": (date(year, 1, 1) + timedelta(days=day)).isoformat(),
            "visiting_party": f"{office.government_zh}{rng.choice(VISITORS)}",
            "purpose": rng.choice(PURPOSES),
            "guests": guests,
            "hosts": hosts,
            "nights": nights,
            "work_meals": meals,
            "accommodation_fen": accommodation,
            "dining_fen": dining,
            "vehicles_fen": _yuan(rng.choice([0, 0, 200, 350, 600])),
            "venues_fen": _yuan(rng.choice([0, 0, 0, 800])),
            "other_fen": _yuan(rng.choice([0, 0, 50, 120])),
            "uscc": provider["uscc"],
            "payment_method": "official_card" if rng.random() < 0.45 else "bank_transfer",
            "letter_reference": f"{office.government_zh}函〔{year}〕{rng.randint(1, 300)}号",
            "approval_reference": f"接待审批〔{year}〕{number}号",
            "standard_applied": f"{office.province_zh}公务接待标准（{year}）",
            "reception_list_reference": f"接待清单 {reference}",
        }
        if rng.random() < 0.05:
            _break_the_standard(record, rng.choice(VIOLATIONS), standard, rng)
        records.append(record)
    return records


def _break_the_standard(record: dict, how: str, standard: dict, rng: random.Random) -> None:
    """Make a realistic over-standard case of one kind."""
    people = record["guests"] + record["hosts"]
    if how == "night_cap":
        record["nights"] = max(record["nights"], 1)
        cap = standard["night_cap_fen"] / 100
        record["accommodation_fen"] = _yuan(
            record["guests"] * record["nights"] * cap * rng.uniform(1.15, 1.7)
        )
    elif how == "meal_cap":
        record["work_meals"] = 1
        record["dining_fen"] = _yuan(
            people * standard["meal_cap_fen"] / 100 * rng.uniform(1.3, 2.5)
        )
    elif how == "work_meals":
        record["work_meals"] = rng.choice([2, 3])
    elif how == "hosts":
        allowed = 3 if record["guests"] <= 10 else record["guests"] // 3
        record["hosts"] = allowed + rng.randint(1, 4)
    elif how == "four_elements":
        record[
            rng.choice(["letter_reference", "approval_reference", "reception_list_reference"])
        ] = None
    else:
        record["payment_method"] = "cash"
