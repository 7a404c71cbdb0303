"""Rules R8 (progress reports on time) and R11 (rectifications confirmed by a follow-up), pure.

The pure functions take plain facts and return `portal.rules.Finding`s; `check_oversight`
gathers the facts from the database and is registered with the portal's rule checks.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from portal.models import Office, OfficeStatus
from portal.oversight.models import (
    Inspection,
    InspectionResult,
    InspectionStatus,
    ProgressReport,
    ReportingRound,
)
from portal.oversight.queries import published_later
from portal.oversight.scope import under_the_circular
from portal.queries import provinces
from portal.rules import Finding, Severity


@dataclass(frozen=True)
class RectificationFacts:
    """A published inspection that ordered rectification, and whether it was followed up."""

    inspection_id: int
    office_slug: str
    inspected_on: date
    rectification_due_on: date
    followed_up_on: date | None


@dataclass(frozen=True)
class ReportFacts:
    """One province's first report for one round (or none), and the round's deadline."""

    round_code: str
    province_code: str
    province_zh: str
    province_en: str
    due_before: date
    first_submitted_on: date | None


class RectificationStatus(enum.StrEnum):
    """Where an inspection's order to rectify stands under R11."""

    CONFIRMED = "confirmed"
    CONFIRMED_LATE = "confirmed_late"
    PENDING = "pending"
    OVERDUE = "overdue"


def rectification_status(
    due: date, followed_up_on: date | None, today: date
) -> RectificationStatus:
    """R11 for one order: confirmed by a follow-up on or before the deadline, confirmed late,
    pending (no follow-up, the deadline not passed: on the day itself there is still time),
    or overdue. The same boundaries as `rectification_findings`."""
    if followed_up_on is None:
        return RectificationStatus.OVERDUE if today > due else RectificationStatus.PENDING
    if followed_up_on > due:
        return RectificationStatus.CONFIRMED_LATE
    return RectificationStatus.CONFIRMED


def _r11(fact: RectificationFacts, severity: Severity, zh: str, en: str, **facts) -> Finding:
    """An R11 finding about one inspection; its date and deadline are always among the facts."""
    base = {
        "inspection": fact.inspection_id,
        "inspected_on": fact.inspected_on,
        "rectification_due_on": fact.rectification_due_on,
    }
    return Finding("R11", severity, fact.office_slug, zh, en, {**base, **facts})


def rectification_findings(facts: Iterable[RectificationFacts], today: date) -> list[Finding]:
    """R11: a rectification not confirmed by a follow-up inspection on or before its deadline.

    A follow-up is any published inspection of the same office dated after the one that
    ordered rectification. No follow-up once the deadline has passed is a violation; a
    follow-up that came after the deadline stays on record as a warning. On the deadline
    itself there is still time.
    """
    findings = []
    for fact in facts:
        due = fact.rectification_due_on
        followed = fact.followed_up_on
        if followed is None and today > due:
            days = (today - due).days
            findings.append(
                _r11(
                    fact,
                    Severity.VIOLATION,
                    f"{fact.inspected_on.isoformat()} 检查责令整改，整改期限"
                    f" {due.isoformat()} 已过 {days} 天，尚无复查。",
                    f"The inspection of {fact.inspected_on.isoformat()} ordered rectification"
                    f" by {due.isoformat()}; {days} days later there has been no follow-up"
                    " inspection.",
                    days_overdue=days,
                )
            )
        elif followed is not None and followed > due:
            days = (followed - due).days
            findings.append(
                _r11(
                    fact,
                    Severity.WARNING,
                    f"{fact.inspected_on.isoformat()} 检查责令于 {due.isoformat()} 前整改，"
                    f"复查于 {followed.isoformat()} 才进行，晚了 {days} 天。",
                    f"The inspection of {fact.inspected_on.isoformat()} ordered rectification"
                    f" by {due.isoformat()}; the follow-up came {days} days late, on"
                    f" {followed.isoformat()}.",
                    followed_up_on=followed,
                    days_late=days,
                )
            )
    return findings


def _r8(fact: ReportFacts, severity: Severity, zh: str, en: str, **facts) -> Finding:
    """An R8 finding about one province's report for a round (about no office)."""
    base = {"round": fact.round_code, "province": fact.province_code, "due_before": fact.due_before}
    return Finding("R8", severity, None, zh, en, {**base, **facts})


def report_findings(facts: Iterable[ReportFacts], today: date) -> list[Finding]:
    """R8: a province's report for a round submitted late, or missing after the deadline.

    On time means submitted (China time) on a day before `due_before`; a correction does
    not change when the report was first submitted.
    """
    findings = []
    for fact in facts:
        if fact.first_submitted_on is None:
            if today < fact.due_before:
                continue
            findings.append(
                _r8(
                    fact,
                    Severity.VIOLATION,
                    f"{fact.province_zh}未提交{fact.round_code}轮进展报告"
                    f"（应于 {fact.due_before.isoformat()} 前提交）。",
                    f"{fact.province_en} has not submitted its progress report for round"
                    f" {fact.round_code} (due before {fact.due_before.isoformat()}).",
                )
            )
        elif fact.first_submitted_on >= fact.due_before:
            findings.append(
                _r8(
                    fact,
                    Severity.WARNING,
                    f"{fact.province_zh}的{fact.round_code}轮进展报告于"
                    f" {fact.first_submitted_on.isoformat()} 提交，晚于期限"
                    f"（应于 {fact.due_before.isoformat()} 前提交）。",
                    f"{fact.province_en} submitted its progress report for round"
                    f" {fact.round_code} on {fact.first_submitted_on.isoformat()}, late"
                    f" (due before {fact.due_before.isoformat()}).",
                    submitted_on=fact.first_submitted_on,
                )
            )
    return findings


def rectification_facts(
    db: Session, office_ids: list[int] | None = None
) -> list[RectificationFacts]:
    """Every published rectification order of an office that is not closed, with its follow-up.

    One query: the earliest later published inspection of the same office is joined in.
    """
    later = aliased(Inspection)
    statement = (
        select(
            Inspection.id,
            Office.slug,
            Inspection.inspected_on,
            Inspection.rectification_due_on,
            func.min(later.inspected_on),
        )
        .join(Office, Office.id == Inspection.office_id)
        .outerjoin(later, published_later(later))
        .where(
            Inspection.status == InspectionStatus.PUBLISHED,
            Inspection.result == InspectionResult.RECTIFICATION_REQUIRED,
            Office.status != OfficeStatus.CLOSED,
        )
        .group_by(Inspection.id, Office.slug, Inspection.inspected_on)
        .group_by(Inspection.rectification_due_on)
        .order_by(Inspection.id)
    )
    if office_ids is not None:
        statement = statement.where(Inspection.office_id.in_(office_ids))
    return [RectificationFacts(*row) for row in db.execute(statement)]


def report_facts(db: Session, today: date) -> list[ReportFacts]:
    """For every round already due and every province the circular addresses (the 31 of the
    mainland): when its first version was submitted."""
    rounds = list(
        db.scalars(
            select(ReportingRound)
            .where(ReportingRound.due_before <= today)
            .order_by(ReportingRound.due_before)
        )
    )
    if not rounds:
        return []
    province_list = [p for p in provinces(db) if under_the_circular(p.code)]
    firsts = {
        (round_id, province_id): submitted_on
        for round_id, province_id, submitted_on in db.execute(
            select(
                ProgressReport.round_id, ProgressReport.province_id, ProgressReport.submitted_on
            ).where(ProgressReport.version == 1)
        )
    }
    return [
        ReportFacts(
            round_code=round_.code,
            province_code=province.code,
            province_zh=province.name_zh,
            province_en=province.name_en or province.name_zh,
            due_before=round_.due_before,
            first_submitted_on=firsts.get((round_.id, province.id)),
        )
        for round_ in rounds
        for province in province_list
    ]


def check_oversight(db: Session, today: date, office_ids=None) -> list[Finding]:
    """R11 over the offices asked for (all when None) and R8 for the whole registry (None) or
    alone (an empty list: the findings table asks for the findings that name no office).

    Registered with the portal registry; R8 names provinces, not offices, so an office page
    asking for its own findings gets R11 alone, in one query.
    """
    ids = list(office_ids) if office_ids is not None else None
    findings = rectification_findings(rectification_facts(db, ids), today) if ids != [] else []
    if not ids:
        findings += report_findings(report_facts(db, today), today)
    return findings
