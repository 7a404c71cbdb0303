"""Read-only oversight queries, each bounded: the public lists of applications and inspections,
an office's oversight record, and the lists of the supervisors' workspace and forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, extract, func, select
from sqlalchemy.orm import Session, aliased, joinedload

from portal.models import Account, Government, Office, OfficeStatus
from portal.oversight.models import (
    ApplicationStatus,
    ApprovalApplication,
    Inspection,
    InspectionResult,
    InspectionStatus,
)

WORKSPACE_LIMIT = 50
"""The most applications of its own a supervisor's workspace lists (newest first)."""


@dataclass(frozen=True)
class ApplicationQuery:
    """Filters of the public list: status, host province code, urgent only."""

    status: ApplicationStatus | None = None
    province: str = ""
    urgent: bool = False
    page: int = 1


def list_applications(
    db: Session, query: ApplicationQuery, page_size: int
) -> tuple[list[ApprovalApplication], int]:
    """One page of applications (newest first) matching the filters, and how many match."""
    statement = select(ApprovalApplication)
    if query.status:
        statement = statement.where(ApprovalApplication.status == query.status)
    if query.province:
        statement = statement.where(
            ApprovalApplication.host_province_id.in_(
                select(Government.id).where(Government.code == query.province)
            )
        )
    if query.urgent:
        statement = statement.where(ApprovalApplication.urgent.is_(True))
    total = db.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = db.scalars(
        statement.options(
            joinedload(ApprovalApplication.applicant_government),
            joinedload(ApprovalApplication.host_province),
            joinedload(ApprovalApplication.office),
        )
        .order_by(ApprovalApplication.submitted_on.desc(), ApprovalApplication.id.desc())
        .limit(page_size)
        .offset((query.page - 1) * page_size)
    )
    return list(rows), total


def application_counts(db: Session, today: date) -> dict[str, int]:
    """How many applications are pending, approved, refused, urgent, and overdue."""
    counts = dict.fromkeys(("pending", "approved", "refused", "urgent", "overdue"), 0)
    rows = db.execute(
        select(ApprovalApplication.status, func.count()).group_by(ApprovalApplication.status)
    )
    for status, count in rows:
        counts[ApplicationStatus(status).value] = count
    counts["urgent"] = db.scalar(
        select(func.count())
        .select_from(ApprovalApplication)
        .where(ApprovalApplication.urgent.is_(True))
    )
    counts["overdue"] = db.scalar(
        select(func.count())
        .select_from(ApprovalApplication)
        .where(
            ApprovalApplication.status == ApplicationStatus.PENDING,
            ApprovalApplication.decision_due_on < today,
        )
    )
    return counts


def office_applications(db: Session, office_id: int, limit: int = 20) -> list[ApprovalApplication]:
    """The applications about one office, newest first, in one query."""
    return list(
        db.scalars(
            select(ApprovalApplication)
            .where(ApprovalApplication.office_id == office_id)
            .options(joinedload(ApprovalApplication.host_province))
            .order_by(ApprovalApplication.submitted_on.desc(), ApprovalApplication.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class InspectionQuery:
    """Filters of the public list: host province code, result, year (empty means any)."""

    province: str = ""
    result: InspectionResult | None = None
    year: int | None = None
    page: int = 1


def published_inspections(
    db: Session, query: InspectionQuery, page_size: int
) -> tuple[list[Inspection], int]:
    """One page of published inspections (newest first) matching the filters, and the total."""
    statement = select(Inspection).where(Inspection.status == InspectionStatus.PUBLISHED)
    if query.province:
        statement = statement.join(Office, Office.id == Inspection.office_id).where(
            Office.host_province_id.in_(
                select(Government.id).where(Government.code == query.province)
            )
        )
    if query.result:
        statement = statement.where(Inspection.result == query.result)
    if query.year:
        statement = statement.where(extract("year", Inspection.inspected_on) == query.year)
    total = db.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = db.scalars(
        statement.options(
            joinedload(Inspection.office).joinedload(Office.host_province),
            joinedload(Inspection.inspecting_government),
        )
        .order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
        .limit(page_size)
        .offset((query.page - 1) * page_size)
    )
    return list(rows), total


def inspection_years(db: Session) -> list[int]:
    """The years in which published inspections took place, newest first (for the filter)."""
    year = extract("year", Inspection.inspected_on)
    years = db.scalars(
        select(year).where(Inspection.status == InspectionStatus.PUBLISHED).distinct()
    )
    return sorted((int(y) for y in years), reverse=True)


def follow_up_of(db: Session, inspection: Inspection) -> Inspection | None:
    """The first published inspection of the same office after this one (R11's follow-up)."""
    return db.scalar(
        select(Inspection)
        .where(
            Inspection.office_id == inspection.office_id,
            Inspection.status == InspectionStatus.PUBLISHED,
            Inspection.inspected_on > inspection.inspected_on,
        )
        .order_by(Inspection.inspected_on, Inspection.id)
        .limit(1)
    )


def published_later(later) -> ColumnElement[bool]:
    """The join condition of R11's follow-up: `later` (an alias of Inspection) is a published
    inspection of the same office after the inspection of the row."""
    return and_(
        later.office_id == Inspection.office_id,
        later.status == InspectionStatus.PUBLISHED,
        later.inspected_on > Inspection.inspected_on,
    )


def follow_up_dates(db: Session, inspection_ids: list[int]) -> dict[int, date | None]:
    """inspection id → the day of the first published inspection of the same office after it
    (R11's follow-up), or None; one query for the inspections asked."""
    if not inspection_ids:
        return {}
    later = aliased(Inspection)
    rows = db.execute(
        select(Inspection.id, func.min(later.inspected_on))
        .outerjoin(later, published_later(later))
        .where(Inspection.id.in_(inspection_ids))
        .group_by(Inspection.id)
    )
    return {inspection_id: followed for inspection_id, followed in rows}


def office_inspections(db: Session, office_id: int, limit: int = 50) -> list[Inspection]:
    """The published inspections of one office, newest first, in one query."""
    return list(
        db.scalars(
            select(Inspection)
            .where(
                Inspection.office_id == office_id, Inspection.status == InspectionStatus.PUBLISHED
            )
            .options(joinedload(Inspection.inspecting_government))
            .order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
            .limit(limit)
        )
    )


def drafts_of(db: Session, account: Account) -> list[Inspection]:
    """The drafts of the account's government, newest first."""
    return list(
        db.scalars(
            select(Inspection)
            .where(
                Inspection.inspecting_government_id == account.government_id,
                Inspection.status == InspectionStatus.DRAFT,
            )
            .options(joinedload(Inspection.office))
            .order_by(Inspection.updated_at.desc(), Inspection.id.desc())
        )
    )


def applications_to_decide(db: Session, government_id: int) -> list[ApprovalApplication]:
    """The pending applications a host province must decide: urgent first, then by deadline."""
    return list(
        db.scalars(
            select(ApprovalApplication)
            .where(
                ApprovalApplication.host_province_id == government_id,
                ApprovalApplication.status == ApplicationStatus.PENDING,
            )
            .order_by(ApprovalApplication.urgent.desc(), ApprovalApplication.decision_due_on)
        )
    )


def applications_by(
    db: Session, government_id: int, limit: int = WORKSPACE_LIMIT
) -> list[ApprovalApplication]:
    """The applications a government filed, newest first."""
    return list(
        db.scalars(
            select(ApprovalApplication)
            .where(ApprovalApplication.applicant_government_id == government_id)
            .order_by(ApprovalApplication.submitted_on.desc(), ApprovalApplication.id.desc())
            .limit(limit)
        )
    )


def open_offices_of(db: Session, government_id: int) -> list[Office]:
    """The offices a government itself set up that are not closed (an application may keep one)."""
    return list(
        db.scalars(
            select(Office)
            .where(
                Office.establishing_government_id == government_id,
                Office.status != OfficeStatus.CLOSED,
            )
            .order_by(Office.name_sort, Office.name_zh, Office.id)
        )
    )
