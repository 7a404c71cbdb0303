"""The complainant's answer to a request for information (issue 16 item 3).

An answer while the complaint awaits information returns it to the handling government's
"to do" (in progress), with a public event and an audit entry by the system; and every
complaint whose newest word is the complainant's carries a "new information" marker until a
supervisor acts on it (any event with an actor).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints import audit
from complaints.models import Complaint, ComplaintEvent, ComplaintStatus, EventKind
from complaints.workflow import check_transition

INFORMATION_RECEIVED = "information_received"


def answer_received(db: Session, complaint: Complaint, now: datetime) -> bool:
    """After the complainant's message: back to "in progress" if it awaited information.

    Returns whether the status changed. Adds and flushes; never commits.
    """
    if complaint.status != ComplaintStatus.AWAITING_INFORMATION:
        return False
    before = complaint.status
    complaint.status = check_transition("resume", before)
    audit.record(
        db,
        None,
        "resume",
        complaint,
        {"from": before.value, "to": complaint.status.value, "because": INFORMATION_RECEIVED},
        now,
    )
    db.add(
        ComplaintEvent(
            complaint=complaint,
            kind=EventKind.STATUS_CHANGED,
            created_at=now,
            by_complainant=True,
            public=True,
            government_id=complaint.primary_government_id,
            data={"to": complaint.status.value, "because": INFORMATION_RECEIVED},
        )
    )
    db.flush()
    return True


def with_new_information(db: Session, complaint_ids: Iterable[int]) -> set[int]:
    """Which of these complaints have a complainant's message newer than any supervisor's act.

    One grouped query, whatever the number of complaints.
    """
    ids = list(complaint_ids)
    if not ids:
        return set()
    event = ComplaintEvent
    newest = (
        select(
            event.complaint_id,
            func.max(event.id)
            .filter(event.kind == EventKind.COMPLAINANT_MESSAGE)
            .label("answered"),
            func.max(event.id).filter(event.actor_id.is_not(None)).label("acted"),
        )
        .where(event.complaint_id.in_(ids))
        .group_by(event.complaint_id)
    )
    return {
        complaint_id
        for complaint_id, answered, acted in db.execute(newest)
        if answered is not None and (acted is None or answered > acted)
    }
