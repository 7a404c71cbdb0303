"""The public history of a disclosure: its published revisions and what changed between them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from disclosures.items import ITEM_KEY
from disclosures.models import DisclosureKind, Publication, PublicationStatus
from portal.models import Office


@dataclass(frozen=True)
class FieldChange:
    """One field of one item: its value before and after (amounts in fen, dates ISO)."""

    name: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ItemChange:
    """An item present in both revisions with at least one field changed."""

    key: str
    before: dict[str, Any]
    after: dict[str, Any]
    fields: list[FieldChange]


@dataclass(frozen=True)
class RevisionDiff:
    """What a revision added, removed and changed compared with the one before it."""

    kind: DisclosureKind
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def publication_history(
    db: Session, office: Office | int, kind: DisclosureKind | str, year: int
) -> list[Publication]:
    """Every published revision of one office's disclosure of `kind` for `year`, oldest first.

    Drafts are never included. Each revision carries its number, reason (for corrections),
    publication time, publisher and the JSON snapshot of what it published.
    """
    office_id = office if isinstance(office, int) else office.id
    return list(
        db.scalars(
            select(Publication)
            .where(
                Publication.office_id == office_id,
                Publication.kind == DisclosureKind(kind),
                Publication.year == year,
                Publication.status == PublicationStatus.PUBLISHED,
            )
            .order_by(Publication.revision)
        )
    )


def revision_diff(older: Publication | None, newer: Publication) -> RevisionDiff:
    """Compare two revisions' snapshots item by item (items matched by their key).

    `older` None means `newer` is the first publication: everything in it is added. Items are
    matched by category (budgets), credit code (providers), reference (contracts, receptions)
    or title (services).
    """
    kind = DisclosureKind(newer.kind)
    return diff_items(
        kind, older.content.get("items", []) if older else [], newer.content.get("items", [])
    )


def diff_items(
    kind: DisclosureKind, before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]
) -> RevisionDiff:
    """The difference between two lists of items of one kind (pure; used by revision_diff)."""
    key_name = ITEM_KEY[kind]
    old = {str(item[key_name]): item for item in before}
    new = {str(item[key_name]): item for item in after}
    added = [item for key, item in new.items() if key not in old]
    removed = [item for key, item in old.items() if key not in new]
    changed = []
    for key, item in new.items():
        if key not in old or old[key] == item:
            continue
        names = sorted(set(old[key]) | set(item))
        fields = [
            FieldChange(name, old[key].get(name), item.get(name))
            for name in names
            if old[key].get(name) != item.get(name)
        ]
        if fields:
            changed.append(ItemChange(key, old[key], item, fields))
    return RevisionDiff(kind, added, removed, changed)


def history_with_diffs(
    db: Session, office: Office | int, kind: DisclosureKind | str, year: int
) -> list[tuple[Publication, RevisionDiff]]:
    """Each published revision with what it changed against the one before, oldest first."""
    revisions = publication_history(db, office, kind, year)
    previous: Publication | None = None
    result = []
    for revision in revisions:
        result.append((revision, revision_diff(previous, revision)))
        previous = revision
    return result
