"""The register kept on the web: an office's approval, closing and closure, recorded by the
province that supervises it. Add and flush, never commit; each change audited; the findings
follow by themselves (the findings outbox sees every change to an office)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.accounts import AdminError
from admin.audit import record_change
from portal.models import (
    Account,
    Government,
    GovernmentLevel,
    Office,
    OfficeKind,
    OfficeStatus,
    Role,
)
from portal.oversight.supervision import office_in_scope
from portal.queries import government_subtree


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


def may_record_office(db: Session, actor: Account | None, establishing: Government, host) -> bool:
    """Who may record a new office: an administrator, or a provincial supervisor whose scope
    would hold it (set up by a government below it, or in its own capital)."""
    if actor is None:
        return False
    if actor.role is Role.ADMIN:
        return True
    government = actor.government
    if actor.role is not Role.SUPERVISOR or government is None:
        return False
    if government.level != GovernmentLevel.PROVINCIAL:
        return False
    return host.id == government.id or establishing.id in set(
        db.scalars(government_subtree(government.id))
    )


def _new_slug(db: Session, establishing: Government, host: Government, department: str) -> str:
    """The demo's shape: <code>-<gov|dept>-in-<capital>, numbered when taken."""
    capital = (host.capital_en or host.name_en or host.code).lower()
    city = re.sub(r"[^a-z0-9]+", "-", capital).strip("-") or host.code
    base = f"{establishing.code}-{'dept' if department else 'gov'}-in-{city}"[:110]
    taken = set(db.scalars(select(Office.slug).where(Office.slug.startswith(base))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@dataclass(frozen=True)
class NewOffice:
    """What the form holds for a new office (names may be empty: they are made up)."""

    establishing: Government
    host: Government
    department_zh: str = ""
    department_en: str = ""
    kind: OfficeKind = OfficeKind.STANDING
    mission_ends_on: date | None = None
    established_on: date | None = None
    address: str = ""
    phone: str = ""


def record_new_office(
    db: Session, actor: Account, new: NewOffice, *, reason: str, today: date
) -> Office:
    """Record a new office as pending approval (its findings follow, R4 among them). Raises
    AdminError. Adds and flushes, never commits."""
    establishing, host = new.establishing, new.host
    if host.level != GovernmentLevel.PROVINCIAL or not host.capital_zh:
        raise AdminError(_l("The host must be a province with a capital."), field="host")
    if establishing.level == GovernmentLevel.NATIONAL:
        raise AdminError(_l("A local government sets up an office."), field="establishing")
    if not may_record_office(db, actor, establishing, host):
        raise AdminError(_l("You cannot record an office for these governments."), field="host")
    if new.established_on and new.established_on > today:
        raise AdminError(_l("The date cannot be in the future."), field="established_on")
    if new.kind is OfficeKind.SPECIAL_MISSION and new.mission_ends_on is None:
        raise AdminError(_l("A special mission has an end date."), field="mission_ends_on")
    if not (reason or "").strip():
        raise AdminError(_l("Say why you make this change."), field="reason")
    department_zh, department_en = new.department_zh.strip(), new.department_en.strip()
    who_zh = establishing.name_zh + (department_zh or "人民政府")
    gov_en = establishing.name_en or establishing.name_zh
    who_en = f"{gov_en} {department_en or 'Government'}"
    office = Office(
        slug=_new_slug(db, establishing, host, department_zh),
        name_zh=f"{who_zh}驻{host.capital_zh}办事处"[:200],
        name_en=f"{who_en} Office in {host.capital_en or host.capital_zh}"[:300],
        establishing_government=establishing,
        department_zh=department_zh[:200] or None,
        department_en=department_en[:300] or None,
        host_province=host,
        kind=new.kind,
        mission_ends_on=new.mission_ends_on if new.kind is OfficeKind.SPECIAL_MISSION else None,
        status=OfficeStatus.PENDING_APPROVAL,
        established_on=new.established_on,
        address=new.address.strip()[:300] or None,
        phone=new.phone.strip()[:50] or None,
    )
    db.add(office)
    db.flush()
    record_change(
        db,
        actor,
        "office_recorded",
        office,
        government_id=office.host_province_id,
        after=_facts(office) | {"establishing_government": establishing.code, "slug": office.slug},
        reason=reason.strip(),
    )
    db.flush()
    return office
