"""The office rules over the data: the office facts the rules read and `check_offices`, the
portal's own registered check (the pure rules are in portal/rules.py), and a fresh evaluation
of every registered check (`all_findings`, `findings_for_office`) for the CLI and the tests.

Pages never run the rules: they read the findings table (`portal/findings.py`), which
`portal/findings_sync.py` keeps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from portal.findings import office_slugs_with_findings
from portal.models import Government, GovernmentLevel, Office, OfficeStatus
from portal.registry import run_rule_checks
from portal.rules import Finding, OfficeFacts, evaluate_office


def province_code_of(code: str, level: GovernmentLevel) -> str | None:
    """The code of the province a government lies in: GB/T 2260 codes begin with it."""
    if level is GovernmentLevel.NATIONAL:
        return None
    return code[:2] + "0000"


def same_capital_counts(
    db: Session, government_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """(establishing government id, host province id) -> number of offices not closed.

    One query; limited to `government_ids` when given.
    """
    query = (
        select(Office.establishing_government_id, Office.host_province_id, func.count())
        .where(Office.status != OfficeStatus.CLOSED)
        .group_by(Office.establishing_government_id, Office.host_province_id)
    )
    if government_ids is not None:
        query = query.where(Office.establishing_government_id.in_(list(government_ids)))
    return {(gov, host): count for gov, host, count in db.execute(query)}


def gather_office_facts(
    db: Session, office_ids: Iterable[int] | None = None, *, open_only: bool = False
) -> list[OfficeFacts]:
    """The facts the office rules need, for every office (or only `office_ids`), in two queries.

    Reads plain columns (no ORM objects), so it stays fast over thousands of offices;
    `open_only` leaves out closed offices (they break no office rule).
    """
    establishing = aliased(Government)
    host = aliased(Government)
    approving = aliased(Government)
    query = (
        select(
            Office.id,
            Office.slug,
            Office.department_zh,
            Office.department_en,
            Office.kind,
            Office.status,
            Office.mission_ends_on,
            Office.approved_on,
            Office.established_on,
            Office.closed_on,
            Office.closure_ordered_on,
            Office.establishing_government_id,
            Office.host_province_id,
            establishing.code,
            establishing.level,
            establishing.autonomous,
            establishing.name_zh,
            establishing.name_en,
            host.code,
            host.capital_zh,
            host.capital_en,
            approving.code,
            approving.level,
        )
        .join(establishing, Office.establishing_government_id == establishing.id)
        .join(host, Office.host_province_id == host.id)
        .outerjoin(approving, Office.approving_government_id == approving.id)
        .order_by(Office.id)
    )
    if open_only:
        query = query.where(Office.status != OfficeStatus.CLOSED)
    if office_ids is not None:
        office_ids = list(office_ids)
        if not office_ids:
            return []
        query = query.where(Office.id.in_(office_ids))
    # Core execution: plain rows, none of the ORM's per-row bookkeeping.
    rows = db.connection().execute(query).all()
    if not rows:
        return []
    counts = same_capital_counts(
        db, {row.establishing_government_id for row in rows} if office_ids is not None else None
    )
    facts = []
    for row in rows:
        (
            _id,
            slug,
            department,
            department_en,
            kind,
            status,
            mission_ends_on,
            approved_on,
            established_on,
            closed_on,
            closure_ordered_on,
            gov_id,
            host_id,
            gov_code,
            gov_level,
            gov_autonomous,
            gov_name_zh,
            gov_name_en,
            host_code,
            capital_zh,
            capital_en,
            approving_code,
            approving_level,
        ) = row
        facts.append(
            OfficeFacts(
                slug=slug,
                government_code=gov_code,
                government_level=gov_level,
                government_autonomous=bool(gov_autonomous),
                government_province_code=province_code_of(gov_code, gov_level),
                host_province_code=host_code,
                kind=kind,
                status=status,
                is_department=bool(department),
                department_level=gov_level if department else None,
                mission_ends_on=mission_ends_on,
                approving_government_code=approving_code,
                approving_government_level=approving_level,
                approved_on=approved_on,
                established_on=established_on,
                closed_on=closed_on,
                closure_ordered_on=closure_ordered_on,
                same_capital_count=counts.get((gov_id, host_id), 0),
                government_name_zh=gov_name_zh,
                government_name_en=gov_name_en or "",
                capital_zh=capital_zh or "",
                capital_en=capital_en or "",
                department_zh=department or "",
                department_en=department_en or "",
            )
        )
    return facts


def check_offices(db, today: date, office_ids: Iterable[int] | None = None) -> list[Finding]:
    """Every office rule (R1–R5, R9) over every office in the registry (or only `office_ids`).

    Registered with the portal registry; `flask compliance check` runs it with every other
    package's checks. Runs two queries whatever the number of offices.
    """
    return [
        finding
        for facts in gather_office_facts(db, office_ids, open_only=True)
        for finding in evaluate_office(facts, today)
    ]


def all_findings(db: Session, today: date, office_ids=None) -> list[Finding]:
    """Every finding of every package's rules (office rules, disclosure rules, …)."""
    return list(run_rule_checks(db, today, office_ids))


def findings_for_office(db: Session, office: Office, today: date) -> list[Finding]:
    """The findings about one office, from every registered rule, in a bounded number of queries."""
    return [f for f in all_findings(db, today, [office.id]) if f.office_slug == office.slug]


def offices_with_findings(db: Session, today: date | None = None) -> set[str]:
    """Slugs of the offices with at least one finding, read from the findings table.

    `today` is accepted for older callers and ignored: the table is kept as of today
    (`portal/findings_sync.py`).
    """
    return office_slugs_with_findings(db)
