"""Read-only queries of the public pages: the directory, counts, one office, one government.

Findings come from the findings table (`portal/findings.py`); no page runs the rules."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from flask import abort
from sqlalchemy import Select, bindparam, case, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from portal.directory import DirectoryQuery
from portal.findings import findings_of_offices as stored_findings_of
from portal.findings import has_finding, rules_of_offices
from portal.models import Government, GovernmentLevel, Office, OfficeStatus
from portal.rules import Finding

STATUS_ORDER = [
    OfficeStatus.OPERATING,
    OfficeStatus.PENDING_APPROVAL,
    OfficeStatus.CLOSING,
    OfficeStatus.CLOSED,
]


@dataclass
class DirectoryPage:
    """One page of the directory: its offices, how many match in all, and their findings.

    `rules` (slug → the codes of the rules the office breaks) is what the page shows, read
    with the page; `findings` (slug → the findings themselves) is read from the table when
    first asked for (the JSON API), never for the HTML page.
    """

    offices: Sequence[Office]
    total: int
    page: int
    page_size: int
    rules: dict[str, list[str]] = field(default_factory=dict)
    db: Session | None = field(default=None, repr=False, compare=False)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        return min(self.total, self.page * self.page_size)

    @cached_property
    def findings(self) -> dict[str, list[Finding]]:
        if self.db is None:
            return {}
        return findings_of_offices(self.db, self.offices)


def provinces(db: Session) -> list[Government]:
    """The provincial-level governments, by division code (for filters and links)."""
    return list(
        db.scalars(
            select(Government)
            .where(Government.level == GovernmentLevel.PROVINCIAL)
            .order_by(Government.code)
        )
    )


def _name_keys(language: str, way=lambda column: column.asc()) -> list:
    """The directory's order by name, as its reader sees the names.

    Chinese: pinyin (`Office.name_sort`, portal/names.py). English: the offices with an English
    name, by that name whatever its case; then the offices known only by their Chinese name
    (shown in Chinese, marked so), by pinyin, as a group that stays last whichever way the list
    runs, like unknown dates (portal/README.md says why).
    """
    if language != "en":
        return [way(Office.name_sort)]
    english = func.nullif(Office.name_en, "")  # an empty English name is none
    return [english.is_(None), way(func.lower(english)), way(Office.name_sort)]


def directory_statement(query: DirectoryQuery, language: str) -> Select:
    """The offices that match the directory's filters, in the order asked for.

    The establishing province is found by walking up to two levels of parents from the
    establishing government (county → prefecture → province); findings are read from the
    findings table (`?findings=`, `?rule=`).
    """
    statement = select(Office)
    if query.host:
        host = aliased(Government)
        statement = statement.join(host, Office.host_province_id == host.id).where(
            host.code == query.host
        )
    if query.origin or query.level:
        founder = aliased(Government)
        statement = statement.join(founder, Office.establishing_government_id == founder.id)
        if query.level:
            statement = statement.where(founder.level == query.level)
        if query.origin:
            parent = aliased(Government)
            grandparent = aliased(Government)
            statement = (
                statement.outerjoin(parent, founder.parent_id == parent.id)
                .outerjoin(grandparent, parent.parent_id == grandparent.id)
                .where(
                    or_(
                        founder.code == query.origin,
                        parent.code == query.origin,
                        grandparent.code == query.origin,
                    )
                )
            )
    if query.status:
        statement = statement.where(Office.status == query.status)
    if query.kind:
        statement = statement.where(Office.kind == query.kind)
    if query.findings or query.rule:
        has = has_finding(query.rule or None)
        statement = statement.where(~has if query.findings == "no" else has)
    if query.q:
        statement = statement.where(
            or_(
                Office.name_zh.icontains(query.q, autoescape=True),
                Office.name_en.icontains(query.q, autoescape=True),
                Office.slug.icontains(query.q, autoescape=True),
            )
        )
    return statement.order_by(*_ordering(query, language, statement))


def _ordering(query: DirectoryQuery, language: str, statement: Select) -> list:
    descending = query.order == "desc"

    def way(column):
        return column.desc() if descending else column.asc()

    name = _name_keys(language)
    if query.sort == "host":
        host_code = (
            select(Government.code)
            .where(Government.id == Office.host_province_id)
            .scalar_subquery()
        )
        keys = [way(host_code), *name]
    elif query.sort == "status":
        rank = case({s: i for i, s in enumerate(STATUS_ORDER)}, value=Office.status)
        keys = [way(rank), *name]
    elif query.sort == "established":
        # Offices without a known date go last whichever way the list runs.
        keys = [Office.established_on.is_(None), way(Office.established_on), *name]
    else:
        keys = _name_keys(language, way)
    return [*keys, Office.id]


def directory_page(
    db: Session, query: DirectoryQuery, language: str, today: date | None, page_size: int
) -> DirectoryPage:
    """One page of matching offices, with the total count and the rules each shown office breaks.

    Three queries whatever the data: the count, the page (with both governments joined in),
    and the page's rules from the findings table. `today` is not used (the table is kept as of
    today); it stays for the callers that pass it.
    """
    statement = directory_statement(query, language)
    total = db.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    offices = list(
        db.scalars(
            statement.options(
                joinedload(Office.establishing_government), joinedload(Office.host_province)
            )
            .limit(page_size)
            .offset((query.page - 1) * page_size)
        )
    )
    by_id = rules_of_offices(db, [office.id for office in offices])
    rules = {office.slug: by_id[office.id] for office in offices if office.id in by_id}
    return DirectoryPage(offices, total or 0, query.page, page_size, rules, db)


def findings_of_offices(db: Session, offices: Sequence[Office]) -> dict[str, list[Finding]]:
    """slug → the findings about each of these offices, from the table (one query)."""
    result: dict[str, list[Finding]] = {}
    for office in offices:
        result[office.slug] = []
    for finding in stored_findings_of(db, offices):
        result[finding.office_slug or ""].append(finding)
    return {slug: found for slug, found in result.items() if found}


def status_counts(db: Session) -> dict[OfficeStatus, int]:
    """How many offices have each status (every status present, zero when none)."""
    rows = db.execute(select(Office.status, func.count()).group_by(Office.status))
    counts = Counter({status: 0 for status in STATUS_ORDER})
    counts.update({OfficeStatus(status): count for status, count in rows})
    return {status: counts[status] for status in STATUS_ORDER}


MAX_SLUG = 120
"""The longest slug the register holds; a longer one in an address cannot name an office."""


def office_by_slug(db: Session, slug: str) -> Office | None:
    """The office with this slug, or None (for a page, a form or a command to answer 404)."""
    # A slug with a NUL byte or other control character cannot exist, and PostgreSQL refuses
    # NUL in text outright (a DataError): answer "no such office" before asking the database.
    if not slug or len(slug) > MAX_SLUG or not slug.isprintable():
        return None
    return db.scalar(select(Office).where(Office.slug == slug))


def office_by_slug_or_404(db: Session, slug: str) -> Office:
    """The office with this slug; a 404 for a page when there is none."""
    office = office_by_slug(db, slug)
    if office is None:
        abort(404)
    return office


def load_office(db: Session, slug: str) -> Office | None:
    """One office with everything its page shows, in a fixed number of queries."""
    return db.scalar(
        select(Office)
        .where(Office.slug == slug)
        .options(
            joinedload(Office.establishing_government).joinedload(Government.parent),
            joinedload(Office.host_province),
            joinedload(Office.approving_government),
            selectinload(Office.functions),
        )
    )


def load_government(db: Session, code: str) -> Government | None:
    """One government with its parent and children (children ordered by code)."""
    government = db.scalar(
        select(Government).where(Government.code == code).options(joinedload(Government.parent))
    )
    return government


def children_of(db: Session, government: Government) -> list[Government]:
    """The governments directly below one, by division code."""
    return list(
        db.scalars(
            select(Government)
            .where(Government.parent_id == government.id)
            .order_by(Government.code)
        )
    )


def offices_established_by(db: Session, government: Government) -> list[Office]:
    """The offices a government itself established (not its subordinates'), by name."""
    return list(
        db.scalars(
            select(Office)
            .where(Office.establishing_government_id == government.id)
            .options(joinedload(Office.host_province))
            .order_by(Office.name_sort, Office.name_zh, Office.id)
        )
    )


def offices_hosted_in(db: Session, province: Government, limit: int) -> tuple[list[Office], int]:
    """Up to `limit` offices hosted in a province's capital (by name), and how many there are."""
    total = db.scalar(
        select(func.count()).select_from(Office).where(Office.host_province_id == province.id)
    )
    offices = db.scalars(
        select(Office)
        .where(Office.host_province_id == province.id)
        .options(joinedload(Office.establishing_government))
        .order_by(Office.name_sort, Office.name_zh, Office.id)
        .limit(limit)
    )
    return list(offices), total or 0


def government_subtree(government_id: int) -> Select:
    """The ids of a government and of every government below it, at any depth.

    A recursive query, the same on SQLite and PostgreSQL; use it in `in_(…)` or run it with
    `db.scalars(…)`. The one definition of "a government and the governments below it".
    """
    tree = select(Government.id).where(Government.id == government_id).cte(recursive=True)
    below = aliased(Government)
    tree = tree.union_all(select(below.id).where(below.parent_id == tree.c.id))
    return select(tree.c.id)


def _lineage_query() -> Select:
    start = bindparam("start")
    line = (
        select(Government.id, Government.parent_id)
        .where(Government.id == start)
        .cte("lineage", recursive=True)
    )
    above = aliased(Government)
    line = line.union_all(select(above.id, above.parent_id).where(above.id == line.c.parent_id))
    return select(Government).where(Government.id.in_(select(line.c.id)))


LINEAGE = _lineage_query()
"""Built once: a government's ancestors from `start` (its parent) up (government_lineage)."""


def government_lineage(db: Session, government: Government) -> list[Government]:
    """Every government above this one (its parent, the parent's parent…), in one query: while
    the caller holds the list, walking up through `.parent` reads the session's identity map
    (which holds objects only as long as somebody does) instead of one query per level.
    A recursive query, the same on SQLite and PostgreSQL."""
    if government.parent_id is None:
        return []
    return list(db.scalars(LINEAGE, {"start": government.parent_id}))
