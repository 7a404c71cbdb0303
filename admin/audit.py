"""The administration's audit log: every change with who, when, before, after and why."""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from admin.models import AdminAuditEntry
from portal.clock import utcnow
from portal.models import Account


def _as_json(values: Mapping | None) -> str | None:
    if values is None:
        return None
    return json.dumps(dict(values), ensure_ascii=False, sort_keys=True, default=str)


COMMAND_LINE = "command line"
"""`AdminAuditEntry.via` of a change made by an operator at the shell (no actor account)."""
VIA = "admin_audit_via"


def acting_from_command_line(db: Session) -> None:
    """Mark the session's changes as made at the command line: the `flask accounts …` commands
    call the web's services with no actor, and their audit entries say so."""
    db.info[VIA] = COMMAND_LINE


def record_change(
    db: Session,
    actor: Account | None,
    action: str,
    subject: Account | object,
    *,
    government_id: int | None = None,
    before: Mapping | None = None,
    after: Mapping | None = None,
    reason: str | None = None,
) -> AdminAuditEntry:
    """Add one audit entry (in the change's own transaction). Adds and flushes, never commits.

    `subject` is the changed record (its table name and id are kept); `actor` is None when the
    person acted without being signed in (a password reset by e-mail link).
    """
    entry = AdminAuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_kind=subject.__tablename__,
        subject_id=subject.id,
        government_id=government_id,
        before=_as_json(before),
        after=_as_json(after),
        reason=reason,
        via=db.info.get(VIA) if actor is None else None,
    )
    db.add(entry)
    db.flush()
    return entry


def history(subject) -> Select:
    """The audit entries of one record (an account, an office, …), newest first; the caller
    limits it."""
    return (
        select(AdminAuditEntry)
        .where(
            AdminAuditEntry.subject_kind == subject.__tablename__,
            AdminAuditEntry.subject_id == subject.id,
        )
        .order_by(AdminAuditEntry.at.desc(), AdminAuditEntry.id.desc())
    )
