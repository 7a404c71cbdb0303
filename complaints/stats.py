"""Public statistics of complaints: aggregates only, never a complaint's text or identity."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints.deadlines import elapsed_days, met_deadline
from complaints.models import Complaint, ComplaintOutcome
from portal.clock import CHINA
from portal.models import Government
from portal.oversight.scope import under_the_circular


@dataclass
class ComplaintStats:
    """The numbers on /complaints/stats."""

    total: int = 0
    by_month: list[tuple[str, int]] = field(default_factory=list)
    by_category: dict[str, int] = field(default_factory=dict)
    by_province: list[tuple[Government, int]] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    median_days_to_acknowledge: float | None = None
    median_days_to_resolve: float | None = None
    acknowledged_on_time: tuple[int, int] = (0, 0)  # (on time, deadline passed or acknowledged)
    resolved_on_time: tuple[int, int] = (0, 0)


def _month(column, dialect: str):
    """The China calendar month of an instant, computed in SQL (so the counts group there)."""
    if dialect == "postgresql":
        return func.to_char(func.timezone(CHINA.key, column), "YYYY-MM")
    # SQLite has no time zones; China has kept UTC+8 without daylight saving since 1991.
    return func.strftime("%Y-%m", column, "+8 hours")


def complaint_stats(db: Session, today: date) -> ComplaintStats:
    """Counts by month, category, province, status and outcome; medians; shares on time.

    Upheld, partly upheld, not upheld and outside the remit are separate outcomes, never
    added together. A deadline counts once it has passed or has been met.
    """
    stats = ComplaintStats()
    dialect = db.get_bind().dialect.name
    month = _month(Complaint.submitted_at, dialect).label("month")
    stats.by_month = [
        (row.month, row.n)
        for row in db.execute(
            select(month, func.count().label("n")).group_by(month).order_by(month)
        )
    ]
    stats.total = sum(n for _month_label, n in stats.by_month)
    for column, target in (
        (Complaint.category, stats.by_category),
        (Complaint.status, stats.by_status),
        (Complaint.outcome, stats.by_outcome),
    ):
        for value, count in db.execute(select(column, func.count()).group_by(column)):
            if value is not None:
                target[value.value] = count
    province_counts = db.execute(
        select(Complaint.host_province_id, func.count()).group_by(Complaint.host_province_id)
    ).all()
    governments = {
        g.id: g
        for g in db.scalars(
            select(Government).where(Government.id.in_([pid for pid, _n in province_counts]))
        )
    }
    # Taiwan, Hong Kong and Macao are outside the circular (portal.oversight.scope): no
    # complaint is filed under them as a host province (issue 15 item 1).
    stats.by_province = sorted(
        (
            (governments[pid], n)
            for pid, n in province_counts
            if under_the_circular(governments[pid].code)
        ),
        key=lambda item: item[0].code,
    )
    timings = db.execute(
        select(
            Complaint.submitted_at,
            Complaint.acknowledged_at,
            Complaint.closed_at,
            Complaint.acknowledge_due_on,
            Complaint.resolve_due_on,
        )
    ).all()
    ack_days, resolve_days = [], []
    ack_ok = ack_counted = res_ok = res_counted = 0
    for submitted, acknowledged, closed, ack_due, resolve_due in timings:
        if acknowledged is not None:
            ack_days.append(elapsed_days(submitted, acknowledged))
        if (met := met_deadline(acknowledged, ack_due, today)) is not None:
            ack_counted += 1
            ack_ok += met
        if closed is not None:
            resolve_days.append(elapsed_days(submitted, closed))
        if (met := met_deadline(closed, resolve_due, today)) is not None:
            res_counted += 1
            res_ok += met
    stats.median_days_to_acknowledge = round(median(ack_days), 1) if ack_days else None
    stats.median_days_to_resolve = round(median(resolve_days), 1) if resolve_days else None
    stats.acknowledged_on_time = (ack_ok, ack_counted)
    stats.resolved_on_time = (res_ok, res_counted)
    for outcome in ComplaintOutcome:
        stats.by_outcome.setdefault(outcome.value, 0)
    return stats


def complaints_by_province(db: Session, today: date) -> dict[str, tuple[int, int]]:
    """Per host province's division code: (complaints received, resolved within the deadline).

    Registered with the national summary (portal.oversight), which cannot import complaints.
    """
    rows = db.execute(
        select(Government.code, Complaint.closed_at, Complaint.resolve_due_on).join(
            Government, Government.id == Complaint.host_province_id
        )
    ).all()
    counts: dict[str, tuple[int, int]] = {}
    for code, closed_at, resolve_due_on in rows:
        if not under_the_circular(code):
            continue  # Taiwan, Hong Kong, Macao: not applicable (issue 15 item 1)
        received, in_time = counts.get(code, (0, 0))
        on_time = closed_at is not None and met_deadline(closed_at, resolve_due_on, today)
        counts[code] = (received + 1, in_time + int(on_time))
    return counts
