"""What a supervisor does with a complaint: each service checks the workflow, appends an event."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints import audit, outbox
from complaints.deadlines import MAX_EXTENSION_DAYS
from complaints.escalation import set_primary
from complaints.intake import MAX_BODY, routing_message
from complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintOutcome,
    ComplaintTag,
    EventKind,
)
from complaints.queries import government_facts
from complaints.routing import TRANSFERRED, RoutingError, check_receiver
from complaints.scope import Access, access_to
from complaints.workflow import TransitionError, check_transition
from portal.clock import utcnow
from portal.errors import PortalError
from portal.models import Account, Government, Role

MAX_TAG = 40
NEEDS = {"tag": Access.CONTRIBUTE, "note": Access.CONTRIBUTE}  # every other action: ACT


class SupervisionError(PortalError):
    """A supervisor's action cannot be done as asked; `field` names the form field at fault
    ("action": the right to act at all, shown at the top of the action's form)."""


def _text(value: str | None, field: str, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise SupervisionError(_l("This cannot be empty."), field)
    if len(text) > MAX_BODY:
        raise SupervisionError(
            _l("Keep the text under %(count)d characters.", count=MAX_BODY), field
        )
    return text


def _begin(db: Session, complaint: Complaint, actor: Account, action: str):
    """Check the actor's right and the workflow; return the status after the action."""
    if access_to(db, actor, complaint) < NEEDS.get(action, Access.ACT):
        raise SupervisionError(
            _l("Only the government handling this complaint can do this."), "action"
        )
    return check_transition(action, complaint.status)


def _event(db, complaint, actor, kind, now, *, public, body=None, data=None, government_id=None):
    """Append the action's event and flush: the last step of every action, which returns it."""
    event = ComplaintEvent(
        complaint=complaint,
        kind=kind,
        created_at=now,
        actor=actor,
        public=public,
        body=body or None,
        government_id=government_id or (actor.government_id if actor else None),
        data=data,
    )
    db.add(event)
    db.flush()
    return event


def _move(db, complaint, actor, action, to, now, detail=None) -> None:
    before = complaint.status
    complaint.status = to
    audit.record(
        db, actor, action, complaint, {"from": before.value, "to": to.value, **(detail or {})}, now
    )


def acknowledge(
    db: Session,
    complaint: Complaint,
    actor: Account,
    *,
    notify: bool = True,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Acknowledge a submitted complaint (records the time, tells the complainant).

    Raises SupervisionError without the right, TransitionError when not submitted.
    """
    now = now or utcnow()
    to = _begin(db, complaint, actor, "acknowledge")
    complaint.acknowledged_at = now
    _move(db, complaint, actor, "acknowledge", to, now)
    outbox.tell_complainant(db, complaint, notify, "已受理", "acknowledged", "acknowledged")
    return _event(db, complaint, actor, EventKind.ACKNOWLEDGED, now, public=True)


def assign(
    db: Session,
    complaint: Complaint,
    actor: Account,
    assignee_id: int,
    *,
    notify: bool = True,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Give the complaint to a colleague of the actor's government; it becomes "in progress".

    Raises SupervisionError when the assignee is not an active supervisor of that government.
    """
    now = now or utcnow()
    to = _begin(db, complaint, actor, "assign")
    assignee = db.get(Account, assignee_id)
    if (
        assignee is None
        or not assignee.active
        or assignee.government_id != actor.government_id
        or assignee.role not in (Role.SUPERVISOR, Role.NATIONAL)
    ):
        raise SupervisionError(_l("Choose a colleague of your own government."), "assignee")
    complaint.assignee = assignee
    moved = to != complaint.status
    _move(db, complaint, actor, "assign", to, now, {"assignee_id": assignee.id})
    if moved:  # a public change of status: "in progress"
        outbox.tell_complainant(db, complaint, notify, "正在办理", "in progress", "in_progress")
    return _event(
        db,
        complaint,
        actor,
        EventKind.ASSIGNED,
        now,
        public=False,
        data={"assignee": assignee.email},
    )


def tag(
    db: Session, complaint: Complaint, actor: Account, label: str, *, now: datetime | None = None
) -> ComplaintEvent | None:
    """Add a tag (lower case, at most 40 characters); an existing tag is left as it is (None)."""
    now = now or utcnow()
    _begin(db, complaint, actor, "tag")
    value = " ".join((label or "").split()).lower()
    if not value:
        raise SupervisionError(_l("This cannot be empty."), "tag")
    if len(value) > MAX_TAG:
        raise SupervisionError(_l("Keep a tag under %(count)d characters.", count=MAX_TAG), "tag")
    exists = db.scalar(
        select(ComplaintTag.id).where(
            ComplaintTag.complaint_id == complaint.id, ComplaintTag.tag == value
        )
    )
    if exists is not None:
        return None
    db.add(ComplaintTag(complaint_id=complaint.id, tag=value, created_at=now))
    audit.record(db, actor, "tag", complaint, {"tag": value}, now)
    return _event(db, complaint, actor, EventKind.TAGGED, now, public=False, data={"tag": value})


def note(
    db: Session, complaint: Complaint, actor: Account, body: str, *, now: datetime | None = None
) -> ComplaintEvent:
    """Add an internal note: never shown to the complainant."""
    now = now or utcnow()
    _begin(db, complaint, actor, "note")
    text = _text(body, "body")
    audit.record(db, actor, "note", complaint, None, now)
    return _event(db, complaint, actor, EventKind.NOTE, now, public=False, body=text)


def message(
    db: Session,
    complaint: Complaint,
    actor: Account,
    body: str,
    *,
    notify: bool = True,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Write to the complainant: shown on their tracking page; they get an e-mail if they gave one."""
    now = now or utcnow()
    _begin(db, complaint, actor, "message")
    text = _text(body, "body")
    audit.record(db, actor, "message", complaint, None, now)
    outbox.tell_complainant(db, complaint, notify, "有新消息", "a new message", "message")
    return _event(db, complaint, actor, EventKind.MESSAGE, now, public=True, body=text)


def request_information(
    db: Session,
    complaint: Complaint,
    actor: Account,
    body: str,
    *,
    notify: bool = True,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Ask the complainant for more: public, and the complaint waits for information."""
    now = now or utcnow()
    to = _begin(db, complaint, actor, "request_information")
    text = _text(body, "body")
    _move(db, complaint, actor, "request_information", to, now)
    outbox.tell_complainant(
        db,
        complaint,
        notify,
        "需要补充材料",
        "more information is needed",
        "information_requested",
    )
    return _event(
        db, complaint, actor, EventKind.INFORMATION_REQUESTED, now, public=True, body=text
    )


def resume(
    db: Session,
    complaint: Complaint,
    actor: Account,
    *,
    notify: bool = True,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Take a complaint that waited for information back into handling."""
    now = now or utcnow()
    to = _begin(db, complaint, actor, "resume")
    _move(db, complaint, actor, "resume", to, now)
    outbox.tell_complainant(db, complaint, notify, "正在办理", "in progress", "in_progress")
    return _event(
        db, complaint, actor, EventKind.STATUS_CHANGED, now, public=True, data={"to": to.value}
    )


def extend_deadline(
    db: Session,
    complaint: Complaint,
    actor: Account,
    days: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Move the resolution deadline once, by 1 to 30 days, with a reason the complainant sees.

    Raises SupervisionError on a second extension, a number of days out of range or no reason.
    """
    now = now or utcnow()
    _begin(db, complaint, actor, "extend")
    if complaint.extended_at is not None:
        raise SupervisionError(_l("The deadline has already been extended once."), "days")
    if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise SupervisionError(
            _l("Extend by 1 to %(count)d days.", count=MAX_EXTENSION_DAYS), "days"
        )
    text = _text(reason, "reason")
    before = complaint.resolve_due_on
    complaint.resolve_due_on = before + timedelta(days=days)
    complaint.extended_at = now
    complaint.extension_reason = text
    data = {"from": before.isoformat(), "to": complaint.resolve_due_on.isoformat(), "days": days}
    audit.record(db, actor, "extend", complaint, data, now)
    return _event(db, complaint, actor, EventKind.EXTENDED, now, public=True, body=text, data=data)


def transfer(
    db: Session,
    complaint: Complaint,
    actor: Account,
    government_id: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Hand the complaint to another government, which becomes primary; the old one stops seeing it.

    Raises SupervisionError for an unknown government, the current one, one that set up the
    office or is below it (routing.check_receiver: national accounts too), or no reason.
    """
    now = now or utcnow()
    _begin(db, complaint, actor, "transfer")
    target = db.get(Government, government_id) if government_id else None
    if target is None or target.id == complaint.primary_government_id:
        raise SupervisionError(_l("Choose another government."), "government")
    establishing_id = complaint.office.establishing_government_id if complaint.office else None
    try:
        check_receiver(establishing_id, government_facts(db, target), "government")
    except RoutingError as error:
        raise SupervisionError(routing_message(error), error.field) from None
    text = _text(reason, "reason")
    before = complaint.primary_government_id
    set_primary(db, complaint, target, TRANSFERRED, now, keep_old_as_copy=False)
    audit.record(
        db,
        actor,
        "transfer",
        complaint,
        {"from_government": before, "to_government": target.id},
        now,
    )
    outbox.tell_government(
        db,
        complaint,
        target,
        f"转办投诉 Complaint transferred {complaint.reference}",
        f"投诉 {complaint.reference} 已转给贵单位办理。\nComplaint {complaint.reference} was "
        "transferred to you. Sign in to the portal to read it.",
        template="transferred",
    )
    return _event(
        db,
        complaint,
        actor,
        EventKind.TRANSFERRED,
        now,
        public=True,
        body=text,
        government_id=target.id,
        data={"from_government": before},
    )


def close(
    db: Session,
    complaint: Complaint,
    actor: Account,
    outcome: str,
    summary: str,
    *,
    notify: bool = True,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Close with an outcome and a public summary (Markdown, sanitised when shown).

    Raises SupervisionError for an unknown outcome or an empty summary; TransitionError when
    the complaint was not acknowledged or is already closed.
    """
    now = now or utcnow()
    to = _begin(db, complaint, actor, "close")
    try:
        result = ComplaintOutcome(outcome)
    except ValueError:
        raise SupervisionError(_l("Choose an outcome."), "outcome") from None
    text = _text(summary, "summary")
    complaint.outcome, complaint.outcome_summary, complaint.closed_at = result, text, now
    _move(db, complaint, actor, "close", to, now, {"outcome": result.value})
    outbox.tell_complainant(db, complaint, notify, "已办结", "closed", "closed")
    return _event(
        db, complaint, actor, EventKind.CLOSED, now, public=True, data={"outcome": result.value}
    )


__all__ = ["SupervisionError", "TransitionError"]
