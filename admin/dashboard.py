"""What needs doing, per role: the administration dashboard's read-only, bounded queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from admin.models import ChannelCheck
from disclosures.models import ReceptionStandard
from portal.models import Account, Government, GovernmentLevel, Office, OfficeStatus, Role
from portal.oversight.models import ApplicationStatus, ApprovalApplication
from portal.oversight.reports import ReportTiming, round_overview, rounds
from portal.oversight.scope import under_the_circular
from portal.oversight.supervision import scope_condition
from portal.queries import government_subtree, provinces

WHOLE_COUNTRY = frozenset({Role.ADMIN, Role.NATIONAL})
YEAR = timedelta(days=365)


@dataclass
class Task:
    """One thing that needs doing: a headline with its count, and where to do it."""

    title: object
    count: int
    endpoint: str | None = None
    values: dict = field(default_factory=dict)
    lines: list[tuple[str, str | None, dict]] = field(default_factory=list)
    """(text, endpoint or None, url values) for each item, at most a few."""


def must_report(code: str) -> bool:
    """Taiwan, Hong Kong and Macao are outside the circular: no report, no standard."""
    return under_the_circular(code)


def own_province(account: Account):
    """The account's government when it is a province that must report, else None."""
    government = account.government
    if (
        account.role == Role.SUPERVISOR
        and government is not None
        and government.level == GovernmentLevel.PROVINCIAL
        and must_report(government.code)
    ):
        return government
    return None


def pending_approvals(db: Session, account: Account, today: date) -> Task | None:
    """Applications awaiting a decision: all of them for the whole country, the host
    province's own for its supervisors; None for roles that decide none."""
    statement = select(func.count()).where(ApprovalApplication.status == ApplicationStatus.PENDING)
    if account.role == Role.SUPERVISOR:
        statement = statement.where(ApprovalApplication.host_province_id == account.government_id)
    elif account.role not in WHOLE_COUNTRY:
        return None
    count = db.scalar(statement.select_from(ApprovalApplication))
    overdue = db.scalar(
        statement.select_from(ApprovalApplication).where(
            ApprovalApplication.decision_due_on < today
        )
    )
    task = Task(_l("Applications awaiting a decision"), count, "oversight.approvals")
    if overdue:
        task.lines.append((str(_l("%(count)d past their decision date", count=overdue)), None, {}))
    return task


def reports_due(db: Session, account: Account, today: date, language: str) -> Task | None:
    """Progress reports not yet submitted: the province's own (with the link to submit), or how
    many provinces are missing in each round for the whole country."""
    province = own_province(account)
    if province is None and account.role not in WHOLE_COUNTRY:
        return None
    task = Task(_l("Progress reports not yet submitted"), 0, "oversight.reports")
    for round_ in rounds(db):
        missing = [
            status
            for status in round_overview(db, round_, today)
            if status.latest is None
            and status.timing in (ReportTiming.MISSING, ReportTiming.NOT_DUE)
            and must_report(status.province.code)
        ]
        round_name = round_.name(language)
        if province is not None:
            if any(status.province.id == province.id for status in missing):
                task.count += 1
                task.lines.append(
                    (
                        str(_l("%(round)s: submit your report", round=round_name)),
                        "oversight.submit",
                        {"code": round_.code, "province_code": province.code},
                    )
                )
        elif missing:
            task.count += len(missing)
            task.lines.append(
                (
                    str(
                        _l(
                            "%(round)s: %(count)d provinces have not reported",
                            round=round_name,
                            count=len(missing),
                        )
                    ),
                    None,
                    {},
                )
            )
    return task


def standards_not_published(db: Session, account: Account, today: date, language: str):
    """Provinces with no reception standard for the coming year."""
    province = own_province(account)
    if province is None and account.role not in WHOLE_COUNTRY:
        return None
    year = today.year + 1
    having = set(
        db.scalars(select(ReceptionStandard.province_id).where(ReceptionStandard.year == year))
    )
    wanted = [province] if province is not None else provinces(db)
    missing = [p for p in wanted if must_report(p.code) and p.id not in having]
    task = Task(_l("Reception standards for %(year)d not set", year=year), len(missing))
    endpoint = "admin.standards" if province is not None or account.role is Role.ADMIN else None
    task.lines = [
        (p.name(language), endpoint or "portal.government", {"code": p.code}) for p in missing[:8]
    ]
    return task


def editors_without_an_office(db: Session, account: Account, language: str) -> Task | None:
    """Active editor accounts whose office has closed: they have no office left to keep."""
    if account.role == Role.OFFICE_EDITOR:
        return None
    statement = (
        select(Account)
        .join(Office, Account.office_id == Office.id)
        .where(
            Account.role == Role.OFFICE_EDITOR,
            Account.active.is_(True),
            Office.status == OfficeStatus.CLOSED,
        )
    )
    if account.role not in WHOLE_COUNTRY:
        if account.government is None:
            return None
        statement = statement.where(scope_condition(account.government))
    editors = list(db.scalars(statement.order_by(Account.email).limit(50)))
    task = Task(_l("Editors whose office has closed"), len(editors))
    task.lines = [
        (f"{editor.email} · {editor.office.name(language)}", None, {}) for editor in editors[:8]
    ]
    return task


def channels_not_checked(db: Session, account: Account, today: date, language: str):
    """Governments in the account's care whose complaint channels nobody checked for a year."""
    if account.role is Role.OFFICE_EDITOR:
        return None
    statement = (
        select(Government)
        .outerjoin(ChannelCheck, ChannelCheck.government_id == Government.id)
        .where(or_(ChannelCheck.checked_on.is_(None), ChannelCheck.checked_on < today - YEAR))
    )
    if account.role is Role.NATIONAL:
        statement = statement.where(Government.level == GovernmentLevel.NATIONAL)
    elif account.role is Role.SUPERVISOR:
        if account.government_id is None:
            return None
        statement = statement.where(Government.id.in_(government_subtree(account.government_id)))
    count = db.scalar(select(func.count()).select_from(statement.subquery()))
    first = db.scalars(statement.order_by(Government.code).limit(8))
    task = Task(_l("Complaint channels not checked for a year"), count)
    task.lines = [(g.name(language), "admin.channels", {"code": g.code}) for g in first]
    return task


def tasks_for(db: Session, account: Account, today: date, language: str) -> list[Task]:
    """Everything on the account's dashboard, in the order a person deals with it."""
    tasks = [
        pending_approvals(db, account, today),
        reports_due(db, account, today, language),
        standards_not_published(db, account, today, language),
        editors_without_an_office(db, account, language),
        channels_not_checked(db, account, today, language),
    ]
    return [task for task in tasks if task is not None]
