"""The audit log: every supervisor action and every viewing of contact details or files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.models import AuditEntry, Complaint
from portal.database import utcnow
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
    """Every entry, oldest first (for the CSV export)."""
    return db.scalars(select(AuditEntry).order_by(AuditEntry.id))


def entries_csv(entries: Iterable[AuditEntry]) -> str:
    """CSV text: id, time (UTC), actor, action, complaint reference, detail."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "created_at_utc", "actor", "action", "complaint", "detail"])
    for entry in entries:
        writer.writerow(
            [
                entry.id,
                entry.created_at.isoformat(),
                entry.actor.email if entry.actor else "system",
                entry.action,
                entry.complaint.reference if entry.complaint else "",
                "; ".join(f"{k}={v}" for k, v in sorted((entry.detail or {}).items())),
            ]
        )
    return out.getvalue()
