"""Shared oversight helpers: China's calendar day, supervisory scope, and the named error."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased

from portal.database import utcnow
from portal.models import Account, Government, GovernmentLevel, Office, Role

CHINA = ZoneInfo("Asia/Shanghai")


class OversightError(Exception):
    """A request the rules do not allow; `field` names the form field it concerns (or None)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def china_day(instant: datetime | None = None) -> date:
    """The calendar day in China at an instant (now by default): deadlines are China days."""
    return (instant or utcnow()).astimezone(CHINA).date()


def subtree_ids(government_id: int) -> Select:
    """The ids of a government and every government below it (at most three levels down)."""
    child = aliased(Government)
    grandchild = aliased(Government)
    great = aliased(Government)
    return (
        select(great.id)
        .join(grandchild, great.parent_id == grandchild.id, isouter=False)
        .join(child, grandchild.parent_id == child.id)
        .where(child.parent_id == government_id)
        .union(
            select(grandchild.id)
            .join(child, grandchild.parent_id == child.id)
            .where(child.parent_id == government_id),
            select(child.id).where(child.parent_id == government_id),
            select(Government.id).where(Government.id == government_id),
        )
    )


def scope_condition(government: Government):
    """Offices a government supervises: established by it or below it, or hosted in its province."""
    condition = Office.establishing_government_id.in_(subtree_ids(government.id))
    if government.level == GovernmentLevel.PROVINCIAL:
        condition = or_(condition, Office.host_province_id == government.id)
    return condition


def office_in_scope(db: Session, account: Account | None, office: Office) -> bool:
    """Whether the account's government may inspect this office (national accounts: all)."""
    if account is None or account.government is None:
        return False
    if account.role not in (Role.SUPERVISOR, Role.NATIONAL, Role.ADMIN):
        return False
    statement = select(Office.id).where(Office.id == office.id, scope_condition(account.government))
    return db.scalar(statement) is not None


def offices_in_scope(db: Session, account: Account, limit: int = 2000) -> list[Office]:
    """The offices the account's government supervises, by name (for the inspection form)."""
    if account.government is None:
        return []
    return list(
        db.scalars(
            select(Office)
            .where(scope_condition(account.government))
            .order_by(Office.name_zh, Office.id)
            .limit(limit)
        )
    )


def province_of(db: Session, government: Government) -> Government | None:
    """The provincial government at or above a government."""
    current: Government | None = government
    while current is not None and current.level != GovernmentLevel.PROVINCIAL:
        current = current.parent
    return current
