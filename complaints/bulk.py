"""Bulk actions on the queue (issue 16 item 13): acknowledge, assign or tag several complaints at
once. Each complaint goes through the same service as on its own page, so each is checked,
recorded as an event and audited one by one; one that is refused (no right, wrong status) is
rolled back alone (a savepoint) and named in the result, the others are done."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from complaints import supervision
from complaints.models import Complaint
from complaints.scope import visible_complaints
from portal.errors import PortalError
from portal.models import Account

BULK_ACTIONS = ("acknowledge", "assign", "tag")
MAX_BULK = 50  # one page of the queue


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)  # references
    refused: list[tuple[str, str]] = field(default_factory=list)  # (reference, why)


def _one(db: Session, complaint: Complaint, account: Account, action: str, value) -> None:
    if action == "acknowledge":
        supervision.acknowledge(db, complaint, account)
    elif action == "assign":
        supervision.assign(db, complaint, account, value)
    else:
        supervision.tag(db, complaint, account, value)


def apply_to_many(
    db: Session, account: Account, references: list[str], action: str, value=None
) -> BulkResult:
    """Run `action` (one of BULK_ACTIONS; `value`: the assignee's id or the tag) on each
    complaint the account may see, in the order given. A reference it may not see is refused
    like an unknown one. Flushes; never commits."""
    if action not in BULK_ACTIONS:
        raise ValueError(f"no bulk action {action!r}")
    wanted = list(dict.fromkeys(references))[:MAX_BULK]
    found = {
        c.reference: c
        for c in db.scalars(visible_complaints(db, account).where(Complaint.reference.in_(wanted)))
    }
    result = BulkResult()
    for reference in wanted:
        complaint = found.get(reference)
        if complaint is None:
            result.refused.append((reference, "not_found"))
            continue
        savepoint = db.begin_nested()
        try:
            _one(db, complaint, account, action, value)
        except PortalError as error:  # SupervisionError, TransitionError
            savepoint.rollback()
            result.refused.append((reference, str(error)))
        else:
            savepoint.commit()
            result.done.append(reference)
    db.flush()
    return result
