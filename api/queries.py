"""Read-only queries the API needs that no package has yet. Each belongs in its owning package's
queries module (named in each docstring) and should move there; nothing here writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from disclosures.models import Publication, PublicationStatus, ReceptionStandard
from portal.models import Government


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
