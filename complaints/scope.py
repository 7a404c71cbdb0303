"""Which complaints an account may see, and on which it may act (everything else is a 404)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintRoute,
    ComplaintStatus,
    ComplaintTag,
    RouteRole,
)
from complaints.queries import government_facts, like_pattern
from complaints.routing import forbidden_establishers, may_receive
from portal.models import Account, Government, Office, Role
from portal.queries import government_subtree


class Access(enum.IntEnum):
    """What an account may do with one complaint; higher includes lower."""

    NONE = 0
    READ = 1  # a provincial supervisor over a lower government's complaint; an administrator
    CONTRIBUTE = 2  # a copied government: read (with contact details), tag, note
    ACT = 3  # the primary government, or the national office: every action


def sees_personal_data(access: Access) -> bool:
    """Whether an account with `access` sees what identifies the complainant: the contact
    details and the attachments (and their names). The governments the complaint is routed
    to, and national accounts; not a government above them reading along, not an
    administrator."""
    return access >= Access.CONTRIBUTE


def _routed_to(government_ids):
    return exists().where(
        ComplaintRoute.complaint_id == Complaint.id,
        ComplaintRoute.active.is_(True),
        ComplaintRoute.government_id.in_(government_ids),
    )


def _forbidden(db: Session, account: Account) -> frozenset[int]:
    """The governments whose offices' complaints the account's government may never see
    (routing.forbidden_establishers: its own, and those of every government above it)."""
    government = db.get(Government, account.government_id) if account.government_id else None
    return forbidden_establishers(government_facts(db, government)) if government else frozenset()


def visible_complaints(db: Session, account: Account) -> Select:
    """A select of the complaints the account may see (its queue, before filters).

    National and administrator accounts see all; a supervisor sees those actively routed
    to its government (primary or copied) and, read-only, those routed to governments
    below it. Other roles see none. Nobody sees a complaint about an office set up by its
    own government or one above it (routing.forbidden_establishers), national accounts included.
    """
    query = select(Complaint)
    forbidden = _forbidden(db, account)
    if forbidden:
        query = query.where(
            ~Complaint.office.has(Office.establishing_government_id.in_(sorted(forbidden)))
        )
    if account.role in (Role.NATIONAL, Role.ADMIN):
        return query
    if account.role != Role.SUPERVISOR or account.government_id is None:
        return query.where(Complaint.id.is_(None))
    return query.where(_routed_to(government_subtree(account.government_id)))


def access_to(db: Session, account: Account | None, complaint: Complaint) -> Access:
    """What `account` may do with `complaint` (see Access).

    NONE for an account of the government that set up the office, or of one below it
    (routing.may_receive), whatever its role or routes.
    """
    if account is None:
        return Access.NONE
    if complaint.office is not None and account.government_id is not None:
        government = db.get(Government, account.government_id)
        facts = government_facts(db, government)
        if not may_receive(complaint.office.establishing_government_id, facts):
            return Access.NONE
    if account.role == Role.NATIONAL:
        return Access.ACT
    if account.role == Role.ADMIN:
        return Access.READ
    if account.role != Role.SUPERVISOR or account.government_id is None:
        return Access.NONE
    active = [route for route in complaint.routes if route.active]
    for route in active:
        if route.government_id == account.government_id:
            return Access.ACT if route.primary else Access.CONTRIBUTE
    # Its own government's routes were looked at above; any other route in its subtree is below.
    below = set(db.scalars(government_subtree(account.government_id)))
    if any(route.government_id in below for route in active):
        return Access.READ
    return Access.NONE


def colleagues(db: Session, account: Account) -> list[Account]:
    """Active supervisor and national accounts of the account's government (assignees)."""
    return list(
        db.scalars(
            select(Account)
            .where(
                and_(
                    Account.government_id == account.government_id,
                    Account.active.is_(True),
                    or_(Account.role == Role.SUPERVISOR, Account.role == Role.NATIONAL),
                )
            )
            .order_by(Account.email)
        )
    )


SOON_DAYS = 3  # "due within 3 days": the next deadline is today or in the next three days


@dataclass
class QueueFilters:
    """The queue's filters, as read from the query string (empty: no filter)."""

    status: str = ""
    category: str = ""
    office: str = ""  # part of an office's name (either language), or its slug
    overdue: bool = False
    assignee: str = ""  # an account id, or "none"
    tag: str = ""


def effective_due():
    """The next deadline of a complaint: acknowledgement while submitted, else resolution."""
    return case(
        (Complaint.status == ComplaintStatus.SUBMITTED, Complaint.acknowledge_due_on),
        else_=Complaint.resolve_due_on,
    )


def overdue_clause(today: date):
    """Open complaints with a deadline before `today` (acknowledgement or resolution)."""
    return and_(
        Complaint.status != ComplaintStatus.CLOSED,
        or_(
            and_(
                Complaint.status == ComplaintStatus.SUBMITTED,
                Complaint.acknowledge_due_on < today,
            ),
            Complaint.resolve_due_on < today,
        ),
    )


def filtered_queue(db: Session, account: Account, filters: QueueFilters, today: date) -> Select:
    """The account's visible complaints with the filters applied, the nearest deadline first."""
    query = visible_complaints(db, account)
    if filters.status in {s.value for s in ComplaintStatus}:
        query = query.where(Complaint.status == ComplaintStatus(filters.status))
    if filters.category in {c.value for c in ComplaintCategory}:
        query = query.where(Complaint.category == ComplaintCategory(filters.category))
    if filters.office:
        # By name (either language, any part) or by the slug of its address.
        pattern = like_pattern(filters.office)
        query = query.where(
            or_(
                Complaint.office.has(Office.slug == filters.office),
                Complaint.office.has(Office.name_zh.ilike(pattern, escape="\\")),
                Complaint.office.has(Office.name_en.ilike(pattern, escape="\\")),
                Complaint.unlisted_office_name.ilike(pattern, escape="\\"),
            )
        )
    if filters.overdue:
        query = query.where(overdue_clause(today))
    if filters.assignee == "none":
        query = query.where(Complaint.assignee_id.is_(None))
    elif filters.assignee.isdigit():
        query = query.where(Complaint.assignee_id == int(filters.assignee))
    if filters.tag:
        query = query.where(
            exists().where(
                ComplaintTag.complaint_id == Complaint.id,
                ComplaintTag.tag == filters.tag.strip().lower(),
            )
        )
    closed_last = case((Complaint.status == ComplaintStatus.CLOSED, 1), else_=0)
    return query.order_by(closed_last, effective_due(), Complaint.id)


def queue_counts(db: Session, account: Account, today: date) -> tuple[int, int]:
    """(overdue, due within 3 days) among the complaints the account may see."""
    visible = visible_complaints(db, account).with_only_columns(Complaint.id).subquery()
    base = select(func.count()).select_from(Complaint).where(Complaint.id.in_(select(visible)))
    overdue = db.scalar(base.where(overdue_clause(today))) or 0
    soon = (
        db.scalar(
            base.where(
                Complaint.status != ComplaintStatus.CLOSED,
                ~overdue_clause(today),
                effective_due() <= today + timedelta(days=SOON_DAYS),
            )
        )
        or 0
    )
    return overdue, soon


def copied_here(db: Session, account: Account, complaint_ids: list[int]) -> set[int]:
    """Which of these complaints the account's government only receives a copy of ("for
    information", issue 16 item 7): one query."""
    if account.government_id is None or not complaint_ids:
        return set()
    return set(
        db.scalars(
            select(ComplaintRoute.complaint_id).where(
                ComplaintRoute.complaint_id.in_(complaint_ids),
                ComplaintRoute.government_id == account.government_id,
                ComplaintRoute.role == RouteRole.COPY,
                ComplaintRoute.active.is_(True),
            )
        )
    )
