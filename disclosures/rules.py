"""The disclosure rules R6 (receptions over the standard), R7 (unpublished disclosures) and R10
(receptions bought from the office's own government's businesses), as pure functions.

Plain facts in, findings out: no database, no Flask. `disclosures.rule_queries` gathers the facts
in a fixed number of queries and hands them to these rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from portal.i18n import format_fen
from portal.rules import Finding, Severity

FIRST_YEAR = 2015
"""R7 judges years from the circular's year on."""

ELEMENT_NAMES = {
    "letter_reference": ("公函", "official letter"),
    "approval_reference": ("审批", "approval"),
    "standard_applied": ("接待标准", "standard applied"),
    "reception_list_reference": ("接待清单", "reception list"),
}
KIND_NAMES = {
    "budgets": ("接待预算", "reception budget"),
    "providers": ("服务提供方名单", "list of service providers"),
    "services": ("服务清单", "list of services"),
}


@dataclass(frozen=True)
class StandardFacts:
    """The province's standard for the year of a reception (caps in fen)."""

    province_zh: str
    province_en: str
    year: int
    night_cap_fen: int | None = None
    meal_cap_fen: int | None = None
    max_work_meals: int = 1
    max_hosts_small: int = 3
    small_group_guests: int = 10
    host_ratio: int = 3
    cash_allowed: bool = False


@dataclass(frozen=True)
class ReceptionFacts:
    """One reception record, as plain values."""

    office_slug: str
    reference: str
    received_on: date
    guests: int
    hosts: int
    nights: int
    work_meals: int
    accommodation_fen: int
    dining_fen: int
    payment_method: str
    letter_reference: str | None = None
    approval_reference: str | None = None
    standard_applied: str | None = None
    reception_list_reference: str | None = None


def allowed_hosts(guests: int, standard: StandardFacts) -> int:
    """At most 3 hosts for up to 10 guests, otherwise at most a third of the guests."""
    if guests <= standard.small_group_guests:
        return standard.max_hosts_small
    return guests // standard.host_ratio


def _r6(r: ReceptionFacts, limit: str, zh: str, en: str, **facts) -> Finding:
    return Finding(
        "R6",
        Severity.VIOLATION,
        r.office_slug,
        f"接待 {r.reference}（{r.received_on.isoformat()}）：{zh}",
        f"Reception {r.reference} ({r.received_on.isoformat()}): {en}",
        {"reference": r.reference, "received_on": r.received_on, "limit": limit, **facts},
    )


def _over_cap_per_person(
    r: ReceptionFacts,
    standard: StandardFacts,
    limit: str,
    cap: int,
    spent_fen: int,
    persons: int,
    zh: tuple[str, str],
    en: tuple[str, str],
) -> list[Finding]:
    """R6 for a cap per person and night (or meal): a finding when `spent_fen` is above `cap`
    times `persons`; `zh` and `en` name what was paid for and per what, e.g. ("住宿费", "晚")
    and ("accommodation", "night")."""
    if spent_fen <= cap * persons:
        return []
    per = round(spent_fen / persons)
    excess = spent_fen - cap * persons
    zh_where = f"{standard.province_zh}{standard.year}年标准"
    en_where = f"{standard.province_en}'s {standard.year} standard"
    return [
        _r6(
            r,
            limit,
            f"{zh[0]}每人每{zh[1]} {format_fen(per, 'zh')}，超过{zh_where} {format_fen(cap, 'zh')}，共超出 {format_fen(excess, 'zh')}。",
            f"{en[0]} cost {format_fen(per, 'en')} per person per {en[1]}, above {en_where} of {format_fen(cap, 'en')}: {format_fen(excess, 'en')} over in total.",
            per_person_fen=per,
            cap_fen=cap,
            excess_fen=excess,
        )
    ]


def rule_r6(r: ReceptionFacts, standard: StandardFacts) -> list[Finding]:
    """Every way one reception breaks its province's standard; each finding names the limit and
    the amount by which it is exceeded (`facts["excess_fen"]` or `facts["excess"]`).

    Caps that the province has not set (None) are not judged; the meal, host, element and cash
    limits come from the circular itself and always apply.
    """
    findings: list[Finding] = []
    person_nights = r.guests * r.nights
    if standard.night_cap_fen is not None and r.accommodation_fen > 0:
        if person_nights == 0:
            findings.append(
                _r6(
                    r,
                    "night_cap",
                    f"住宿费 {format_fen(r.accommodation_fen, 'zh')}，但未记录任何住宿晚数。",
                    f"{format_fen(r.accommodation_fen, 'en')} paid for accommodation without any night recorded.",
                    excess_fen=r.accommodation_fen,
                )
            )
        else:
            findings += _over_cap_per_person(
                r,
                standard,
                "night_cap",
                standard.night_cap_fen,
                r.accommodation_fen,
                person_nights,
                ("住宿费", "晚"),
                ("accommodation", "night"),
            )
    if standard.meal_cap_fen is not None:
        person_meals = (r.guests + r.hosts) * max(r.work_meals, 1)
        findings += _over_cap_per_person(
            r,
            standard,
            "meal_cap",
            standard.meal_cap_fen,
            r.dining_fen,
            person_meals,
            ("用餐费", "餐"),
            ("dining", "meal"),
        )
    if r.work_meals > standard.max_work_meals:
        excess = r.work_meals - standard.max_work_meals
        findings.append(
            _r6(
                r,
                "work_meals",
                f"安排工作餐 {r.work_meals} 次，最多允许 {standard.max_work_meals} 次，超出 {excess} 次。",
                f"{r.work_meals} work meals where at most {standard.max_work_meals} is allowed: {excess} too many.",
                allowed=standard.max_work_meals,
                excess=excess,
            )
        )
    allowed = allowed_hosts(r.guests, standard)
    if r.hosts > allowed:
        excess = r.hosts - allowed
        findings.append(
            _r6(
                r,
                "hosts",
                f"接待对象 {r.guests} 人，陪同 {r.hosts} 人，最多允许 {allowed} 人，超出 {excess} 人。",
                f"{r.hosts} hosts for {r.guests} guests where at most {allowed} are allowed: {excess} too many.",
                allowed=allowed,
                excess=excess,
            )
        )
    missing = [name for name in ELEMENT_NAMES if not (getattr(r, name) or "").strip()]
    if missing:
        findings.append(
            _r6(
                r,
                "four_elements",
                "缺少“四要素”中的：" + "、".join(ELEMENT_NAMES[n][0] for n in missing) + "。",
                "missing from the four elements: "
                + ", ".join(ELEMENT_NAMES[n][1] for n in missing)
                + ".",
                missing=missing,
                excess=len(missing),
            )
        )
    if r.payment_method == "cash" and not standard.cash_allowed:
        findings.append(
            _r6(
                r,
                "cash",
                "以现金支付，标准不允许现金结算。",
                "paid in cash, which the standard does not allow.",
            )
        )
    return findings


def rule_r7(
    office_slug: str,
    established_on: date | None,
    operating: bool,
    published: set[tuple[str, int]],
    today: date,
) -> list[Finding]:
    """An operating office missing its budget, provider list or service list for a completed year.

    `published` holds the (kind, year) pairs with at least one published revision. Years from
    2015 (or the year the office was established) to last year are judged; one finding per
    missing kind lists the years.
    """
    if not operating:
        return []
    first = max(FIRST_YEAR, established_on.year if established_on else FIRST_YEAR)
    findings = []
    for kind, (zh, en) in KIND_NAMES.items():
        years = [year for year in range(first, today.year) if (kind, year) not in published]
        if not years:
            continue
        listed = ", ".join(str(year) for year in years)
        findings.append(
            Finding(
                "R7",
                Severity.VIOLATION,
                office_slug,
                f"未公开以下已结束年度的{zh}：{listed.replace(', ', '、')}。",
                f"No {en} published for the completed year(s) {listed}.",
                {"kind": kind, "years": years, "limit": "publication", "excess": len(years)},
            )
        )
    return findings


@dataclass(frozen=True)
class OwnGovernmentPurchase:
    """What an office bought from one provider owned by its own establishing government."""

    office_slug: str
    government_zh: str
    government_en: str
    provider_uscc: str
    provider_zh: str
    provider_en: str
    receptions: int
    reception_fen: int
    contracts: int
    contract_fen: int
    years: Sequence[int]


def rule_r10(purchase: OwnGovernmentPurchase) -> list[Finding]:
    """Buying receptions or contracts from a business the office's own government owns."""
    if purchase.receptions == 0 and purchase.contracts == 0:
        return []
    years = sorted(set(purchase.years))
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]) if years else ""
    total = purchase.reception_fen + purchase.contract_fen
    return [
        Finding(
            "R10",
            Severity.VIOLATION,
            purchase.office_slug,
            f"{span}年向本级政府（{purchase.government_zh}）所属的{purchase.provider_zh}"
            f"（{purchase.provider_uscc}）购买接待服务：接待 {purchase.receptions} 次、合同 {purchase.contracts} 份，"
            f"合计 {format_fen(total, 'zh')}。",
            f"In {span} it bought reception services from {purchase.provider_en or purchase.provider_zh} "
            f"({purchase.provider_uscc}), owned by its own government ({purchase.government_en}): "
            f"{purchase.receptions} reception(s) and {purchase.contracts} contract(s), {format_fen(total, 'en')} in all.",
            {
                "provider_uscc": purchase.provider_uscc,
                "receptions": purchase.receptions,
                "contracts": purchase.contracts,
                "total_fen": total,
                "years": years,
            },
        )
    ]
