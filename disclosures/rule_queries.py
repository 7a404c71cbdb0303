"""The disclosures' rule check: the facts R6, R7, R10, R12 and R13 judge, in bounded queries.

`check_disclosures` is the check registered with the portal (`flask compliance check`, the
directory's findings, the office pages). SQL sieves the receptions that break a limit, so the
number of queries does not grow with the data; the pure rules in `disclosures.rules` word the
findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import BigInteger, and_, case, cast, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from disclosures.budget_rules import (
    TOLERANCE_PERCENT,
    BudgetLineFacts,
    ContractTotals,
    rule_r12,
    rule_r13,
)
from disclosures.models import (
    Budget,
    BudgetLine,
    Contract,
    Provider,
    Publication,
    PublicationStatus,
    ReceptionRecord,
    ReceptionStandard,
)
from disclosures.queries import sum_int
from disclosures.rules import (
    OwnGovernmentPurchase,
    ReceptionFacts,
    StandardFacts,
    rule_r6,
    rule_r7,
    rule_r10,
)
from disclosures.standards import STANDARD_FIGURES
from portal.models import Government, Office, OfficeStatus
from portal.names import name_in
from portal.queries import provinces as all_provinces
from portal.rules import Finding

RECEPTION_FIELDS = (
    "reference",
    "received_on",
    "guests",
    "hosts",
    "nights",
    "work_meals",
    "accommodation_fen",
    "dining_fen",
    "letter_reference",
    "approval_reference",
    "standard_applied",
    "reception_list_reference",
)
"""The columns of a reception record R6 reads, copied as they are into ReceptionFacts."""


def _big(column):
    return cast(column, BigInteger)


def _blank(column):
    return or_(column.is_(None), func.trim(column) == "")


def suspicious_receptions(office_ids: list[int] | None):
    """Receptions that break at least one limit (SQL does the sieving; the rule the wording)."""
    R, S = ReceptionRecord, ReceptionStandard
    meals = case((R.work_meals > 1, R.work_meals), else_=1)
    hosts_allowed = case(
        (R.guests <= func.coalesce(S.small_group_guests, 10), func.coalesce(S.max_hosts_small, 3)),
        else_=R.guests / func.coalesce(S.host_ratio, 3),
    )
    broken = or_(
        and_(S.id.is_not(None), R.accommodation_fen > 0, R.nights == 0),
        and_(
            S.id.is_not(None),
            _big(R.accommodation_fen) > _big(S.night_cap_fen) * R.guests * R.nights,
        ),
        and_(
            S.id.is_not(None),
            _big(R.dining_fen) > _big(S.meal_cap_fen) * (R.guests + R.hosts) * meals,
        ),
        R.work_meals > func.coalesce(S.max_work_meals, 1),
        R.hosts > hosts_allowed,
        _blank(R.letter_reference),
        _blank(R.approval_reference),
        _blank(R.standard_applied),
        _blank(R.reception_list_reference),
        and_(R.payment_method == "cash", func.coalesce(S.cash_allowed, literal(False)).is_(False)),
    )
    query = (
        select(R, Office.slug, Office.host_province_id, S)
        .join(Office, Office.id == R.office_id)
        .outerjoin(S, and_(S.province_id == Office.host_province_id, S.year == R.year))
        .where(broken)
        .order_by(Office.slug, R.received_on, R.reference)
    )
    if office_ids is not None:
        query = query.where(R.office_id.in_(office_ids))
    return query


def r6_findings(db: Session, office_ids: list[int] | None) -> list[Finding]:
    """R6 for the receptions SQL found suspicious, each judged against its province's standard."""
    provinces = {province.id: province for province in all_provinces(db)}
    findings: list[Finding] = []
    for record, slug, province_id, standard in db.execute(suspicious_receptions(office_ids)):
        province = provinces.get(province_id)
        # Without a standard for the province and year only the circular's own limits apply
        # (StandardFacts' defaults); the caps stay None and are not judged.
        caps = (
            {name: getattr(standard, name) for name in STANDARD_FIGURES}
            if standard is not None
            else {}
        )
        facts = StandardFacts(
            province_zh=province.name_zh if province else "",
            province_en=province.name("en") if province else "",
            year=record.year,
            **caps,
        )
        reception = ReceptionFacts(
            office_slug=slug,
            payment_method=str(record.payment_method),
            **{name: getattr(record, name) for name in RECEPTION_FIELDS},
        )
        findings.extend(rule_r6(reception, facts))
    return findings


def r7_findings(db: Session, today: date, office_ids: list[int] | None) -> list[Finding]:
    """R7 for every operating office: the (kind, year) pairs it published, in two queries."""
    offices = select(Office.id, Office.slug, Office.established_on).where(
        Office.status == OfficeStatus.OPERATING
    )
    published = select(Publication.office_id, Publication.kind, Publication.year).where(
        Publication.status == PublicationStatus.PUBLISHED
    )
    if office_ids is not None:
        offices = offices.where(Office.id.in_(office_ids))
        published = published.where(Publication.office_id.in_(office_ids))
    done: dict[int, set[tuple[str, int]]] = {}
    for office_id, kind, year in db.execute(published.distinct()):
        done.setdefault(office_id, set()).add((str(kind), year))
    findings: list[Finding] = []
    for office_id, slug, established_on in db.execute(offices.order_by(Office.slug)):
        findings.extend(rule_r7(slug, established_on, True, done.get(office_id, set()), today))
    return findings


def r10_findings(db: Session, office_ids: list[int] | None) -> list[Finding]:
    """R10: receptions and contracts bought from a provider the office's own government owns."""
    R, C = ReceptionRecord, Contract
    purchases = union_all(
        select(
            R.office_id.label("office_id"),
            R.provider_id.label("provider_id"),
            R.year.label("year"),
            literal(1).label("receptions"),
            R.total_fen.label("reception_fen"),
            literal(0).label("contracts"),
            literal(0, BigInteger).label("contract_fen"),
        ).where(R.provider_id.is_not(None)),
        select(
            C.office_id,
            C.provider_id,
            C.year,
            literal(0),
            literal(0, BigInteger),
            literal(1),
            _big(C.amount_fen),
        ),
    ).subquery()
    owner = aliased(Government)
    # One row per office and provider: what names them is both selected and grouped by.
    named = (
        Office.slug,
        owner.name_zh,
        owner.name_en,
        Provider.uscc,
        Provider.name_zh,
        Provider.name_en,
    )
    query = (
        select(
            *named,
            func.sum(purchases.c.receptions),
            func.sum(purchases.c.reception_fen),
            func.sum(purchases.c.contracts),
            func.sum(purchases.c.contract_fen),
            func.min(purchases.c.year),
            func.max(purchases.c.year),
        )
        .select_from(purchases)
        .join(Office, Office.id == purchases.c.office_id)
        .join(Provider, Provider.id == purchases.c.provider_id)
        .join(owner, owner.id == Provider.owner_government_id)
        .where(Provider.owner_government_id == Office.establishing_government_id)
        .group_by(*named)
        .order_by(Office.slug, Provider.uscc)
    )
    if office_ids is not None:
        query = query.where(purchases.c.office_id.in_(office_ids))
    findings: list[Finding] = []
    for row in db.execute(query):
        slug, gov_zh, gov_en, uscc, name_zh, name_en, n_r, fen_r, n_c, fen_c, first, last = row
        findings.extend(
            rule_r10(
                OwnGovernmentPurchase(
                    office_slug=slug,
                    government_zh=gov_zh,
                    government_en=name_in(gov_zh, gov_en, "en"),
                    provider_uscc=uscc,
                    provider_zh=name_zh,
                    provider_en=name_in(name_zh, name_en, "en"),
                    receptions=sum_int(n_r),
                    reception_fen=sum_int(fen_r),
                    contracts=sum_int(n_c),
                    contract_fen=sum_int(fen_c),
                    years=sorted({first, last}),
                )
            )
        )
    return findings


def r12_findings(db: Session, office_ids: list[int] | None) -> list[Finding]:
    """R12: the budget lines whose actual spending is beyond the plan's tolerance (SQL sieves
    them with the rule's own integer comparison; the rule words them)."""
    L = BudgetLine
    query = (
        select(Office.slug, Budget.year, L.category, L.planned_fen, L.actual_fen)
        .join(Budget, Budget.id == L.budget_id)
        .join(Office, Office.id == Budget.office_id)
        .where(L.actual_fen.is_not(None))
        .where(_big(L.actual_fen) * 100 > _big(L.planned_fen) * (100 + TOLERANCE_PERCENT))
        .order_by(Office.slug, Budget.year, L.category)
    )
    if office_ids is not None:
        query = query.where(Budget.office_id.in_(office_ids))
    findings: list[Finding] = []
    for slug, year, category, planned, actual in db.execute(query):
        line = BudgetLineFacts(slug, year, str(category), int(planned), int(actual))
        findings.extend(rule_r12(line))
    return findings


def r13_findings(db: Session, office_ids: list[int] | None) -> list[Finding]:
    """R13: each office's contracts of a year against its published reception budget of that
    year (years without a budget are R7's), in one query."""
    contracts = select(
        Contract.office_id,
        Contract.year,
        func.count().label("count"),
        func.sum(_big(Contract.amount_fen)).label("fen"),
    ).group_by(Contract.office_id, Contract.year)
    budgets = (
        select(Budget.office_id, Budget.year, func.sum(_big(BudgetLine.planned_fen)).label("fen"))
        .join(BudgetLine, BudgetLine.budget_id == Budget.id)
        .group_by(Budget.office_id, Budget.year)
    )
    if office_ids is not None:
        contracts = contracts.where(Contract.office_id.in_(office_ids))
        budgets = budgets.where(Budget.office_id.in_(office_ids))
    c, b = contracts.subquery(), budgets.subquery()
    query = (
        select(Office.slug, c.c.year, c.c.count, c.c.fen, b.c.fen)
        .join(b, and_(b.c.office_id == c.c.office_id, b.c.year == c.c.year))
        .join(Office, Office.id == c.c.office_id)
        .where(c.c.fen > b.c.fen)
        .order_by(Office.slug, c.c.year)
    )
    findings: list[Finding] = []
    for slug, year, count, contract_fen, budget_fen in db.execute(query):
        totals = ContractTotals(slug, year, int(count), sum_int(contract_fen), sum_int(budget_fen))
        findings.extend(rule_r13(totals))
    return findings


def check_disclosures(
    db: Session, today: date, office_ids: Iterable[int] | None = None
) -> list[Finding]:
    """Every finding of R6, R7, R10, R12 and R13, over every office or over `office_ids` only.

    Registered with the portal's rule checks; a bounded number of queries either way.
    """
    ids = sorted(set(office_ids)) if office_ids is not None else None
    return (
        r6_findings(db, ids)
        + r7_findings(db, today, ids)
        + r10_findings(db, ids)
        + r12_findings(db, ids)
        + r13_findings(db, ids)
    )
