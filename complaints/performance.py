"""Response statistics per supervising government and per office, per year (issue 16 item 14).

What FixMyStreet's per-body statistics give their users: for each government that leads
complaints (the supervisors' queue's `primary_government_id`) and for each listed office, the
complaints received in a year (China calendar year of submission), how many were acknowledged
within 15 days and resolved by their deadline (60 days, or as extended), the median days to
acknowledge and to resolve, the upheld share of the closed ones and how many are overdue now.

The figures come from the queue's own data and rules: `deadlines.met_deadline` (a deadline counts
once it has passed or has been met, as on /complaints/stats) and `scope.overdue_clause` (the
queue's "overdue"). Aggregates only: no complaint's text, reference or complainant.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from complaints.deadlines import elapsed_days, met_deadline
from complaints.models import Complaint, ComplaintOutcome
from complaints.scope import overdue_clause
from portal.clock import china_day
from portal.models import Government, Office

BY_GOVERNMENT, BY_OFFICE = "government", "office"
COLUMNS = (
    "received",
    "acknowledged_in_time",
    "acknowledged_share",
    "resolved_in_time",
    "resolved_share",
    "median_days_to_acknowledge",
    "median_days_to_resolve",
    "upheld_share",
    "overdue_now",
)
"""Every figure of a row, in table order; each is a sort key."""


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    """The figures of one government or office in one year."""

    received: int = 0
    acknowledged_in_time: int = 0
    acknowledgement_counted: int = 0  # deadline passed or met
    resolved_in_time: int = 0
    resolution_counted: int = 0
    closed: int = 0
    upheld: int = 0
    overdue_now: int = 0
    days_to_acknowledge: list[float] = field(default_factory=list)
    days_to_resolve: list[float] = field(default_factory=list)

    def add(self, row, today: date) -> None:
        """Count one complaint (a row of `_facts`)."""
        self.received += 1
        if row.acknowledged_at is not None:
            self.days_to_acknowledge.append(elapsed_days(row.submitted_at, row.acknowledged_at))
        if (met := met_deadline(row.acknowledged_at, row.acknowledge_due_on, today)) is not None:
            self.acknowledgement_counted += 1
            self.acknowledged_in_time += met
        if row.closed_at is not None:
            self.closed += 1
            self.upheld += row.outcome == ComplaintOutcome.UPHELD
            self.days_to_resolve.append(elapsed_days(row.submitted_at, row.closed_at))
        if (met := met_deadline(row.closed_at, row.resolve_due_on, today)) is not None:
            self.resolution_counted += 1
            self.resolved_in_time += met
        self.overdue_now += bool(row.overdue)

    @property
    def acknowledged_share(self) -> float | None:
        return _share(self.acknowledged_in_time, self.acknowledgement_counted)

    @property
    def resolved_share(self) -> float | None:
        return _share(self.resolved_in_time, self.resolution_counted)

    @property
    def upheld_share(self) -> float | None:
        return _share(self.upheld, self.closed)

    @property
    def median_days_to_acknowledge(self) -> float | None:
        days = self.days_to_acknowledge
        return round(median(days), 1) if days else None

    @property
    def median_days_to_resolve(self) -> float | None:
        return round(median(self.days_to_resolve), 1) if self.days_to_resolve else None

    def as_dict(self) -> dict:
        """The figures as JSON and CSV give them (plus the denominators of the shares)."""
        values = {name: getattr(self, name) for name in COLUMNS}
        values["acknowledgement_counted"] = self.acknowledgement_counted
        values["resolution_counted"] = self.resolution_counted
        values["closed"] = self.closed
        values["upheld"] = self.upheld
        return values


@dataclass
class Row:
    """One line of a table: a government or an office (`subject`), or a year."""

    subject: Government | Office | None
    year: int
    figures: Figures


def _facts(db: Session, today: date, *where):
    overdue = case((overdue_clause(today), 1), else_=0).label("overdue")
    return db.execute(
        select(
            Complaint.primary_government_id,
            Complaint.office_id,
            Complaint.submitted_at,
            Complaint.acknowledged_at,
            Complaint.closed_at,
            Complaint.acknowledge_due_on,
            Complaint.resolve_due_on,
            Complaint.outcome,
            overdue,
        ).where(*where)
    ).all()


def years_with_complaints(db: Session, today: date) -> list[int]:
    """The years that have complaints, and this year, newest first."""
    years = {china_day(at).year for at in db.scalars(select(Complaint.submitted_at))}
    return sorted(years | {today.year}, reverse=True)


def table(db: Session, by: str, year: int, today: date) -> list[Row]:
    """One row per government leading complaints (or per listed office) filed in `year`.

    Unlisted offices have no row in the office table; their complaints count for the
    government that leads them.
    """
    key = "primary_government_id" if by == BY_GOVERNMENT else "office_id"
    groups: dict[int, Figures] = defaultdict(Figures)
    for row in _facts(db, today):
        if china_day(row.submitted_at).year == year and getattr(row, key) is not None:
            groups[getattr(row, key)].add(row, today)
    model = Government if by == BY_GOVERNMENT else Office
    subjects = {s.id: s for s in db.scalars(select(model).where(model.id.in_(list(groups))))}
    return [Row(subjects[subject_id], year, figures) for subject_id, figures in groups.items()]


def history(db: Session, subject: Government | Office, today: date) -> list[Row]:
    """One row per year (newest first) for one government (the complaints it leads now) or
    one office."""
    if isinstance(subject, Government):
        where = Complaint.primary_government_id == subject.id
    else:
        where = Complaint.office_id == subject.id
    years: dict[int, Figures] = defaultdict(Figures)
    for row in _facts(db, today, where):
        years[china_day(row.submitted_at).year].add(row, today)
    return [Row(subject, year, years[year]) for year in sorted(years, reverse=True)]


def sort_rows(rows: list[Row], column: str, descending: bool, name) -> list[Row]:
    """Rows sorted by a figure (no figure last, whatever the order), ties by name; or by name
    when `column` is "name". `name` gives a subject's display name."""
    if column not in COLUMNS:
        return sorted(rows, key=lambda row: name(row.subject), reverse=descending)
    known = [row for row in rows if getattr(row.figures, column) is not None]
    unknown = [row for row in rows if getattr(row.figures, column) is None]
    known.sort(key=lambda row: name(row.subject))
    known.sort(key=lambda row: getattr(row.figures, column), reverse=descending)
    return known + sorted(unknown, key=lambda row: name(row.subject))
