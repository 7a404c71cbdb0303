"""Open data: every approval application and published inspection matching a list's filters, as
flat records for CSV (written by `portal.csv`) and JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from portal.oversight.models import ApprovalApplication, Inspection

EXPORT_LIMIT = 100_000
"""The most rows one export holds (more than the registry will ever have)."""

APPLICATION_COLUMNS = [
    "id", "purpose", "status", "urgent", "applicant_code", "applicant_zh", "applicant_en",
    "host_province_code", "office_slug", "office_name_zh", "office_name_en", "kind",
    "mission_ends_on", "functions", "planned_budget_fen", "reason", "submitted_on",
    "decision_due_on", "decided_on", "decision_reasons", "approval_reference", "url",
]  # fmt: skip
INSPECTION_COLUMNS = [
    "id", "office_slug", "office_name_zh", "office_name_en", "host_province_code",
    "inspecting_government_code", "inspected_on", "result", "rectification_due_on",
    "published_at", "findings_markdown", "url",
]  # fmt: skip
"""Stable column names (English, snake_case); new columns are only ever appended."""


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def application_record(item: ApprovalApplication, url: str) -> dict[str, Any]:
    """One application as a flat record (dates ISO 8601, money in fen, codes as text)."""
    return {
        "id": item.id,
        "purpose": item.purpose.value,
        "status": item.status.value,
        "urgent": item.urgent,
        "applicant_code": item.applicant_government.code,
        "applicant_zh": item.applicant_government.name_zh,
        "applicant_en": item.applicant_government.name_en,
        "host_province_code": item.host_province.code,
        "office_slug": item.office.slug if item.office else None,
        "office_name_zh": item.office_name_zh,
        "office_name_en": item.office_name_en,
        "kind": item.kind.value,
        "mission_ends_on": _iso(item.mission_ends_on),
        "functions": [code.value for code in item.function_codes],
        "planned_budget_fen": item.planned_budget_fen,
        "reason": item.reason,
        "submitted_on": _iso(item.submitted_on),
        "decision_due_on": _iso(item.decision_due_on),
        "decided_on": _iso(item.decided_on),
        "decision_reasons": item.decision_reasons,
        "approval_reference": item.approval_reference,
        "url": url,
    }


def inspection_record(item: Inspection, url: str) -> dict[str, Any]:
    """One published inspection as a flat record."""
    return {
        "id": item.id,
        "office_slug": item.office.slug,
        "office_name_zh": item.office.name_zh,
        "office_name_en": item.office.name_en,
        "host_province_code": item.office.host_province.code,
        "inspecting_government_code": item.inspecting_government.code,
        "inspected_on": _iso(item.inspected_on),
        "result": item.result.value,
        "rectification_due_on": _iso(item.rectification_due_on),
        "published_at": _iso(item.published_at),
        "findings_markdown": item.findings_markdown,
        "url": url,
    }
