"""Retention: what a complaint keeps once it has been closed long enough (issue 20, item 6).

A complaint closed more than `RETENTION_DAYS` (PORTAL_RETENTION_DAYS, default 730: two years,
as FixMyStreet does) ago loses what identifies its complainant: the encrypted contact details,
its attachments (rows and files) and the notifications queued about it (their encrypted
addresses). What stays is the anonymised public record: reference, office, category, dates,
routing, the public history and the outcome with its summary.

`erase_expired` adds and flushes, never commits; the caller (the `retention` job) commits and
only then removes the files. Running it twice erases nothing more: it only picks complaints
that still hold something to erase.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from complaints.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintStatus,
    NotificationOutbox,
)

DEFAULT_RETENTION_DAYS = 730
BATCH = 500


@dataclass
class Erased:
    """What one run erased: complaint ids, and the stored names of their attachment files."""

    complaint_ids: list[int] = field(default_factory=list)
    stored_names: list[str] = field(default_factory=list)


def retention_days(config) -> int:
    """The configured period in whole days (at least 1); the default when unset or unreadable."""
    try:
        days = int(config.get("RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)
    except (TypeError, ValueError):
        return DEFAULT_RETENTION_DAYS
    return max(days, 1)


def erase_expired(db: Session, now: datetime, days: int = DEFAULT_RETENTION_DAYS) -> Erased:
    """Erase the contact details, attachments and queued notices of complaints closed before
    now - days. Flushes; the caller commits, then deletes `Erased.stored_names` from disk."""
    cutoff = now - timedelta(days=days)
    holds_something = or_(
        Complaint.contact_encrypted.is_not(None),
        exists().where(ComplaintAttachment.complaint_id == Complaint.id),
        exists().where(NotificationOutbox.complaint_id == Complaint.id),
    )
    ids = list(
        db.scalars(
            select(Complaint.id)
            .where(
                Complaint.status == ComplaintStatus.CLOSED,
                Complaint.closed_at < cutoff,
                holds_something,
            )
            .order_by(Complaint.id)
            .limit(BATCH)
        )
    )
    erased = Erased(complaint_ids=ids)
    if not ids:
        return erased
    erased.stored_names = list(
        db.scalars(
            select(ComplaintAttachment.stored_name).where(ComplaintAttachment.complaint_id.in_(ids))
        )
    )
    for complaint in db.scalars(select(Complaint).where(Complaint.id.in_(ids))):
        complaint.contact_encrypted = None
    db.execute(
        delete(ComplaintAttachment)
        .where(ComplaintAttachment.complaint_id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    db.execute(
        delete(NotificationOutbox)
        .where(NotificationOutbox.complaint_id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    db.flush()
    db.expire_all()
    return erased
