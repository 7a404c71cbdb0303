"""An office's disclosures for one year: the queries, the over-standard marks, the office-page block."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import BigInteger, Select, cast, func, select
from sqlalchemy.orm import Session, joinedload

from disclosures.charts import ChartText, PlannedActual, planned_actual_chart
from disclosures.labels import CATEGORY_LABELS, label
from disclosures.models import (
    Budget,
    BudgetCategory,
    BudgetLine,
    Contract,
    OfficeProvider,
    Provider,
    Publication,
    PublicationStatus,
    ReceptionRecord,
    ServiceListing,
)
from portal.database import database
from portal.i18n import format_fen
from portal.models import Office


def _int(value: Any) -> int:
    """A SQL sum as int (PostgreSQL returns Decimal for SUM(bigint), SQLite an int or None)."""
    return int(value or 0)


def reception_total():
    """The SQL expression of a reception's total cost in fen, as BIGINT."""
    r = ReceptionRecord
    return (
        cast(r.accommodation_fen, BigInteger)
        + r.dining_fen
        + r.vehicles_fen
        + r.venues_fen
        + r.other_fen
    )


@dataclass(frozen=True)
class BudgetRow(PlannedActual):
    """A chart row that remembers its category and the actual amount as published (or None)."""

    category: BudgetCategory = BudgetCategory.OTHER
    actual_published: int | None = None


def disclosure_years(db: Session, office_id: int) -> list[int]:
    """The years for which the office has published anything, newest first (one query)."""
    return list(
        db.scalars(
            select(Publication.year)
            .distinct()
            .where(
                Publication.office_id == office_id,
                Publication.status == PublicationStatus.PUBLISHED,
            )
            .order_by(Publication.year.desc())
        )
    )


def budget_rows(db: Session, office_id: int, year: int) -> list[BudgetRow]:
    """The published budget's lines for the year, in the categories' order (one query).

    Categories the budget does not list are left out; an actual amount not yet known counts as 0
    in the chart while the table says it is not known. Empty when no budget is published.
    """
    lines = db.execute(
        select(BudgetLine.category, BudgetLine.planned_fen, BudgetLine.actual_fen)
        .join(Budget, Budget.id == BudgetLine.budget_id)
        .where(Budget.office_id == office_id, Budget.year == year)
    ).all()
    found = {category: (planned, actual) for category, planned, actual in lines}
    return [
        BudgetRow(
            label=str(CATEGORY_LABELS[category]),
            planned=int(found[category][0]),
            actual=int(found[category][1] or 0),
            category=category,
            actual_published=found[category][1],
        )
        for category in BudgetCategory
        if category in found
    ]


def budget_totals(db: Session, office_id: int, year: int) -> tuple[int, int | None]:
    """Planned and actual totals of the year's budget, summed in SQL (actual None if unknown)."""
    planned, actual, unknown = db.execute(
        select(
            func.sum(BudgetLine.planned_fen),
            func.sum(BudgetLine.actual_fen),
            func.count(BudgetLine.id) - func.count(BudgetLine.actual_fen),
        )
        .join(Budget, Budget.id == BudgetLine.budget_id)
        .where(Budget.office_id == office_id, Budget.year == year)
    ).one()
    return _int(planned), (None if unknown or actual is None else _int(actual))


def office_year(db: Session, office_id: int, year: int) -> dict[str, Any]:
    """Everything the office published for the year, in six queries whatever the data size.

    Returns `budget` (BudgetRow list), `totals` (planned, actual), `providers` (OfficeProvider
    with provider), `contracts` (with provider), `services` and `receptions` (by date).
    """
    providers = db.scalars(
        select(OfficeProvider)
        .join(Provider, Provider.id == OfficeProvider.provider_id)
        .options(joinedload(OfficeProvider.provider))
        .where(OfficeProvider.office_id == office_id, OfficeProvider.year == year)
        .order_by(Provider.name_zh)
    ).all()
    contracts = db.scalars(
        select(Contract)
        .options(joinedload(Contract.provider))
        .where(Contract.office_id == office_id, Contract.year == year)
        .order_by(Contract.starts_on, Contract.reference)
    ).all()
    services = db.scalars(
        select(ServiceListing)
        .where(ServiceListing.office_id == office_id, ServiceListing.year == year)
        .order_by(ServiceListing.position, ServiceListing.title)
    ).all()
    receptions = db.scalars(
        select(ReceptionRecord)
        .options(joinedload(ReceptionRecord.provider))
        .where(ReceptionRecord.office_id == office_id, ReceptionRecord.year == year)
        .order_by(ReceptionRecord.received_on, ReceptionRecord.reference)
    ).all()
    return {
        "budget": budget_rows(db, office_id, year),
        "totals": budget_totals(db, office_id, year),
        "providers": providers,
        "contracts": contracts,
        "services": services,
        "receptions": receptions,
    }


def office_year_counts(db: Session, office_id: int, year: int) -> dict[str, int]:
    """How many providers, contracts (and their total), services, receptions (and their cost).

    One query of scalar subqueries; every total is a SQL sum of fen.
    """

    def count(model) -> Select:
        return (
            select(func.count())
            .select_from(model)
            .where(model.office_id == office_id, model.year == year)
            .scalar_subquery()
        )

    contract_total = (
        select(func.sum(Contract.amount_fen))
        .where(Contract.office_id == office_id, Contract.year == year)
        .scalar_subquery()
    )
    reception_spend = (
        select(func.sum(reception_total()))
        .where(ReceptionRecord.office_id == office_id, ReceptionRecord.year == year)
        .scalar_subquery()
    )
    row = db.execute(
        select(
            count(OfficeProvider),
            count(Contract),
            contract_total,
            count(ServiceListing),
            count(ReceptionRecord),
            reception_spend,
        )
    ).one()
    keys = ("providers", "contracts", "contract_fen", "services", "receptions", "reception_fen")
    return {key: _int(value) for key, value in zip(keys, row, strict=True)}


def over_standard(
    db: Session, office: Office, receptions: list[ReceptionRecord], today: date | None = None
) -> dict[int, list[str]]:
    """Reception id → the reasons (in the page's language) it breaks the standard (rule R6).

    Runs the disclosure rules for this one office (a bounded number of queries) and keeps the
    R6 findings, matched to the receptions shown by id or by reference.
    """
    if not receptions or importlib.util.find_spec("disclosures.rules") is None:
        return {}
    from disclosures import rules
    from portal.i18n import current_language

    language = current_language()
    by_reference = {(r.year, r.reference): r.id for r in receptions}
    shown = {r.id for r in receptions}
    result: dict[int, list[str]] = {}
    from portal.views import today as portal_today

    for finding in rules.check_disclosures(db, today or portal_today(), [office.id]):
        if finding.rule != "R6" or finding.office_slug != office.slug:
            continue
        facts = finding.facts
        reception_id = facts.get("reception_id")
        if reception_id not in shown:
            received = facts.get("received_on")
            year = facts.get("year") or (received.year if isinstance(received, date) else None)
            reception_id = by_reference.get((year, facts.get("reference")))
        if reception_id is not None:
            result.setdefault(reception_id, []).append(finding.message(language))
    return result


def budget_chart(rows: list[BudgetRow], year: int, chart_id: str) -> Markup:
    """The planned-against-actual chart of one year's budget, in the page's language."""
    text = ChartText(
        title=_("Reception budget %(year)d: planned and actual spending", year=year),
        description=_(
            "Bar chart of the planned and the actual amount for each category of the reception "
            "budget. The table beside it gives the same numbers."
        ),
        planned=_("Planned"),
        actual=_("Actual"),
        over=_("over budget"),
    )
    return planned_actual_chart(rows, text, chart_id, format_fen)


def office_section(office: Office) -> Markup | None:
    """The "Disclosures" block of the office page: the latest year's budget and counts.

    Four queries whatever the data size; the full year, with every record and the year
    selector, is on the office's own disclosures page.
    """
    db = database.session
    years = disclosure_years(db, office.id)
    if not years:
        html = render_template("disclosures/public/_office_section.html", office=office, years=[])
        return Markup(html)  # noqa: S704 - rendered by an autoescaping template
    year = years[0]
    rows = budget_rows(db, office.id, year)
    html = render_template(
        "disclosures/public/_office_section.html",
        office=office,
        years=years,
        year=year,
        rows=rows,
        totals=budget_totals(db, office.id, year) if rows else None,
        chart=budget_chart(rows, year, f"office-budget-{year}") if rows else None,
        counts=office_year_counts(db, office.id, year),
        label=label,
    )
    return Markup(html)  # noqa: S704 - rendered by an autoescaping template
