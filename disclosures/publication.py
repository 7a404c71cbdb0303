"""Drafts and publication: an editor's draft becomes a numbered revision; corrections add one.

A draft is an unpublished `Publication` row holding its items as JSON. Publishing freezes the
row (it is never changed again) and replaces the current rows of that office, kind and year with
the draft's items (`disclosures.materialise`). Services flush and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from disclosures.items import ITEM_KEY, ItemsRejected, RowProblem, item_key
from disclosures.materialise import materialise, referenced_problems
from disclosures.models import DisclosureKind, Publication, PublicationStatus
from portal.clock import utcnow
from portal.errors import PortalError
from portal.models import Account, Office

MAX_REASON = 2000


class PublicationError(PortalError):
    """A draft cannot be changed or published as asked; `field` names the input at fault."""


def sort_items(kind: DisclosureKind, items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in a stable order (services keep the order they were given in)."""
    items = list(items)
    if kind is DisclosureKind.SERVICES:
        return items
    return sorted(items, key=lambda item: str(item[ITEM_KEY[kind]]))


def last_published(
    db: Session, office_id: int, kind: DisclosureKind, year: int
) -> Publication | None:
    """The latest published revision of one office's disclosure of `kind` for `year`, if any."""
    return db.scalar(
        select(Publication)
        .where(
            Publication.office_id == office_id,
            Publication.kind == kind,
            Publication.year == year,
            Publication.status == PublicationStatus.PUBLISHED,
        )
        .order_by(Publication.revision.desc())
        .limit(1)
    )


def get_draft(db: Session, office: Office, kind: DisclosureKind, year: int) -> Publication | None:
    """The open draft of one office's disclosure of `kind` for `year`, if there is one."""
    return db.scalar(
        select(Publication).where(
            Publication.office_id == office.id,
            Publication.kind == kind,
            Publication.year == year,
            Publication.status == PublicationStatus.DRAFT,
        )
    )


def open_draft(db: Session, office: Office, kind: DisclosureKind, year: int) -> Publication:
    """The open draft, or a new one starting from the latest published content.

    A new draft takes the next revision number, so a draft made after a publication is a
    correction and will need a reason.
    """
    draft = get_draft(db, office, kind, year)
    if draft is not None:
        return draft
    latest = last_published(db, office.id, kind, year)
    items = list(latest.content.get("items", [])) if latest else []
    draft = Publication(
        office_id=office.id,
        kind=kind,
        year=year,
        revision=(latest.revision + 1) if latest else 1,
        status=PublicationStatus.DRAFT,
        content={"items": items},
        item_count=len(items),
        created_at=utcnow(),
    )
    db.add(draft)
    db.flush()
    return draft


def _check_draft(draft: Publication) -> None:
    if draft.status is not PublicationStatus.DRAFT:
        raise PublicationError(_l("A published revision cannot be changed; make a correction."))


def _store(draft: Publication, items: list[dict[str, Any]]) -> None:
    items = sort_items(draft.kind, items)
    draft.content = {"items": items}  # a new object, so the JSON column is marked changed
    draft.item_count = len(items)


def replace_draft_items(
    db: Session, draft: Publication, numbered_items: Sequence[tuple[int, dict[str, Any]]]
) -> Publication:
    """Make the draft hold exactly these items ((row number, item) pairs, already read).

    Raises ItemsRejected naming the rows whose key repeats or whose references (providers,
    governments) do not exist; nothing is changed then.
    """
    _check_draft(draft)
    problems = duplicate_problems(draft.kind, numbered_items)
    problems += referenced_problems(db, draft.kind, numbered_items)
    if problems:
        raise ItemsRejected(sorted(problems, key=lambda p: (p.row, p.column)))
    _store(draft, [item for _row, item in numbered_items])
    db.flush()
    return draft


def put_draft_item(db: Session, draft: Publication, item: dict[str, Any]) -> Publication:
    """Add one item to the draft, or replace the item with the same key (category, code, …)."""
    _check_draft(draft)
    problems = referenced_problems(db, draft.kind, [(0, item)])
    if problems:
        raise PublicationError(problems[0].message, field=problems[0].column)
    key = item_key(draft.kind, item)
    items = [
        other for other in draft.content.get("items", []) if item_key(draft.kind, other) != key
    ]
    items.append(item)
    _store(draft, items)
    db.flush()
    return draft


def remove_draft_item(db: Session, draft: Publication, key: str) -> Publication:
    """Take the item with this key out of the draft (a no-op when it is not there)."""
    _check_draft(draft)
    items = [i for i in draft.content.get("items", []) if item_key(draft.kind, i) != key]
    _store(draft, items)
    db.flush()
    return draft


def discard_draft(db: Session, draft: Publication) -> None:
    """Throw the draft away; published revisions are untouched."""
    _check_draft(draft)
    db.delete(draft)
    db.flush()


def publish_draft(
    db: Session,
    draft: Publication,
    publisher: Account | None,
    reason: str | None = None,
    now: datetime | None = None,
) -> Publication:
    """Publish the draft as its revision and make its items the current published content.

    A correction (revision 2 and later) needs a reason, and must change something. Raises
    PublicationError (field "reason") otherwise.
    """
    _check_draft(draft)
    reason = (reason or "").strip() or None
    previous = last_published(db, draft.office_id, draft.kind, draft.year)
    if previous is not None and draft.revision != previous.revision + 1:
        draft.revision = previous.revision + 1  # someone published in between: renumber
    if previous is not None:
        if not reason:
            raise PublicationError(
                _l("A correction needs a reason: say what was wrong and what changed."),
                field="reason",
            )
        if previous.content.get("items", []) == draft.content.get("items", []):
            raise PublicationError(
                _l("This correction changes nothing compared with the published revision."),
                field="reason",
            )
    if reason and len(reason) > MAX_REASON:
        raise PublicationError(
            _l("The reason may be at most %(count)d characters long.", count=MAX_REASON),
            field="reason",
        )
    draft.status = PublicationStatus.PUBLISHED
    draft.reason = reason
    draft.published_at = now or utcnow()
    draft.publisher_id = publisher.id if publisher is not None else None
    db.flush()
    materialise(db, draft)
    return draft


def publish_items(
    db: Session,
    office: Office,
    kind: DisclosureKind,
    year: int,
    numbered_items: Sequence[tuple[int, dict[str, Any]]],
    publisher: Account | None,
    reason: str | None = None,
    now: datetime | None = None,
) -> Publication:
    """Replace the draft with these items and publish it at once (imports, the CLI, the demo)."""
    draft = open_draft(db, office, kind, year)
    replace_draft_items(db, draft, numbered_items)
    return publish_draft(db, draft, publisher, reason, now)


def duplicate_problems(
    kind: DisclosureKind, numbered_items: Sequence[tuple[int, dict[str, Any]]]
) -> list[RowProblem]:
    """Rows whose key (category, credit code, reference, title) repeats an earlier row."""
    seen: dict[str, int] = {}
    problems = []
    column = {"category": "category", "uscc": "uscc", "reference": "reference", "title": "title"}[
        ITEM_KEY[kind]
    ]
    for row, item in numbered_items:
        key = item_key(kind, item)
        if key in seen:
            problems.append(
                RowProblem(
                    row,
                    column,
                    _l("“%(value)s” already appears in row %(row)d.", value=key, row=seen[key]),
                )
            )
        else:
            seen[key] = row
    return problems


def count_published(db: Session, office_id: int) -> int:
    """How many revisions an office has published (all kinds and years)."""
    return db.scalar(
        select(func.count())
        .select_from(Publication)
        .where(
            Publication.office_id == office_id, Publication.status == PublicationStatus.PUBLISHED
        )
    )
