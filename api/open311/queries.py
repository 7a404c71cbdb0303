"""The public face of complaints for Open311: status, outcome, category, dates (as China days),
the office and the government handling it. Never the text, the contact or the files.

Belongs in complaints/queries.py (it reads only complaints' public columns); kept here until the
complaints package takes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from complaints.models import Complaint, ComplaintCategory, ComplaintStatus
from portal.clock import start_of_china_day
from portal.models import Government, Office

MAX_REQUESTS = 200


@dataclass(frozen=True)
class RequestFilter:
    """GET requests' parameters: references, category, submission window (China days), status."""

    references: tuple[str, ...] = ()
    category: ComplaintCategory | None = None
    start: date | None = None
    end: date | None = None
    closed: bool | None = None


def public_requests(db: Session, wanted: RequestFilter, limit: int = MAX_REQUESTS) -> list:
    """The newest complaints matching the filter, as rows of public columns only (one query)."""
    office, handler = aliased(Office), aliased(Government)
    statement = (
        select(
            Complaint.reference,
            Complaint.category,
            Complaint.status,
            Complaint.outcome,
            Complaint.outcome_summary,
            Complaint.submitted_at,
            Complaint.closed_at,
            Complaint.resolve_due_on,
            office.slug.label("office_slug"),
            office.name_zh.label("office_name_zh"),
            office.name_en.label("office_name_en"),
            handler.name_zh.label("handler_zh"),
            handler.name_en.label("handler_en"),
        )
        .outerjoin(office, office.id == Complaint.office_id)
        .join(handler, handler.id == Complaint.primary_government_id)
        .order_by(Complaint.submitted_at.desc(), Complaint.id.desc())
        .limit(limit)
    )
    if wanted.references:
        statement = statement.where(Complaint.reference.in_(wanted.references))
    if wanted.category is not None:
        statement = statement.where(Complaint.category == wanted.category)
    if wanted.start is not None:
        statement = statement.where(Complaint.submitted_at >= _instant(wanted.start))
    if wanted.end is not None:
        statement = statement.where(Complaint.submitted_at < _instant(wanted.end, next_day=True))
    if wanted.closed is True:
        statement = statement.where(Complaint.status == ComplaintStatus.CLOSED)
    elif wanted.closed is False:
        statement = statement.where(Complaint.status != ComplaintStatus.CLOSED)
    return list(db.execute(statement))


def _instant(day: date, next_day: bool = False) -> datetime:
    return start_of_china_day(day + timedelta(days=1) if next_day else day)
