"""Escalation: an overdue complaint goes up to the government above its primary one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from complaints import audit, outbox
from complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintRoute,
    ComplaintStatus,
    EventKind,
    RouteRole,
)
from complaints.queries import government_facts
from complaints.routing import ESCALATED_OVERDUE, may_receive
from portal.clock import china_day
from portal.models import Government


def set_primary(
    db: Session,
    complaint: Complaint,
    government: Government,
    rule: str,
    now: datetime,
    keep_old_as_copy: bool,
) -> None:
    """Make `government` the primary route; the old primary becomes a copy, or inactive."""
    routes = {route.government_id: route for route in complaint.routes}
    for route in complaint.routes:
        if route.primary and route.government_id != government.id:
            route.role = RouteRole.COPY
            route.active = keep_old_as_copy
    target = routes.get(government.id)
    if target is None:
        target = ComplaintRoute(
            complaint=complaint, government_id=government.id, created_at=now, rule=rule
        )
        db.add(target)
    target.role, target.active, target.rule = RouteRole.PRIMARY, True, rule
    complaint.primary_government_id = government.id


def missed_deadlines(complaint: Complaint, now: datetime) -> int:
    """How many deadlines (0, 1 or 2) an open complaint has missed by `now`.

    Acknowledgement is missed when it came (or has not yet come) after its day; resolution
    when the complaint is still open after its day. A missed deadline stays missed, so the
    count never goes down and each one escalates once.
    """
    today = china_day(now)
    ack_missed = (complaint.acknowledged_at is None and complaint.acknowledge_due_on < today) or (
        complaint.acknowledged_at is not None
        and china_day(complaint.acknowledged_at) > complaint.acknowledge_due_on
    )
    resolve_missed = complaint.resolve_due_on < today
    return int(ack_missed) + int(resolve_missed)


def escalate_overdue(db: Session, now: datetime) -> list[Complaint]:
    """Escalate every open complaint with a newly missed deadline; returns those escalated.

    The government above the primary one becomes primary, the earlier one stays copied, an
    ESCALATED event is appended (public: the complainant sees who handles it now) and the new
    government is told through the outbox. `escalation_level` counts the missed deadlines
    already acted on, so a second run at the same instant does nothing. A complaint whose
    primary government has nobody above it, or only the government that set up the office
    (routing.may_receive), only has its level recorded. Flushes; never commits.
    """
    today = china_day(now)
    candidates = db.scalars(
        select(Complaint)
        .where(
            Complaint.status != ComplaintStatus.CLOSED,
            or_(Complaint.acknowledge_due_on < today, Complaint.resolve_due_on < today),
        )
        .order_by(Complaint.id)
    )
    escalated = []
    for complaint in candidates:
        missed = missed_deadlines(complaint, now)
        moved = False
        # One step up per missed deadline (issue 16 item 8): a complaint that missed both in
        # one run goes up twice, so its level always says how many steps its lead went up,
        # unless it stopped at the top (recorded on each step it could not take).
        while complaint.escalation_level < missed:
            complaint.escalation_level += 1
            moved = _step_up(db, complaint, now) or moved
        if moved:
            escalated.append(complaint)
    db.flush()
    return escalated


def _step_up(db: Session, complaint: Complaint, now: datetime) -> bool:
    """Move the lead one level up; where nobody may receive it (the top, or only the office's
    own side above), the lead stays and is told it must finish the complaint itself."""
    level = complaint.escalation_level
    current = db.get(Government, complaint.primary_government_id)
    above = current.parent if current is not None else None
    establishing_id = complaint.office.establishing_government_id if complaint.office else None
    if above is None or not may_receive(establishing_id, government_facts(db, above)):
        stayed = "top" if above is None else "own_side_above"
        audit.record(
            db,
            None,
            "escalate",
            complaint,
            {"from": current.id, "to": current.id, "stayed": stayed},
            now,
        )
        db.add(
            ComplaintEvent(
                complaint=complaint,
                kind=EventKind.ESCALATED,
                created_at=now,
                public=True,
                government_id=current.id,
                data={"from_government": current.id, "level": level, "stayed": stayed},
            )
        )
        outbox.tell_government(
            db,
            complaint,
            current,
            f"逾期投诉无法上交 Overdue complaint stays with you {complaint.reference}",
            f"投诉 {complaint.reference} 逾期未办，且已无上级可以上交：请尽快办结或延期。\n"
            f"Complaint {complaint.reference} is overdue and there is nobody above to pass it "
            "to: please close it or extend its deadline with a reason.",
            template="escalated",
        )
        return False
    set_primary(db, complaint, above, ESCALATED_OVERDUE, now, keep_old_as_copy=True)
    db.add(
        ComplaintEvent(
            complaint=complaint,
            kind=EventKind.ESCALATED,
            created_at=now,
            public=True,
            government_id=above.id,
            data={"from_government": current.id, "level": level},
        )
    )
    audit.record(db, None, "escalate", complaint, {"from": current.id, "to": above.id}, now)
    outbox.tell_government(
        db,
        complaint,
        above,
        f"逾期投诉上交 Overdue complaint escalated {complaint.reference}",
        f"投诉 {complaint.reference} 逾期未办，现由贵单位主办（原主办单位抄送）。\n"
        f"Complaint {complaint.reference} is overdue and now yours to handle (the "
        "earlier government stays copied). Sign in to the portal to read it.",
        template="escalated",
    )
    return True
