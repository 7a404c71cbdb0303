"""Deadline reminders (issue 16 item 9): 3 days before each deadline and when it has passed.

Each open complaint has two deadlines (deadlines.py): acknowledgement, while it is still
submitted, and resolution, while it is open. A reminder goes through the outbox

- "soon": 3 days before the deadline (scope.SOON_DAYS, the queue's "due within 3 days"), or
  the first run after that up to the deadline day itself;
- "passed": on the day after the deadline day, the first day the queue counts it overdue
  (scope.overdue_clause), or the first run in the CATCH_UP_DAYS after it.

So a run missed for a day or two still reminds, while deadlines passed longer ago are not
reminded at all (a first run on old data sends no flood). What
was sent is recorded (`ComplaintReminder`, one per complaint, deadline, stage and due day): a
second run the same day, or the next day, sends nothing again; an extended deadline is a new due
day and is reminded afresh.

The reminder goes to the assigned person when they are active and belong to the government that
leads the complaint, otherwise to that government's inbox (`contact_email`). No recipient: nothing
is sent and nothing recorded. An account that chose the daily digest (`ReminderPreference`) gets
one message per run listing its reminders. Messages name the reference and the day, never the
complaint's text or the complainant.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from complaints import outbox
from complaints.models import (
    Complaint,
    ComplaintReminder,
    ComplaintStatus,
    ReminderPreference,
)
from complaints.scope import SOON_DAYS
from portal.clock import china_day
from portal.models import Account, Government

CATCH_UP_DAYS = 2  # a window's first day and the two after it
ACKNOWLEDGE, RESOLVE = "acknowledge", "resolve"
SOON, PASSED = "soon", "passed"

_WORDS = {
    (ACKNOWLEDGE, SOON): ("受理期限将至", "acknowledgement due"),
    (ACKNOWLEDGE, PASSED): ("受理期限已过", "acknowledgement overdue"),
    (RESOLVE, SOON): ("办结期限将至", "resolution due"),
    (RESOLVE, PASSED): ("办结期限已过", "resolution overdue"),
}


@dataclass(frozen=True)
class Due:
    """One reminder owed: which complaint, which deadline, which stage, which day."""

    complaint: Complaint
    deadline: str
    stage: str
    due_on: date

    def line(self) -> str:
        zh, en = _WORDS[(self.deadline, self.stage)]
        day = self.due_on.isoformat()
        return f"{self.complaint.reference}：{zh}（{day}）/ {en} ({day})"


def stage_on(due_on: date, today: date) -> str | None:
    """Which reminder a deadline owes today: "soon", "passed" or none (a pure rule)."""
    if due_on - timedelta(days=SOON_DAYS) <= today <= due_on:
        return SOON
    passed_from = due_on + timedelta(days=1)
    if passed_from <= today <= passed_from + timedelta(days=CATCH_UP_DAYS):
        return PASSED
    return None


def owed(complaint: Complaint, today: date) -> list[Due]:
    """The reminders an open complaint owes today, whether or not already sent."""
    deadlines = [(RESOLVE, complaint.resolve_due_on)]
    if complaint.status == ComplaintStatus.SUBMITTED:
        deadlines.insert(0, (ACKNOWLEDGE, complaint.acknowledge_due_on))
    result = []
    for deadline, due_on in deadlines:
        stage = stage_on(due_on, today)
        if stage is not None:
            result.append(Due(complaint, deadline, stage, due_on))
    return result


def _recipient(db: Session, complaint: Complaint) -> tuple[str | None, Account | None]:
    """(address, account): the active assignee of the leading government, else its inbox."""
    assignee = complaint.assignee
    if (
        assignee is not None
        and assignee.active
        and assignee.government_id == complaint.primary_government_id
    ):
        return assignee.email, assignee
    government = db.get(Government, complaint.primary_government_id)
    return (government.contact_email or None) if government else None, None


def _candidates(db: Session, today: date):
    low = today - timedelta(days=CATCH_UP_DAYS + 1)
    high = today + timedelta(days=SOON_DAYS)
    return db.scalars(
        select(Complaint)
        .where(
            Complaint.status != ComplaintStatus.CLOSED,
            or_(
                and_(
                    Complaint.status == ComplaintStatus.SUBMITTED,
                    Complaint.acknowledge_due_on.between(low, high),
                ),
                Complaint.resolve_due_on.between(low, high),
            ),
        )
        .order_by(Complaint.id)
    )


def _already_sent(db: Session, due: Due) -> bool:
    return (
        db.scalar(
            select(ComplaintReminder.id).where(
                ComplaintReminder.complaint_id == due.complaint.id,
                ComplaintReminder.deadline == due.deadline,
                ComplaintReminder.stage == due.stage,
                ComplaintReminder.due_on == due.due_on,
            )
        )
        is not None
    )


def _wants_digest(db: Session, account: Account | None) -> bool:
    if account is None:
        return False
    preference = db.get(ReminderPreference, account.id)
    return bool(preference and preference.daily_digest)


def wants_daily_digest(db: Session, account: Account) -> bool:
    """Whether the account gets its reminders as one daily message (the queue's setting)."""
    return _wants_digest(db, account)


def set_daily_digest(db: Session, account: Account, digest: bool) -> None:
    """Record the account's choice: one daily digest, or each reminder on its own. Flushes."""
    preference = db.get(ReminderPreference, account.id)
    if preference is None:
        preference = ReminderPreference(account_id=account.id)
        db.add(preference)
    preference.daily_digest = digest
    db.flush()


def send_deadline_reminders(db: Session, now: datetime) -> int:
    """Queue today's deadline reminders; returns how many messages went to the outbox.

    Idempotent: every reminder queued is recorded, and a recorded one is never queued again.
    Flushes; never commits (the caller, a job or a command, commits).
    """
    today = china_day(now)
    single: list[tuple[str, Due]] = []
    digests: dict[str, list[Due]] = defaultdict(list)
    for complaint in _candidates(db, today):
        for due in owed(complaint, today):
            if _already_sent(db, due):
                continue
            address, account = _recipient(db, complaint)
            if not address:
                continue
            if _wants_digest(db, account):
                digests[address].append(due)
            else:
                single.append((address, due))
            db.add(
                ComplaintReminder(
                    complaint_id=complaint.id,
                    deadline=due.deadline,
                    stage=due.stage,
                    due_on=due.due_on,
                    sent_at=now,
                )
            )
    for address, due in single:
        zh, en = _WORDS[(due.deadline, due.stage)]
        outbox.queue_notification(
            db,
            due.complaint,
            address,
            f"{zh} {en.capitalize()} {due.complaint.reference}",
            f"{due.line()}\n请登录门户网站处理。Sign in to the portal to handle it.",
            template="deadline_reminder",
        )
    for address, dues in digests.items():
        lines = "\n".join(due.line() for due in dues)
        outbox.queue_notification(
            db,
            None,
            address,
            f"今日期限提醒 Today's deadline reminders ({len(dues)})",
            f"{lines}\n请登录门户网站处理。Sign in to the portal to handle them.",
            template="deadline_digest",
        )
    db.flush()
    return len(single) + len(digests)
