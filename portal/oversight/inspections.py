"""Inspections: record a draft, change it, publish it; the public list and an office's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, joinedload

from portal.database import utcnow
from portal.models import Account, Government, Office, OfficeStatus
from portal.oversight.models import Inspection, InspectionResult, InspectionStatus
from portal.oversight.service import OversightError, china_day, office_in_scope

MAX_FINDINGS_LENGTH = 20_000


@dataclass(frozen=True)
class InspectionDraft:
    """What a supervisor typed: plain values, already shape-checked by the form."""

    office_id: int
    inspected_on: date
    findings_markdown: str
    result: InspectionResult
    rectification_due_on: date | None = None


def _check(db: Session, draft: InspectionDraft, account: Account, today: date) -> Office:
    office = db.get(Office, draft.office_id)
    if office is None or not office_in_scope(db, account, office):
        raise OversightError(_l("Choose an office your government supervises."), "office_id")
    if draft.inspected_on > today:
        raise OversightError(_l("The inspection date cannot be in the future."), "inspected_on")
    if not draft.findings_markdown.strip():
        raise OversightError(_l("Write the inspection's findings."), "findings_markdown")
    if len(draft.findings_markdown) > MAX_FINDINGS_LENGTH:
        raise OversightError(
            _l("The findings may be at most %(count)d characters long.", count=MAX_FINDINGS_LENGTH),
            "findings_markdown",
        )
    if draft.result == InspectionResult.RECTIFICATION_REQUIRED:
        if draft.rectification_due_on is None:
            raise OversightError(
                _l("Give the deadline for the rectification."), "rectification_due_on"
            )
        if draft.rectification_due_on < draft.inspected_on:
            raise OversightError(
                _l("The rectification deadline must be on or after the inspection date."),
                "rectification_due_on",
            )
    return office


def save_draft(
    db: Session,
    draft: InspectionDraft,
    account: Account,
    inspection: Inspection | None = None,
    today: date | None = None,
) -> Inspection:
    """Create a draft inspection, or change a draft, for an office in the account's scope.

    The inspecting government is the account's own. Raises OversightError (with the field) when
    the office is out of scope, a date is wrong, the findings are empty, or the inspection
    is already published (a published inspection is never changed).
    """
    today = today or china_day()
    _check(db, draft, account, today)
    if inspection is None:
        inspection = Inspection(
            inspecting_government_id=account.government_id,
            created_by_id=account.id,
            status=InspectionStatus.DRAFT,
        )
        db.add(inspection)
    elif inspection.status != InspectionStatus.DRAFT:
        raise OversightError(_l("A published inspection cannot be changed."))
    inspection.office_id = draft.office_id
    inspection.inspected_on = draft.inspected_on
    inspection.findings_markdown = draft.findings_markdown.strip()
    inspection.result = draft.result
    inspection.rectification_due_on = (
        draft.rectification_due_on
        if draft.result == InspectionResult.RECTIFICATION_REQUIRED
        else None
    )
    db.flush()
    return inspection


def publish_inspection(db: Session, inspection: Inspection, account: Account) -> Inspection:
    """Publish a draft; an order to close marks the office (rule R9 reads `closure_ordered_on`).

    Raises OversightError if it is already published or the office left the account's scope.
    """
    if inspection.status != InspectionStatus.DRAFT:
        raise OversightError(_l("This inspection is already published."))
    if not office_in_scope(db, account, inspection.office):
        raise OversightError(_l("Choose an office your government supervises."), "office_id")
    inspection.status = InspectionStatus.PUBLISHED
    inspection.published_at = utcnow()
    inspection.published_by_id = account.id
    office = inspection.office
    ordered = inspection.result == InspectionResult.ORDERED_TO_CLOSE
    # The earliest order counts: a later order to close does not move the date R9 reads.
    if (
        ordered
        and office.status != OfficeStatus.CLOSED
        and (
            office.closure_ordered_on is None or office.closure_ordered_on > inspection.inspected_on
        )
    ):
        office.closure_ordered_on = inspection.inspected_on
    db.flush()
    return inspection


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
