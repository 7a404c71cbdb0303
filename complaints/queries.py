"""Read-only queries of the complaint pages: office search, contact channels, public outcomes,
one complaint by reference and its tags (the supervisors' queue itself is in scope.py)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from complaints.models import Complaint, ComplaintStatus, ComplaintTag
from complaints.routing import GovernmentFacts
from portal.models import Government, GovernmentLevel, Office
from portal.queries import government_lineage

SEARCH_LIMIT = 20
MAX_DEPTH = 8  # the tree has four levels; a longer walk means a loop in the data


def government_facts(db: Session, government: Government) -> GovernmentFacts:
    """The routing facts of a government: its parent, its province and every government above
    it up to the top (at most four levels, loaded in one query and walked through the session's
    identity map)."""
    _held = government_lineage(db, government)  # noqa: F841 - kept alive for the walk below
    province_id, above = None, []
    node: Government | None = government
    for _ in range(MAX_DEPTH):
        if node is None:
            break
        if province_id is None and node.level == GovernmentLevel.PROVINCIAL:
            province_id = node.id
        if node is not government:
            above.append(node.id)
        node = node.parent
    else:
        raise ValueError(f"the government tree loops above {government.code}")
    return GovernmentFacts(government.id, government.parent_id, province_id, tuple(above))


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_offices(db: Session, text: str, limit: int = SEARCH_LIMIT) -> list[Office]:
    """Offices whose name, slug or establishing government matches the text (at most `limit`)."""
    text = (text or "").strip()[:100]
    if not text:
        return []
    pattern = like_pattern(text)
    establishing = select(Government.id).where(
        or_(
            Government.name_zh.ilike(pattern, escape="\\"),
            Government.name_en.ilike(pattern, escape="\\"),
        )
    )
    query = (
        select(Office)
        .options(joinedload(Office.host_province), joinedload(Office.establishing_government))
        .where(
            or_(
                Office.name_zh.ilike(pattern, escape="\\"),
                Office.name_en.ilike(pattern, escape="\\"),
                Office.slug.ilike(pattern, escape="\\"),
                Office.establishing_government_id.in_(establishing),
            )
        )
        .order_by(Office.name_sort, Office.name_zh)  # pinyin order, as every office list
        .limit(limit)
    )
    return list(db.scalars(query))


def supervising_governments(
    db: Session, province_code: str | None, text: str | None, limit: int = 200
) -> list[Government]:
    """Governments that supervise offices (national, provincial, prefectural), filtered.

    With a province, that province and the prefectures under it; with text, those whose
    name matches; with neither, the national and provincial governments.
    """
    query = select(Government).where(Government.level != GovernmentLevel.COUNTY)
    if province_code:
        province = db.scalar(select(Government).where(Government.code == province_code))
        if province is None:
            return []
        query = query.where(or_(Government.id == province.id, Government.parent_id == province.id))
    if text:
        pattern = like_pattern(text.strip()[:100])
        query = query.where(
            or_(
                Government.name_zh.ilike(pattern, escape="\\"),
                Government.name_en.ilike(pattern, escape="\\"),
            )
        )
    if not province_code and not text:
        query = query.where(Government.level != GovernmentLevel.PREFECTURAL)
    return list(db.scalars(query.order_by(Government.code).limit(limit)))


def closed_outcomes(db: Session, office_id: int, limit: int = 5) -> list:
    """The newest closed complaints' public outcomes for an office, anonymised.

    Only (closed_at, outcome, outcome_summary): never a reference, the complaint's text or
    anything of the complainant (issue 7: public outcome on the office page).
    """
    return db.execute(
        select(Complaint.closed_at, Complaint.outcome, Complaint.outcome_summary)
        .where(Complaint.office_id == office_id, Complaint.status == ComplaintStatus.CLOSED)
        .order_by(Complaint.closed_at.desc())
        .limit(limit)
    ).all()


def complaint_by_reference(db: Session, reference: str) -> Complaint | None:
    """The complaint with this reference, or None (a reference is at most 20 characters)."""
    if not reference or len(reference) > 20:
        return None
    return db.scalar(select(Complaint).where(Complaint.reference == reference))


def tags_of(db: Session, complaint: Complaint) -> list[str]:
    """A complaint's tags, in alphabetical order."""
    return list(
        db.scalars(
            select(ComplaintTag.tag)
            .where(ComplaintTag.complaint_id == complaint.id)
            .order_by(ComplaintTag.tag)
        )
    )
