"""The national summary for the State Council: per province and national totals, as records for
the page, the CSV (written by `portal.csv`) and the JSON."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from portal.findings import registry_findings, rules_found
from portal.findings_models import FindingRecord
from portal.models import Government, GovernmentLevel, Office
from portal.names import BilingualName
from portal.oversight.models import (
    ApplicationStatus,
    ApprovalApplication,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from portal.oversight.reports import ReportTiming, round_overview, rounds
from portal.oversight.scope import under_the_circular
from portal.registry import get_registry

CIRCULAR_DATE = date(2015, 3, 16)
COMPLAINTS_SOURCE = "complaints"
"""The summary figures the complaints package registers (`registry.add_summary_source`):
per provincial division code, (complaints received, handled within the deadline). Until one is
registered the columns show "—"."""


@dataclass
class ProvinceRow(BilingualName):
    """One province's line of the summary (offices counted by the province that set them up).

    `offices_before - closures + new_with_approval + new_without_approval == offices_now`
    for every province and the national total.
    """

    code: str
    name_zh: str
    name_en: str
    offices_before: int = 0
    offices_now: int = 0
    closures: int = 0
    new_with_approval: int = 0
    new_without_approval: int = 0
    findings: Counter = field(default_factory=Counter)
    reports: Counter = field(default_factory=Counter)
    complaints_received: int | None = None
    complaints_in_time: int | None = None
    approvals: Counter = field(default_factory=Counter)
    inspections: Counter = field(default_factory=Counter)


@dataclass
class NationalSummary:
    """Every province's row and the national totals, as of a day: `rows` are the 31 mainland
    provincial-level divisions the circular addresses; `not_applicable` the others (Taiwan,
    Hong Kong, Macao), listed without figures and counted in no total."""

    today: date
    baseline: date
    rows: list[ProvinceRow]
    totals: ProvinceRow
    rules: list[str]
    complaints_available: bool
    not_applicable: list[ProvinceRow] = field(default_factory=list)


def _province_of(government) -> Any:
    """The two digits of a division code that name its province (GB/T 2260), in SQL.

    The positions are written into the statement, not bound: PostgreSQL matches a GROUP BY
    expression to the selected one only when both are the same text.
    """
    return func.substr(government.code, literal_column("1"), literal_column("2"))


def _open_on(day: date) -> Any:
    """Whether an office was open on a day, in SQL: established on or before it and not closed
    by it. An office with no establishment date (pending approval) was open on no day."""
    return and_(
        Office.established_on.is_not(None),
        Office.established_on <= day,
        or_(Office.closed_on.is_(None), Office.closed_on > day),
    )


def _established_between(after: date, until: date) -> Any:
    """Whether an office was established after one day and on or before another, in SQL."""
    return and_(Office.established_on > after, Office.established_on <= until)


def _count(condition) -> Any:
    return func.sum(case((condition, 1), else_=0))


def national_summary(db: Session, today: date) -> NationalSummary:
    """Compute the summary from the registry, the findings table, the reports and the
    complaints hook, in aggregate queries (grouped by province in the database): no rule is
    run and no row per office is read, so it takes well under a second at the full demo and
    the page needs no cache.

    Offices, closures, findings and inspections count against the province whose government
    (or a government below it: the first two digits of its division code) set the office up;
    approvals against the host province that decides them; reports and R8 against the
    reporting province.
    """
    provinces = db.execute(
        select(Government.id, Government.code, Government.name_zh, Government.name_en)
        .where(Government.level == GovernmentLevel.PROVINCIAL)
        .order_by(Government.code)
    ).all()
    rows = {p.code[:2]: ProvinceRow(p.code, p.name_zh, p.name_en or p.name_zh) for p in provinces}
    by_id = {p.id: rows[p.code[:2]] for p in provinces}
    by_code = {row.code: row for row in rows.values()}
    rounds_list = rounds(db)
    baseline = rounds_list[0].baseline_on if rounds_list else CIRCULAR_DATE
    founder = aliased(Government)
    closed_since = and_(
        Office.established_on.is_not(None),
        Office.closed_on.is_not(None),
        Office.closed_on > baseline,
        Office.closed_on <= today,
    )
    new = _established_between(baseline, today)
    for prefix, before, now, closures, approved, unapproved in db.execute(
        select(
            _province_of(founder),
            _count(_open_on(baseline)),
            _count(_open_on(today)),
            _count(closed_since),
            _count(and_(new, Office.approved_on.is_not(None))),
            _count(and_(new, Office.approved_on.is_(None))),
        )
        .join(founder, founder.id == Office.establishing_government_id)
        .group_by(_province_of(founder))
    ):
        if (row := rows.get(prefix)) is not None:
            row.offices_before, row.offices_now = int(before or 0), int(now or 0)
            row.closures = int(closures or 0)
            row.new_with_approval = int(approved or 0)
            row.new_without_approval = int(unapproved or 0)
    for prefix, rule, count in db.execute(
        select(_province_of(founder), FindingRecord.rule, func.count())
        .join(Office, Office.id == FindingRecord.office_id)
        .join(founder, founder.id == Office.establishing_government_id)
        .group_by(_province_of(founder), FindingRecord.rule)
    ):
        if (row := rows.get(prefix)) is not None:
            row.findings[rule] += count
    for finding in registry_findings(db):
        if (row := by_code.get(str(finding.facts.get("province", "")))) is not None:
            row.findings[finding.rule] += 1
    rule_codes = set(rules_found(db))
    for round_ in rounds_list:
        for status in round_overview(db, round_, today):
            row = by_id.get(status.province.id)
            if row is not None and status.timing not in (
                ReportTiming.NOT_DUE,
                ReportTiming.NOT_APPLICABLE,
            ):
                row.reports[status.timing.value] += 1
    for host_id, status, urgent, count in db.execute(
        select(
            ApprovalApplication.host_province_id,
            ApprovalApplication.status,
            ApprovalApplication.urgent,
            func.count(),
        ).group_by(
            ApprovalApplication.host_province_id,
            ApprovalApplication.status,
            ApprovalApplication.urgent,
        )
    ):
        if (row := by_id.get(host_id)) is not None:
            row.approvals[ApplicationStatus(status).value] += count
            row.approvals["urgent"] += count if urgent else 0
    for prefix, result, count in db.execute(
        select(_province_of(founder), Inspection.result, func.count())
        .join(Office, Office.id == Inspection.office_id)
        .join(founder, founder.id == Office.establishing_government_id)
        .where(Inspection.status == InspectionStatus.PUBLISHED)
        .group_by(_province_of(founder), Inspection.result)
    ):
        if (row := rows.get(prefix)) is not None:
            row.inspections[InspectionResult(result).value] += count
    counter = get_registry().summary_sources.get(COMPLAINTS_SOURCE)
    if counter is not None:
        counts = counter(db, today)
        for row in rows.values():
            received, in_time = counts.get(row.code, (0, 0))
            row.complaints_received, row.complaints_in_time = received, in_time
    ordered = [row for row in rows.values() if under_the_circular(row.code)]
    outside = [row for row in rows.values() if not under_the_circular(row.code)]
    for row in outside:
        row.complaints_received = row.complaints_in_time = None
    return NationalSummary(
        today=today,
        baseline=baseline,
        rows=ordered,
        totals=_totals(ordered, counter is not None),
        rules=sorted(rule_codes, key=lambda code: (code.rstrip("0123456789"), _number(code))),
        complaints_available=counter is not None,
        not_applicable=outside,
    )


def _number(code: str) -> int:
    digits = code[len(code.rstrip("0123456789")) :]
    return int(digits) if digits else 0


def _totals(rows: list[ProvinceRow], complaints: bool) -> ProvinceRow:
    total = ProvinceRow("000000", "全国", "National total")
    for row in rows:
        total.offices_before += row.offices_before
        total.offices_now += row.offices_now
        total.closures += row.closures
        total.new_with_approval += row.new_with_approval
        total.new_without_approval += row.new_without_approval
        total.findings.update(row.findings)
        total.reports.update(row.reports)
        total.approvals.update(row.approvals)
        total.inspections.update(row.inspections)
    if complaints:
        total.complaints_received = sum(r.complaints_received or 0 for r in rows)
        total.complaints_in_time = sum(r.complaints_in_time or 0 for r in rows)
    return total


REPORT_KEYS = [t.value for t in (ReportTiming.ON_TIME, ReportTiming.LATE, ReportTiming.MISSING)]
APPROVAL_KEYS = ["approved", "refused", "pending", "urgent"]
INSPECTION_KEYS = [r.value for r in InspectionResult]


NOT_APPLICABLE = "not_applicable"
"""The CSV's `scope` of Taiwan, Hong Kong and Macao (their figures are empty)."""


def row_record(row: ProvinceRow, rules: list[str]) -> dict[str, Any]:
    """One row as flat, stable English keys (the CSV columns and the JSON objects)."""
    record: dict[str, Any] = {
        "province_code": row.code,
        "province_zh": row.name_zh,
        "province_en": row.name_en,
        "scope": "circular",
        "offices_before": row.offices_before,
        "closures": row.closures,
        "new_with_approval": row.new_with_approval,
        "new_without_approval": row.new_without_approval,
        "offices_now": row.offices_now,
    }
    record.update({f"findings_{rule}": row.findings.get(rule, 0) for rule in rules})
    record.update({f"reports_{key}": row.reports.get(key, 0) for key in REPORT_KEYS})
    record["complaints_received"] = row.complaints_received
    record["complaints_handled_in_time"] = row.complaints_in_time
    record.update({f"approvals_{key}": row.approvals.get(key, 0) for key in APPROVAL_KEYS})
    record.update({f"inspections_{key}": row.inspections.get(key, 0) for key in INSPECTION_KEYS})
    return record


def summary_json(summary: NationalSummary) -> dict[str, Any]:
    """The summary as a JSON document: provinces, national totals, and what was counted how."""
    return {
        "as_of": summary.today.isoformat(),
        "baseline": summary.baseline.isoformat(),
        "rules": summary.rules,
        "complaints_available": summary.complaints_available,
        "provinces": [row_record(row, summary.rules) for row in summary.rows],
        "national": row_record(summary.totals, summary.rules),
        "not_applicable": [
            {"province_code": row.code, "province_zh": row.name_zh, "province_en": row.name_en}
            for row in summary.not_applicable
        ],
    }


def summary_records(summary: NationalSummary) -> list[dict[str, Any]]:
    """The CSV's rows: one per province the circular addresses, the national total (code
    000000), then Taiwan, Hong Kong and Macao with the scope "not_applicable" and no figures."""
    rows = [*summary.rows, summary.totals]
    records = [row_record(row, summary.rules) for row in rows]
    columns = list(records[-1])
    names = ("province_code", "province_zh", "province_en")
    for row in summary.not_applicable:
        record: dict[str, Any] = dict.fromkeys(columns, None)
        record.update(
            {
                name: value
                for name, value in zip(names, (row.code, row.name_zh, row.name_en), strict=True)
            }
        )
        record["scope"] = NOT_APPLICABLE
        records.append(record)
    return records


def summary_columns(summary: NationalSummary) -> list[str]:
    """The CSV's columns: stable English names; one `findings_<rule>` per rule found."""
    return list(row_record(summary.totals, summary.rules))
