"""Open data: every office matching the directory's filters, as records for CSV and JSON.

The CSV itself is written by `portal.csv` (formula guard, BOM, streaming), like every CSV.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from portal.directory import DirectoryQuery
from portal.findings import rules_of_every_office
from portal.models import Government, GovernmentLevel, Office, OfficeFunctionAssignment
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


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _value(member: Any) -> str | None:
    return member.value if member is not None else None


def export_records(db: Session, query: DirectoryQuery, url_for_office) -> list[dict[str, Any]]:
    """Every office matching the directory's filters (not one page), as export records.

    `url_for_office(slug)` gives the office page's absolute address. Each record lists the
    codes of the rules its office breaks, read from the findings table. Rows are read as plain
    tuples (no ORM objects) in three queries, so a full export stays quick.
    """
    rules_by_office = rules_of_every_office(db)
    matching = directory_statement(query, "zh")
    founder, parent, grandparent, host, approver = (aliased(Government) for _ in range(5))
    rows = db.execute(
        matching.with_only_columns(
            Office.id,
            Office.slug,
            Office.name_zh,
            Office.name_en,
            Office.status,
            Office.kind,
            Office.mission_ends_on,
            founder.code,
            founder.name_zh,
            founder.name_en,
            founder.level,
            parent.code,
            parent.level,
            grandparent.code,
            grandparent.level,
            Office.department_zh,
            Office.department_en,
            host.code,
            host.name_zh,
            host.name_en,
            host.capital_zh,
            host.capital_en,
            approver.code,
            Office.approved_on,
            Office.approval_reference,
            Office.established_on,
            Office.closed_on,
            Office.address,
            Office.phone,
            Office.email,
            maintain_column_froms=False,
        )
        .join(founder, Office.establishing_government_id == founder.id)
        .outerjoin(parent, founder.parent_id == parent.id)
        .outerjoin(grandparent, parent.parent_id == grandparent.id)
        .join(host, Office.host_province_id == host.id)
        .outerjoin(approver, Office.approving_government_id == approver.id)
    ).all()
    functions: dict[int, list[str]] = {}
    matching_ids = matching.with_only_columns(Office.id).order_by(None).subquery()
    for office_id, function in db.execute(
        select(OfficeFunctionAssignment.office_id, OfficeFunctionAssignment.function)
        .where(OfficeFunctionAssignment.office_id.in_(select(matching_ids.c.id)))
        .order_by(OfficeFunctionAssignment.office_id, OfficeFunctionAssignment.function)
    ):
        functions.setdefault(office_id, []).append(function.value)
    return [
        _record(row, functions.get(row[0], []), rules_by_office.get(row[0], []), url_for_office)
        for row in rows
    ]


def _record(row, functions: list[str], rules: list[str], url_for_office) -> dict[str, Any]:
    (
        office_id, slug, name_zh, name_en, status, kind, mission_ends_on,
        founder_code, founder_zh, founder_en, founder_level,
        parent_code, parent_level, grandparent_code, grandparent_level,
        department_zh, department_en,
        host_code, host_zh, host_en, capital_zh, capital_en,
        approver_code, approved_on, approval_reference, established_on, closed_on,
        address, phone, email,
    ) = row  # fmt: skip
    province = next(
        (
            code
            for code, level in (
                (founder_code, founder_level),
                (parent_code, parent_level),
                (grandparent_code, grandparent_level),
            )
            if level == GovernmentLevel.PROVINCIAL
        ),
        None,
    )
    return {
        "slug": slug,
        "name_zh": name_zh,
        "name_en": name_en,
        "status": _value(status),
        "kind": _value(kind),
        "mission_ends_on": _iso(mission_ends_on),
        "establishing_government_code": founder_code,
        "establishing_government_zh": founder_zh,
        "establishing_government_en": founder_en,
        "establishing_government_level": _value(founder_level),
        "establishing_province_code": province,
        "department_zh": department_zh,
        "department_en": department_en,
        "host_province_code": host_code,
        "host_province_zh": host_zh,
        "host_province_en": host_en,
        "host_capital_zh": capital_zh,
        "host_capital_en": capital_en,
        "approving_government_code": approver_code,
        "approved_on": _iso(approved_on),
        "approval_reference": approval_reference,
        "established_on": _iso(established_on),
        "closed_on": _iso(closed_on),
        "address": address,
        "phone": phone,
        "email": email,
        "functions": functions,
        "finding_rules": rules,
        "url": url_for_office(slug),
    }
