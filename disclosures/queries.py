"""Read-only queries: an office's disclosures for a year, the publications, the editor's overview.

Each function runs a fixed number of queries whatever the data size; every total is a SQL SUM
over integer fen. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from disclosures.charts import PlannedActual
from disclosures.labels import CATEGORY_LABELS
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

PAGE_SIZE = 50


def sum_int(value: Any) -> int:
    """A SQL sum as int (PostgreSQL returns Decimal for SUM(bigint), SQLite an int or None)."""
    return int(value or 0)


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
    return sum_int(planned), (None if unknown or actual is None else sum_int(actual))


def office_year(db: Session, office_id: int, year: int) -> dict[str, Any]:
    """Everything the office published for the year, in six queries whatever the data size.

    Returns `budget` (BudgetRow list), `totals` (planned, actual), `providers` (OfficeProvider
    with provider), `contracts` (with provider), `services` and `receptions` (by date).
    """

    def rows_of(model, *order, with_provider=True):
        statement = select(model).where(model.office_id == office_id, model.year == year)
        if with_provider:
            statement = statement.options(joinedload(model.provider))
        return db.scalars(statement.order_by(*order)).all()

    providers = db.scalars(
        select(OfficeProvider)
        .join(Provider, Provider.id == OfficeProvider.provider_id)
        .options(joinedload(OfficeProvider.provider).joinedload(Provider.province))
        .where(OfficeProvider.office_id == office_id, OfficeProvider.year == year)
        .order_by(Provider.name_sort, Provider.name_zh)
    ).all()
    return {
        "budget": budget_rows(db, office_id, year),
        "totals": budget_totals(db, office_id, year),
        "providers": providers,
        "contracts": rows_of(Contract, Contract.starts_on, Contract.reference),
        "services": rows_of(
            ServiceListing, ServiceListing.position, ServiceListing.title, with_provider=False
        ),
        "receptions": rows_of(
            ReceptionRecord, ReceptionRecord.received_on, ReceptionRecord.reference
        ),
    }


def office_year_counts(db: Session, office_id: int, year: int) -> dict[str, int]:
    """How many providers, contracts (and their total), services, receptions (and their cost).

    One query of scalar subqueries; every total is a SQL sum of fen.
    """

    def of_year(*columns, model) -> Select:
        return (
            select(*columns)
            .where(model.office_id == office_id, model.year == year)
            .scalar_subquery()
        )

    row = db.execute(
        select(
            of_year(func.count(OfficeProvider.id), model=OfficeProvider),
            of_year(func.count(Contract.id), model=Contract),
            of_year(func.sum(Contract.amount_fen), model=Contract),
            of_year(func.count(ServiceListing.id), model=ServiceListing),
            of_year(func.count(ReceptionRecord.id), model=ReceptionRecord),
            of_year(func.sum(ReceptionRecord.total_fen), model=ReceptionRecord),
        )
    ).one()
    keys = ("providers", "contracts", "contract_fen", "services", "receptions", "reception_fen")
    return {key: sum_int(value) for key, value in zip(keys, row, strict=True)}


def latest_publications(
    db: Session, limit: int = PAGE_SIZE, offset: int = 0, corrections_only: bool = False
) -> list[Publication]:
    """Published revisions, newest first, with their office (one query)."""
    statement = (
        select(Publication)
        .options(joinedload(Publication.office))
        .where(Publication.status == PublicationStatus.PUBLISHED)
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if corrections_only:
        statement = statement.where(Publication.revision > 1)
    return list(db.scalars(statement))


def publication_states(db: Session, office_id: int) -> dict[tuple[str, int], dict[str, Any]]:
    """(kind, year) → the latest published revision number (0: none) and whether a draft is open.

    The editor's overview of one office (one query; drafts included, unlike the public pages).
    """
    rows = db.execute(
        select(Publication.kind, Publication.year, Publication.revision, Publication.status).where(
            Publication.office_id == office_id
        )
    )
    states: dict[tuple[str, int], dict[str, Any]] = {}
    for kind, year, revision, status in rows:
        entry = states.setdefault((str(kind), year), {"published": 0, "draft": False})
        if status is PublicationStatus.DRAFT:
            entry["draft"] = True
        else:
            entry["published"] = max(entry["published"], revision)
    return states
