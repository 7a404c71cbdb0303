"""The audit log as people read it (issue 16 item 10): which entries a supervisor sees (their own
government's), action names in the page's language, and names instead of database ids."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload

from complaints.labels import OUTCOME_LABELS, STATUS_LABELS
from complaints.models import AuditEntry, ComplaintOutcome, ComplaintRoute, ComplaintStatus
from portal.i18n import localized_name
from portal.models import Account, Government, Role

ACTION_LABELS = {
    "acknowledge": _l("Acknowledged"),
    "assign": _l("Assigned"),
    "tag": _l("Tagged"),
    "note": _l("Internal note added"),
    "message": _l("Message sent to the complainant"),
    "request_information": _l("More information requested"),
    "resume": _l("Handling resumed"),
    "extend": _l("Deadline extended"),
    "transfer": _l("Transferred"),
    "close": _l("Closed with an outcome"),
    "escalate": _l("Escalated (overdue)"),
    "view_contact": _l("Contact details viewed"),
    "download_attachment": _l("File downloaded"),
    "export_queue": _l("Queue exported as CSV"),
}
DETAIL_LABELS = {
    "from": _l("from"),
    "to": _l("to"),
    "from_government": _l("from"),
    "to_government": _l("to"),
    "assignee_id": _l("assigned to"),
    "outcome": _l("outcome"),
    "tag": _l("tag"),
    "days": _l("days"),
    "attachment": _l("file number"),
    "filters": _l("filters"),
    "stayed": _l("stayed"),
    "because": _l("because"),
}
STAYED = {
    "top": _l("nobody above"),
    "own_side_above": _l("only the office's own side above"),
    "information_received": _l("the complainant answered"),
}
GOVERNMENT_ACTIONS = {"escalate"}  # their from/to are governments, not statuses


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def entries_query(account: Account) -> Select:
    """The entries an account may read: national and admin accounts all of them; a supervisor
    those of its own government (its people's acts, and acts on complaints routed to it)."""
    query = select(AuditEntry).options(
        joinedload(AuditEntry.actor), joinedload(AuditEntry.complaint)
    )
    if account.role in (Role.NATIONAL, Role.ADMIN):
        return query
    own_people = select(Account.id).where(Account.government_id == account.government_id)
    own_complaints = select(ComplaintRoute.complaint_id).where(
        ComplaintRoute.government_id == account.government_id, ComplaintRoute.active.is_(True)
    )
    return query.where(
        or_(AuditEntry.actor_id.in_(own_people), AuditEntry.complaint_id.in_(own_complaints))
    )


def _value(db: Session, entry: AuditEntry, key: str, value) -> str:
    if key in ("from_government", "to_government") or (
        entry.action in GOVERNMENT_ACTIONS and key in ("from", "to")
    ):
        government = db.get(Government, value) if isinstance(value, int) else None
        return localized_name(government) if government else str(value)
    if key in ("from", "to") and value in {s.value for s in ComplaintStatus}:
        return str(STATUS_LABELS[ComplaintStatus(value)])
    if key == "outcome" and value in {o.value for o in ComplaintOutcome}:
        return str(OUTCOME_LABELS[ComplaintOutcome(value)])
    if key == "assignee_id":
        person = db.get(Account, value) if isinstance(value, int) else None
        return person.email if person else str(value)
    if key in ("stayed", "because"):
        return str(STAYED.get(value, value))
    return str(value)


def readable_detail(db: Session, entry: AuditEntry) -> list[tuple[str, str]]:
    """(label, value) pairs of an entry's detail, in the page's language, with names for ids."""
    return [
        (str(DETAIL_LABELS.get(key, key)), _value(db, entry, key, value))
        for key, value in sorted((entry.detail or {}).items())
    ]
