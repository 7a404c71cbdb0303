"""Progress reports: submit a version, count the registry's own figures, compare, track rounds."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from portal.clock import china_day, utcnow
from portal.models import Account, Government, Office
from portal.oversight.models import ProgressReport, ReportingRound
from portal.oversight.scope import under_the_circular
from portal.oversight.supervision import OversightError, may_report_for
from portal.queries import government_subtree, provinces

FIGURES = ("offices_before", "closed", "merged", "kept_with_approval", "remaining")
MAX_COUNT = 100_000
MAX_NARRATIVE = 20_000


class ReportTiming(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_DUE = "not_due"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ReportFigures:
    """The five figures of a report (merged is None when the registry cannot know it)."""

    offices_before: int
    closed: int
    merged: int | None
    kept_with_approval: int
    remaining: int


@dataclass(frozen=True)
class FigureComparison:
    """One figure as reported beside the registry's; `differs` marks every difference."""

    name: str
    reported: int
    registry: int | None

    @property
    def difference(self) -> int | None:
        return None if self.registry is None else self.reported - self.registry

    @property
    def differs(self) -> bool:
        return bool(self.difference)


def check_figures_add_up(figures: ReportFigures) -> None:
    """Refuse figures that cannot all be true, naming the figure at fault (pure).

    Offices kept with approval are among those remaining; and the offices remaining are at
    least those before the clean-up less the ones closed and merged (new offices set up since
    can only add to them). The registry's own figures always pass.
    """
    if figures.kept_with_approval > figures.remaining:
        raise OversightError(
            _l(
                "Offices kept with approval (%(kept)d) cannot be more than the offices remaining"
                " (%(remaining)d).",
                kept=figures.kept_with_approval,
                remaining=figures.remaining,
            ),
            "kept_with_approval",
        )
    left = figures.offices_before - figures.closed - (figures.merged or 0)
    if figures.remaining < left:
        raise OversightError(
            _l(
                "Offices remaining (%(remaining)d) cannot be fewer than the offices before the"
                " clean-up less those closed and merged (%(left)d).",
                remaining=figures.remaining,
                left=left,
            ),
            "remaining",
        )


def submit_report(
    db: Session,
    round_: ReportingRound,
    province: Government,
    figures: ReportFigures,
    narrative: str,
    account: Account,
    correction_reason: str | None = None,
) -> ProgressReport:
    """Submit a province's report for a round, or a correction of it (a new version).

    Only a supervisor of the province submits. The first version needs no reason; every later
    version is a correction and needs one. Earlier versions stay as they were. Raises
    OversightError with the field at fault.
    """
    if not may_report_for(account, province):
        raise OversightError(_l("Only the province's own supervisors submit its report."))
    for name in FIGURES:
        value = getattr(figures, name)
        if value is None or not 0 <= value <= MAX_COUNT:
            raise OversightError(_l("Give a whole number between 0 and 100,000."), name)
    check_figures_add_up(figures)
    if not narrative.strip():
        raise OversightError(_l("Describe the progress in the narrative."), "narrative")
    if len(narrative) > MAX_NARRATIVE:
        raise OversightError(
            _l("The narrative may be at most %(count)d characters long.", count=MAX_NARRATIVE),
            "narrative",
        )
    latest = db.scalar(
        select(func.max(ProgressReport.version)).where(
            ProgressReport.round_id == round_.id, ProgressReport.province_id == province.id
        )
    )
    reason = (correction_reason or "").strip()
    if latest and not reason:
        raise OversightError(
            _l("A report was already submitted: give the reason for the correction."),
            "correction_reason",
        )
    now = utcnow()
    report = ProgressReport(
        round_id=round_.id,
        province_id=province.id,
        version=(latest or 0) + 1,
        offices_before=figures.offices_before,
        closed=figures.closed,
        merged=figures.merged,
        kept_with_approval=figures.kept_with_approval,
        remaining=figures.remaining,
        narrative=narrative.strip(),
        correction_reason=reason if latest else None,
        submitted_at=now,
        submitted_on=china_day(now),
        submitted_by_id=account.id,
    )
    db.add(report)
    db.flush()
    return report


def registry_figures(db: Session, round_: ReportingRound, province: Government) -> ReportFigures:
    """What the registry says for a province's offices over a round's period.

    A province's offices are those established by it or a government below it. "Before" counts
    offices established on or before the baseline day and not closed by it (an office pending
    approval with no establishment date does not exist yet); "closed" those closed after it up
    to the period's end; "kept with approval" and "remaining" count offices open at the
    period's end. The registry records no mergers, so `merged` is None.
    """
    base = (
        select(func.count())
        .select_from(Office)
        .where(Office.establishing_government_id.in_(government_subtree(province.id)))
    )

    def open_on(day: date):
        return and_(
            Office.established_on.is_not(None),
            Office.established_on <= day,
            or_(Office.closed_on.is_(None), Office.closed_on > day),
        )

    before = db.scalar(base.where(open_on(round_.baseline_on))) or 0
    closed = (
        db.scalar(
            base.where(Office.closed_on > round_.baseline_on, Office.closed_on <= round_.period_end)
        )
        or 0
    )
    remaining = db.scalar(base.where(open_on(round_.period_end))) or 0
    kept = (
        db.scalar(
            base.where(
                open_on(round_.period_end),
                Office.approved_on.is_not(None),
                Office.approved_on <= round_.period_end,
            )
        )
        or 0
    )
    return ReportFigures(before, closed, None, kept, remaining)


def compare(report: ProgressReport, registry: ReportFigures) -> list[FigureComparison]:
    """Each reported figure beside the registry's, in the report's order."""
    return [
        FigureComparison(name, getattr(report, name), getattr(registry, name)) for name in FIGURES
    ]


def timing(round_: ReportingRound, first_submitted_on: date | None, today: date) -> ReportTiming:
    """On time (submitted before the due day), late, missing (due and absent), or not yet due."""
    if first_submitted_on is None:
        return ReportTiming.MISSING if today >= round_.due_before else ReportTiming.NOT_DUE
    return ReportTiming.ON_TIME if first_submitted_on < round_.due_before else ReportTiming.LATE


def rounds(db: Session) -> list[ReportingRound]:
    """Every reporting round, the earliest deadline first."""
    return list(db.scalars(select(ReportingRound).order_by(ReportingRound.due_before)))


def round_by_code(db: Session, code: str) -> ReportingRound | None:
    return db.scalar(select(ReportingRound).where(ReportingRound.code == code))


@dataclass(frozen=True)
class ProvinceStatus:
    """One province's standing in a round: its latest version, first submission and timing."""

    province: Government
    latest: ProgressReport | None
    first_submitted_on: date | None
    timing: ReportTiming


def round_overview(db: Session, round_: ReportingRound, today: date) -> list[ProvinceStatus]:
    """Every province's standing in a round, by division code, in two queries; Taiwan, Hong Kong
    and Macao are listed as not applicable (the circular does not address them)."""
    reports = db.scalars(
        select(ProgressReport)
        .where(ProgressReport.round_id == round_.id)
        .order_by(ProgressReport.version)
    )
    latest: dict[int, ProgressReport] = {}
    first: dict[int, date] = {}
    for report in reports:
        latest[report.province_id] = report
        if report.version == 1:
            first[report.province_id] = report.submitted_on
    return [
        ProvinceStatus(
            province,
            latest.get(province.id),
            first.get(province.id),
            timing(round_, first.get(province.id), today)
            if under_the_circular(province.code)
            else ReportTiming.NOT_APPLICABLE,
        )
        for province in provinces(db)
    ]


def report_versions(
    db: Session, round_: ReportingRound, province: Government
) -> list[ProgressReport]:
    """Every version of a province's report for a round, the newest first."""
    return list(
        db.scalars(
            select(ProgressReport)
            .where(ProgressReport.round_id == round_.id, ProgressReport.province_id == province.id)
            .order_by(ProgressReport.version.desc())
        )
    )
