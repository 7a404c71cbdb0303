"""Demo oversight data: applications, inspections and two reporting rounds (invented, deterministic).

Registered as demo step 40 ("oversight"); it runs after the portal's offices exist. Every row is
matched by a natural key first, so a second run adds nothing and changes nothing.
"""

from __future__ import annotations

import random
import zlib
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from portal.clock import CHINA
from portal.models import Account, Government, Office, OfficeKind, OfficeStatus
from portal.oversight.approvals import decision_deadline
from portal.oversight.models import (
    ApplicationPurpose,
    ApplicationStatus,
    ApprovalApplication,
    Inspection,
    InspectionResult,
    InspectionStatus,
    ProgressReport,
    ReportingRound,
)
from portal.oversight.reports import registry_figures
from portal.queries import provinces

ROUNDS = [
    (
        "2015",
        "2015年清理规范进展报告",
        "2015 progress reports",
        date(2015, 11, 30),
        date(2015, 12, 1),
    ),
    (
        "2016",
        "2016年清理规范进展报告",
        "2016 progress reports",
        date(2016, 11, 30),
        date(2016, 12, 1),
    ),
]
BASELINE = date(2015, 3, 16)
INSPECTIONS = {"small": 40, "full": 300}
REFUSED = {"small": 4, "full": 20}
OUTSIDE_MAINLAND = ("71", "81", "82")

FINDINGS = {
    InspectionResult.COMPLIANT: (
        "经现场检查，该办事机构职能已按通知要求调整，接待经费公开，未发现超标准接待。\n\n"
        "*English summary:* functions adjusted as the circular requires; reception spending is "
        "published; no reception above the standard was found."
    ),
    InspectionResult.RECTIFICATION_REQUIRED: (
        "检查发现：\n\n* 2015年度接待预算未公开；\n* 部分接待超出住宿标准。\n\n"
        "责令限期整改，并报送整改情况。\n\n*English summary:* the 2015 reception budget was not "
        "published and some receptions exceeded the accommodation cap; rectify by the deadline."
    ),
    InspectionResult.ORDERED_TO_CLOSE: (
        "该办事机构属于通知要求撤销的机构，检查时仍在运行。责令撤销，并停止一切接待活动。\n\n"
        "*English summary:* the circular requires this office to close, and it was still "
        "operating; it is ordered to close and to stop all receptions."
    ),
}
REFUSAL_REASONS = (
    "申请单位在本省会已设有办事机构，不符合“一地一处”的要求。"
    " (The applicant already keeps an office in this capital: one office per capital.)"
)
APPROVAL_REASONS = (
    "申请理由充分，职能符合通知要求。 (The reasons are sound and the functions fit the circular.)"
)


def _instant(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CHINA).astimezone(UTC)


def load_oversight_demo(db: Session, scale: str, progress) -> None:
    """Add the rounds, reports, applications and inspections the demo does not have yet."""
    seed = f"oversight-{scale}"
    rng = random.Random(seed)
    mainland = [p for p in provinces(db) if not p.code.startswith(OUTSIDE_MAINLAND)]
    supervisors = {
        a.government_id: a
        for a in db.scalars(
            select(Account).where(Account.role == "supervisor").order_by(Account.id)
        )
    }
    offices = list(
        db.scalars(
            select(Office).options(joinedload(Office.establishing_government)).order_by(Office.id)
        )
    )
    rounds = _rounds(db)
    _reports(db, seed, rounds, mainland, supervisors, progress)
    _applications(db, seed, offices, mainland, supervisors, scale, progress)
    _inspections(db, seed, rng, offices, supervisors, scale, progress)
    db.flush()


def _rounds(db: Session) -> list[ReportingRound]:
    existing = {r.code: r for r in db.scalars(select(ReportingRound))}
    result = []
    for code, name_zh, name_en, period_end, due_before in ROUNDS:
        round_ = existing.get(code)
        if round_ is None:
            round_ = ReportingRound(
                code=code,
                name_zh=name_zh,
                name_en=name_en,
                baseline_on=BASELINE,
                period_end=period_end,
                due_before=due_before,
            )
            db.add(round_)
        result.append(round_)
    db.flush()
    return result


def _reports(db, seed, rounds, provinces, supervisors, progress) -> None:
    done = set(db.execute(select(ProgressReport.round_id, ProgressReport.province_id)).all())
    with progress("Progress reports", total=len(rounds) * len(provinces)) as bar:
        for round_ in rounds:
            for province in provinces:
                bar.update(1)
                rng = random.Random(f"{seed}-report-{round_.code}-{province.code}")
                draw = rng.random()
                if (round_.id, province.id) in done or draw < 0.1:
                    continue  # about one province in ten never reports: R8, missing
                late = draw < 0.28
                due = round_.due_before
                submitted = (
                    due + timedelta(days=rng.randrange(1, 40))
                    if late
                    else (due - timedelta(days=rng.randrange(1, 25)))
                )
                figures = registry_figures(db, round_, province)
                values = {
                    "offices_before": figures.offices_before,
                    "closed": figures.closed,
                    "merged": rng.choice((0, 0, 0, 1, 2)),
                    "kept_with_approval": figures.kept_with_approval,
                    "remaining": figures.remaining,
                }
                if rng.random() < 0.35:  # a discrepancy the portal will mark
                    name = rng.choice(("offices_before", "closed", "remaining"))
                    values[name] = max(0, values[name] + rng.choice((-2, -1, 1, 3)))
                account = supervisors.get(province.id)
                db.add(_report(round_, province, account, 1, submitted, values))
                if rng.random() < 0.12:  # a correction, as a second version with its reason
                    corrected = submitted + timedelta(days=rng.randrange(3, 30))
                    fixed = {**values, "closed": values["closed"] + 1}
                    db.add(
                        _report(
                            round_,
                            province,
                            account,
                            2,
                            corrected,
                            fixed,
                            correction_reason="漏报一处已撤销的办事机构。 (One closed office was left out.)",
                        )
                    )
    db.flush()


def _report(
    round_: ReportingRound,
    province: Government,
    account: Account | None,
    version: int,
    submitted: date,
    values: dict,
    **extra,
) -> ProgressReport:
    """One version of a province's report for a round, with the narrative its figures give."""
    return ProgressReport(
        round_id=round_.id,
        province_id=province.id,
        version=version,
        narrative=_narrative(province, values),
        submitted_at=_instant(submitted),
        submitted_on=submitted,
        submitted_by_id=account.id if account else None,
        **values,
        **extra,
    )


def _narrative(province: Government, values: dict) -> str:
    return (
        f"{province.name_zh}按照通知要求清理规范驻省会办事机构：清理前 {values['offices_before']} 个，"
        f"撤销 {values['closed']} 个，合并 {values['merged']} 个，经批准保留"
        f" {values['kept_with_approval']} 个，现存 {values['remaining']} 个。\n"
        f"({province.name_en or province.name_zh}: {values['offices_before']} offices before,"
        f" {values['closed']} closed, {values['merged']} merged, {values['kept_with_approval']}"
        f" kept with approval, {values['remaining']} remaining. Invented demonstration figures.)"
    )


def _about(office: Office) -> dict:
    """What an application about an existing office copies from the registry."""
    return {
        "applicant_government_id": office.establishing_government_id,
        "host_province_id": office.host_province_id,
        "office_id": office.id,
        "office_name_zh": office.name_zh,
        "office_name_en": office.name_en,
        "kind": office.kind,
        "mission_ends_on": office.mission_ends_on,
    }


def _application(office_like: dict, **values) -> ApprovalApplication:
    submitted = values["submitted_on"]
    urgent = values.get("urgent", False)
    return ApprovalApplication(
        submitted_at=_instant(submitted),
        decision_due_on=decision_deadline(submitted, urgent),
        functions="information,migrant_workers,promotion",
        planned_budget_fen=office_like["budget"],
        reason=office_like["reason"],
        **values,
    )


def _applications(db, seed, offices, provinces, supervisors, scale, progress) -> None:
    existing = set(
        db.execute(
            select(
                ApprovalApplication.applicant_government_id,
                ApprovalApplication.host_province_id,
                ApprovalApplication.submitted_on,
            )
        ).all()
    )

    def add(application: ApprovalApplication) -> None:
        key = (
            application.applicant_government_id,
            application.host_province_id,
            application.submitted_on,
        )
        if key not in existing:
            existing.add(key)
            db.add(application)

    reason = {
        "budget": 0,
        "reason": "本地在该省会务工人员众多，需要开展招商引资和务工人员服务。"
        " (Many workers from home live in this capital; promotion and help for them are needed.)",
    }
    approved = [
        o for o in offices if o.approved_on and o.approving_government_id and _not_own_host(o)
    ]
    pending = [o for o in offices if o.status == OfficeStatus.PENDING_APPROVAL and _not_own_host(o)]
    with progress("Applications", total=len(approved) + len(pending) + REFUSED[scale]) as bar:
        for office in approved:
            bar.update(1)
            rng = random.Random(f"{seed}-approved-{office.slug}")
            submitted = office.approved_on - timedelta(days=rng.randrange(5, 40))
            keep = office.established_on is not None and office.established_on < BASELINE
            add(
                _application(
                    {**reason, "budget": rng.randrange(30, 300) * 1_000_000},
                    purpose=ApplicationPurpose.KEEP_OFFICE
                    if keep
                    else ApplicationPurpose.NEW_OFFICE,
                    **_about(office),
                    submitted_on=submitted,
                    urgent=rng.random() < 0.15,
                    status=ApplicationStatus.APPROVED,
                    decided_at=_instant(office.approved_on, 15),
                    decided_on=office.approved_on,
                    decision_reasons=APPROVAL_REASONS,
                    approval_reference=office.approval_reference or "—",
                )
            )
        for office in pending:
            bar.update(1)
            rng = random.Random(f"{seed}-pending-{office.slug}")
            urgent = rng.random() < 0.4
            submitted = date(2026, 10, 15) + timedelta(days=rng.randrange(0, 40))
            add(
                _application(
                    {**reason, "budget": rng.randrange(30, 300) * 1_000_000},
                    purpose=ApplicationPurpose.NEW_OFFICE,
                    **_about(office),
                    submitted_on=submitted if rng.random() < 0.6 else submitted.replace(year=2025),
                    urgent=urgent,
                    status=ApplicationStatus.PENDING,
                )
            )
        _refused(db, random.Random(f"{seed}-refused"), offices, scale, reason, add, bar)
    db.flush()


def _not_own_host(office: Office) -> bool:
    return office.establishing_government_id != office.host_province_id


def _refused(db, rng, offices, scale, reason, add, bar) -> None:
    """Applications from governments that already keep an office in that capital (R3)."""
    candidates = [o for o in offices if o.status == OfficeStatus.OPERATING]
    for office in rng.sample(candidates, min(REFUSED[scale], len(candidates))):
        bar.update(1)
        applicant = office.establishing_government
        if applicant.id == office.host_province_id:
            continue
        submitted = date(2016, 1, 4) + timedelta(days=rng.randrange(0, 900))
        decided = submitted + timedelta(days=rng.randrange(5, 45))  # some decided late
        add(
            _application(
                {**reason, "budget": rng.randrange(30, 300) * 1_000_000},
                purpose=ApplicationPurpose.NEW_OFFICE,
                applicant_government_id=applicant.id,
                host_province_id=office.host_province_id,
                office_name_zh=f"{applicant.name_zh}驻省会第二办事处",
                office_name_en=f"{applicant.name_en or applicant.code} second office",
                kind=OfficeKind.STANDING,
                submitted_on=submitted,
                urgent=rng.random() < 0.3,
                status=ApplicationStatus.REFUSED,
                decided_at=_instant(decided, 15),
                decided_on=decided,
                decision_reasons=REFUSAL_REASONS,
            )
        )


def _inspections(db, seed, rng, offices, supervisors, scale, progress) -> None:
    existing = set(db.execute(select(Inspection.office_id, Inspection.inspected_on)).all())

    def add(office: Office, on: date, result: InspectionResult, due: date | None = None) -> None:
        if (office.id, on) in existing:
            return
        existing.add((office.id, on))
        account = supervisors.get(office.host_province_id)
        lag = 2 + zlib.crc32(f"{office.slug}-{on}".encode()) % 13  # no draw: reruns match
        published = _instant(on + timedelta(days=lag))
        db.add(
            Inspection(
                office_id=office.id,
                inspecting_government_id=office.host_province_id,
                inspected_on=on,
                findings_markdown=FINDINGS[result],
                result=result,
                rectification_due_on=due,
                status=InspectionStatus.PUBLISHED,
                created_at=published,
                created_by_id=account.id if account else None,
                updated_at=published,
                published_at=published,
                published_by_id=account.id if account else None,
            )
        )

    ordered = [o for o in offices if o.closure_ordered_on is not None]
    others = [
        o for o in offices if o.closure_ordered_on is None and o.status != OfficeStatus.CLOSED
    ]
    sample = rng.sample(others, min(INSPECTIONS[scale], len(others)))
    with progress("Inspections", total=len(ordered) + len(sample)) as bar:
        for office in ordered:  # the inspection behind each order to close (R9)
            bar.update(1)
            add(office, office.closure_ordered_on, InspectionResult.ORDERED_TO_CLOSE)
        for office in sample:
            bar.update(1)
            rng = random.Random(f"{seed}-inspection-{office.slug}")
            on = date(2016, 2, 1) + timedelta(days=rng.randrange(0, 3000))
            if rng.random() < 0.6:
                add(office, on, InspectionResult.COMPLIANT)
                continue
            due = on + timedelta(days=rng.choice((60, 90)))
            add(office, on, InspectionResult.RECTIFICATION_REQUIRED, due)
            if rng.random() < 0.5:  # followed up in time; the others are R11 findings
                add(office, due - timedelta(days=rng.randrange(1, 20)), InspectionResult.COMPLIANT)
    db.flush()
