"""The register kept on the web: an office's approval, closing and closure, recorded by the
province that supervises it. Add and flush, never commit; each change audited; the findings
follow by themselves (the findings outbox sees every change to an office)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from admin.accounts import AdminError
from admin.audit import record_change
from portal.models import Account, Government, GovernmentLevel, Office, OfficeStatus, Role
from portal.oversight.supervision import office_in_scope


def may_keep_office(db: Session, actor: Account | None, office: Office) -> bool:
    """An administrator everywhere; a provincial supervisor for the offices it supervises."""
    if actor is None:
        return False
    if actor.role is Role.ADMIN:
        return True
    return (
        actor.role is Role.SUPERVISOR
        and actor.government is not None
        and actor.government.level == GovernmentLevel.PROVINCIAL
        and office_in_scope(db, actor, office)
    )


def _facts(office: Office) -> dict[str, object]:
    return {
        "status": office.status.value,
        "approval_reference": office.approval_reference,
        "approved_on": office.approved_on,
        "approving_government": office.approving_government.code
        if office.approving_government
        else None,
        "established_on": office.established_on,
        "closed_on": office.closed_on,
    }


def _change(db, actor, office, action, reason, apply) -> None:
    if not may_keep_office(db, actor, office):
        raise AdminError(_l("You cannot change this office."), field="reason")
    reason = (reason or "").strip()
    if not reason:
        raise AdminError(_l("Say why you make this change."), field="reason")
    before = _facts(office)
    apply()
    after = _facts(office)
    record_change(
        db,
        actor,
        action,
        office,
        government_id=office.host_province_id,
        before={k: v for k, v in before.items() if v != after[k]},
        after={k: v for k, v in after.items() if v != before[k]},
        reason=reason,
    )
    db.flush()


def record_approval(
    db: Session,
    actor: Account,
    office: Office,
    *,
    reference: str,
    approved_on: date,
    approving: Government,
    reason: str,
    today: date,
) -> None:
    """Record the approval (reference, date, approving government); an office pending approval
    starts operating. Raises AdminError."""
    reference = (reference or "").strip()
    if not reference:
        raise AdminError(_l("The approval reference is needed."), field="reference")
    if approved_on > today:
        raise AdminError(_l("The date cannot be in the future."), field="approved_on")
    if office.status is OfficeStatus.CLOSED:
        raise AdminError(_l("This office is closed."), field="reason")

    def apply():
        office.approval_reference = reference[:100]
        office.approved_on = approved_on
        office.approving_government = approving
        if office.status is OfficeStatus.PENDING_APPROVAL:
            office.status = OfficeStatus.OPERATING
            office.established_on = office.established_on or approved_on

    _change(db, actor, office, "office_approved", reason, apply)


def record_closing(db: Session, actor: Account, office: Office, *, reason: str) -> None:
    """The office is being closed (it still operates meanwhile). Raises AdminError."""
    if office.status not in (OfficeStatus.OPERATING, OfficeStatus.PENDING_APPROVAL):
        raise AdminError(_l("Only an operating office can start closing."), field="reason")

    def apply():
        office.status = OfficeStatus.CLOSING

    _change(db, actor, office, "office_closing", reason, apply)


def record_closure(
    db: Session, actor: Account, office: Office, *, closed_on: date, reason: str, today: date
) -> None:
    """The office is closed on this date. Raises AdminError."""
    if office.status is OfficeStatus.CLOSED:
        raise AdminError(_l("This office is closed."), field="reason")
    if closed_on > today:
        raise AdminError(_l("The date cannot be in the future."), field="closed_on")
    if office.established_on and closed_on < office.established_on:
        raise AdminError(_l("An office cannot close before it was established."), field="closed_on")

    def apply():
        office.status = OfficeStatus.CLOSED
        office.closed_on = closed_on

    _change(db, actor, office, "office_closed", reason, apply)
