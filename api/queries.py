"""Read-only queries the API needs that no package has yet. Each belongs in its owning package's
queries module (named in each docstring) and should move there; nothing here writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from disclosures.models import Publication, PublicationStatus, ReceptionStandard
from portal.findings import StoredFinding
from portal.findings_models import FindingRecord
from portal.models import Government, Office
from portal.rules import Severity


def reception_standards(
    db: Session, province_code: str | None = None, year: int | None = None
) -> list[ReceptionStandard]:
    """The reception standards of every province and year (or one province, one year), by year
    then province code, in one query. Belongs in disclosures/queries.py."""
    statement = (
        select(ReceptionStandard)
        .join(Government, Government.id == ReceptionStandard.province_id)
        .options(joinedload(ReceptionStandard.province))
        .order_by(ReceptionStandard.year, Government.code)
    )
    if province_code:
        statement = statement.where(Government.code == province_code)
    if year is not None:
        statement = statement.where(ReceptionStandard.year == year)
    return list(db.scalars(statement))


def last_publication_at(db: Session) -> datetime | None:
    """When a disclosure was last published (any office, kind or year): the Last-Modified of
    every disclosure list. Belongs in disclosures/queries.py."""
    return db.scalar(
        select(func.max(Publication.published_at)).where(
            Publication.status == PublicationStatus.PUBLISHED
        )
    )


def stored_findings(
    db: Session,
    *,
    rule: str | None = None,
    severity: str | None = None,
    office_slug: str | None = None,
    offset: int = 0,
    limit: int = 25,
) -> tuple[list[StoredFinding], bool]:
    """One page of the findings table (never a rule run), by rule (R2 before R10), office slug
    (the findings that name no office first) and subject, filtered in SQL; and whether more
    follow. Belongs in portal/findings.py."""
    slug = func.coalesce(Office.slug, "")
    statement = (
        select(FindingRecord, Office.slug)
        .outerjoin(Office, Office.id == FindingRecord.office_id)
        .order_by(func.length(FindingRecord.rule), FindingRecord.rule, slug, FindingRecord.subject)
    )
    if rule:
        statement = statement.where(FindingRecord.rule == rule)
    if severity:
        statement = statement.where(FindingRecord.severity == Severity(severity))
    if office_slug:
        statement = statement.where(Office.slug == office_slug)
    rows = db.execute(statement.offset(offset).limit(limit + 1)).all()
    found = [StoredFinding.from_record(record, office) for record, office in rows[:limit]]
    return found, len(rows) > limit
