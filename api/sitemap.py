"""The sitemap's addresses: every public page in both languages, in files of at most 50,000.

The lists of slugs, codes and ids are read here (one query per kind of page); they belong in the
owning packages' queries modules and should move there."""

from __future__ import annotations

from collections.abc import Iterator

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from disclosures.models import Provider
from portal.atom import public_base
from portal.models import Government, Office
from portal.oversight.models import ApprovalApplication, Inspection, InspectionStatus

PER_FILE = 50_000
"""The sitemaps protocol's limit of addresses per file."""

LISTS = (
    "portal.home", "portal.office_directory", "disclosures.latest", "disclosures.providers",
    "oversight.approvals", "oversight.inspections", "oversight.reports", "oversight.summary",
    "complaints.new", "complaints.contact", "complaints.stats", "api.index", "data.catalogue",
)  # fmt: skip


def _pages(db: Session) -> Iterator[tuple[str, dict]]:
    """(endpoint, values) of every public page, in a stable order."""
    for endpoint in LISTS:
        yield endpoint, {}
    for (slug,) in db.execute(select(Office.slug).order_by(Office.slug)):
        yield "portal.office", {"slug": slug}
        yield "disclosures.office_disclosures", {"slug": slug}
    for (code,) in db.execute(select(Government.code).order_by(Government.code)):
        yield "portal.government", {"code": code}
    for (uscc,) in db.execute(select(Provider.uscc).order_by(Provider.uscc)):
        yield "disclosures.provider", {"uscc": uscc}
    for (number,) in db.execute(select(ApprovalApplication.id).order_by(ApprovalApplication.id)):
        yield "oversight.approval", {"application_id": number}
    published = select(Inspection.id).where(Inspection.status == InspectionStatus.PUBLISHED)
    for (number,) in db.execute(published.order_by(Inspection.id)):
        yield "oversight.inspection", {"inspection_id": number}


def addresses(db: Session) -> Iterator[tuple[str, str]]:
    """(Chinese address, English address) of every public page this app serves."""
    base = public_base()
    for endpoint, values in _pages(db):
        if endpoint in current_app.view_functions:
            yield (
                base + url_for(endpoint, **values, lang="zh"),
                base + url_for(endpoint, **values, lang="en"),
            )


def chunk(db: Session, number: int) -> list[tuple[str, str]]:
    """The pages of sitemap file `number` (from 1); each page counts twice (two languages)."""
    per_file = PER_FILE // 2
    start = (number - 1) * per_file
    found = []
    for index, pair in enumerate(addresses(db)):
        if index >= start + per_file:
            break
        if index >= start:
            found.append(pair)
    return found


def file_count(db: Session) -> int:
    total = sum(1 for _ in addresses(db))
    return max(1, -(-total // (PER_FILE // 2)))
