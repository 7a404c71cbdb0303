"""Open data: every office matching the directory's filters, as CSV (for Excel) and JSON."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, joinedload, selectinload

from portal.compliance import all_findings
from portal.filters import DirectoryQuery
from portal.models import Government, GovernmentLevel, Office
from portal.queries import directory_statement

COLUMNS = [
    "slug",
    "name_zh",
    "name_en",
    "status",
    "kind",
    "mission_ends_on",
    "establishing_government_code",
    "establishing_government_zh",
    "establishing_government_en",
    "establishing_government_level",
    "establishing_province_code",
    "department_zh",
    "department_en",
    "host_province_code",
    "host_province_zh",
    "host_province_en",
    "host_capital_zh",
    "host_capital_en",
    "approving_government_code",
    "approved_on",
    "approval_reference",
    "established_on",
    "closed_on",
    "address",
    "phone",
    "email",
    "functions",
    "finding_rules",
    "url",
]
"""Stable column names (English, snake_case); new columns are only ever appended."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def province_of(government: Government | None) -> Government | None:
    """The provincial government above (or equal to) a government, if any."""
    while government is not None and government.level != GovernmentLevel.PROVINCIAL:
        government = government.parent
    return government


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def office_record(office: Office, rules: list[str], url: str) -> dict[str, Any]:
    """One office as a flat record with the export's columns (dates ISO 8601, codes as text)."""
    founder = office.establishing_government
    host = office.host_province
    origin = province_of(founder)
    approver = office.approving_government
    return {
        "slug": office.slug,
        "name_zh": office.name_zh,
        "name_en": office.name_en,
        "status": office.status.value,
        "kind": office.kind.value,
        "mission_ends_on": _iso(office.mission_ends_on),
        "establishing_government_code": founder.code,
        "establishing_government_zh": founder.name_zh,
        "establishing_government_en": founder.name_en,
        "establishing_government_level": founder.level.value,
        "establishing_province_code": origin.code if origin else None,
        "department_zh": office.department_zh,
        "department_en": office.department_en,
        "host_province_code": host.code,
        "host_province_zh": host.name_zh,
        "host_province_en": host.name_en,
        "host_capital_zh": host.capital_zh,
        "host_capital_en": host.capital_en,
        "approving_government_code": approver.code if approver else None,
        "approved_on": _iso(office.approved_on),
        "approval_reference": office.approval_reference,
        "established_on": _iso(office.established_on),
        "closed_on": _iso(office.closed_on),
        "address": office.address,
        "phone": office.phone,
        "email": office.email,
        "functions": [f.value for f in office.function_codes],
        "finding_rules": rules,
        "url": url,
    }


def export_records(
    db: Session, query: DirectoryQuery, today: date, url_for_office
) -> list[dict[str, Any]]:
    """Every office matching the directory's filters (not one page), as export records.

    `url_for_office(slug)` gives the office page's absolute address. The rules run once over
    the whole registry, so each record lists the codes of the rules its office breaks.
    """
    findings = all_findings(db, today)
    rules_by_office: dict[str, set[str]] = {}
    for finding in findings:
        rules_by_office.setdefault(finding.office_slug or "", set()).add(finding.rule)
    statement = directory_statement(query, "zh", set(rules_by_office)).options(
        joinedload(Office.establishing_government)
        .joinedload(Government.parent)
        .joinedload(Government.parent),
        joinedload(Office.host_province),
        joinedload(Office.approving_government),
        selectinload(Office.functions),
    )
    return [
        office_record(
            office,
            sorted(rules_by_office.get(office.slug, ()), key=_rule_key),
            url_for_office(office.slug),
        )
        for office in db.scalars(statement).unique()
    ]


def _rule_key(code: str) -> tuple[str, int]:
    prefix = code.rstrip("0123456789")
    number = code[len(prefix) :]
    return prefix, int(number) if number else 0


def to_csv(records: list[dict[str, Any]]) -> str:
    """CSV with a header row, lists joined by ';', starting with a BOM so Excel reads UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return buffer.getvalue()


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is quoted with an apostrophe."""
    if value is None:
        return ""
    text = ";".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text
