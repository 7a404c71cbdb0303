"""The audit log: every supervisor action and every viewing of contact details or files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from complaints.models import AuditEntry, Complaint
from portal.clock import utcnow
from portal.models import Account

ACTIONS = (
    "acknowledge",
    "assign",
    "tag",
    "note",
    "message",
    "request_information",
    "resume",
    "extend",
    "transfer",
    "close",
    "escalate",
    "view_contact",
    "download_attachment",
    "export_queue",
)


def record(
    db: Session,
    actor: Account | None,
    action: str,
    complaint: Complaint | None = None,
    detail: dict | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Append one entry (never contact details or texts in `detail`). Adds; never commits."""
    entry = AuditEntry(
        created_at=now or utcnow(),
        actor=actor,
        action=action,
        complaint=complaint,
        detail=detail or None,
    )
    db.add(entry)
    return entry


def recent_entries(db: Session, limit: int = 200, action: str | None = None) -> list[AuditEntry]:
    """The newest entries first, optionally of one action."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.scalars(query))


def all_entries(db: Session) -> Iterable[AuditEntry]:
    """Every entry, oldest first, with its actor and complaint (for the CSV export, exports.py)."""
    return db.scalars(
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor), joinedload(AuditEntry.complaint))
        .order_by(AuditEntry.id)
    )
