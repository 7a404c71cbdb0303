"""Public outcomes of closed complaints per office and per government (issue 16 item 15).

Anonymised as on the office page: the outcome, the day it closed, the public summary and the
office; never a reference, the complaint's text or anything of the complainant. A government's
list holds the complaints it handled when they closed (its primary route).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from complaints.models import Complaint, ComplaintStatus

PAGE_SIZE = 20
# The link on a government's page (templates/portal/government.html): its words live in this
# package's catalog, which the app merges with the portal's.
GOVERNMENT_PAGE_LINK = _l("Outcomes of the complaints it handled")


def closed_outcomes_page(
    db: Session,
    *,
    office_id: int | None = None,
    government_id: int | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> tuple[list[Complaint], bool]:
    """One page of closed complaints, newest first, and whether another page follows."""
    query = (
        select(Complaint)
        .options(joinedload(Complaint.office))
        .where(Complaint.status == ComplaintStatus.CLOSED)
        .order_by(Complaint.closed_at.desc(), Complaint.id.desc())
    )
    if office_id is not None:
        query = query.where(Complaint.office_id == office_id)
    if government_id is not None:
        query = query.where(Complaint.primary_government_id == government_id)
    rows = list(db.scalars(query.limit(size + 1).offset((page - 1) * size)).unique())
    return rows[:size], len(rows) > size


def newest_closing(rows: list[Complaint]) -> datetime | None:
    return max((row.closed_at for row in rows), default=None)
