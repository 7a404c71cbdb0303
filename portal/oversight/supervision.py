"""Who supervises what: a government's scope over offices, the access rules of the supervisors'
pages, and `OversightError`, the refusal every oversight service raises."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.errors import PortalError
from portal.models import Account, Government, GovernmentLevel, Office, Role
from portal.oversight.models import ApprovalApplication, Inspection, InspectionStatus
from portal.queries import government_subtree

SUPERVISING_ROLES = (Role.SUPERVISOR, Role.NATIONAL, Role.ADMIN)
"""The roles of the supervisors' pages; they record inspections within their government's scope."""

MAX_SCOPE_CHOICES = 2000
"""The most offices the inspection form lists (the largest province supervises a few hundred)."""


class OversightError(PortalError):
    """A request the oversight rules do not allow; `field` names the form field it concerns."""


def scope_condition(government: Government):
    """Offices a government supervises: set up by it or any government below it, or (for a
    province) hosted in its capital. The national government's subtree is every government."""
    condition = Office.establishing_government_id.in_(government_subtree(government.id))
    if government.level == GovernmentLevel.PROVINCIAL:
        condition = condition | (Office.host_province_id == government.id)
    return condition


def office_in_scope(db: Session, account: Account | None, office: Office) -> bool:
    """Whether the account's government may inspect this office (one query)."""
    if account is None or account.government is None or account.role not in SUPERVISING_ROLES:
        return False
    statement = select(Office.id).where(Office.id == office.id, scope_condition(account.government))
    return db.scalar(statement) is not None


def offices_in_scope(db: Session, account: Account, limit: int = MAX_SCOPE_CHOICES) -> list[Office]:
    """The offices the account's government supervises, by name (the inspection form's choices)."""
    if account.government is None:
        return []
    return list(
        db.scalars(
            select(Office)
            .where(scope_condition(account.government))
            .order_by(Office.name_sort, Office.name_zh, Office.id)
            .limit(limit)
        )
    )


def may_edit(account: Account | None, inspection: Inspection) -> bool:
    """A draft is seen and changed only by the government that records it; a published
    inspection is never changed."""
    return (
        account is not None
        and account.government_id is not None
        and inspection.status == InspectionStatus.DRAFT
        and inspection.inspecting_government_id == account.government_id
    )


def can_decide(account: Account | None, application: ApprovalApplication) -> bool:
    """Only a supervisor of the host provincial government decides an application."""
    return (
        account is not None
        and account.role == Role.SUPERVISOR
        and account.government_id == application.host_province_id
    )


def may_report_for(account: Account | None, province: Government) -> bool:
    """Only a supervisor of the province itself submits (or corrects) its progress report."""
    return (
        account is not None
        and account.role == Role.SUPERVISOR
        and account.government_id == province.id
        and province.level == GovernmentLevel.PROVINCIAL
    )
