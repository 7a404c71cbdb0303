"""What the index holds: the Document, the registry of document kinds, and loading them in bulk.

Adding a document kind is one decorated function in `search/kinds.py`:

    @document_kind("inspection", Inspection, watch={Finding: lambda f: [("inspection", f.inspection_id)]})
    def inspection_document(inspection, places) -> Document | None: ...

It returns the Document for one row (or None when the row must not be searchable).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from portal.models import Government, GovernmentLevel

META_ID = "__meta__"
"""The id of the one document holding the index's own state (the last applied outbox row)."""


@dataclass
class Document:
    """One searchable thing. `text` holds everything searchable, Chinese and English together."""

    kind: str
    key: str
    title_zh: str
    title_en: str
    text: str
    ref: str = ""
    office_ref: str = ""
    host: str = ""
    est: str = ""
    year: str = ""
    names: tuple[str, ...] = field(default=(), compare=False)

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}"

    @property
    def version(self) -> str:
        """A hash of what is indexed, so `check` can tell a stale document from a fresh one."""
        parts = (self.title_zh, self.title_en, self.text, self.ref, self.office_ref)
        parts += (self.host, self.est, self.year)
        return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


Builder = Callable[[Any, "Places"], Document | None]
Watcher = Callable[[Any], Iterable[tuple[str, Any]]]


@dataclass
class DocumentKind:
    """A kind of document: its model, how to build one, what else refreshes it."""

    name: str
    model: type
    build: Builder
    options: tuple = ()
    related: dict[str, Callable[[Any, list[int]], Any]] = field(default_factory=dict)


KINDS: dict[str, DocumentKind] = {}
WATCH: dict[type, list[Watcher]] = {}


def document_kind(
    name: str,
    model: type,
    *,
    options: tuple = (),
    watch: dict[type, Watcher] | None = None,
    related: dict[str, Callable[[Any, list[int]], Any]] | None = None,
) -> Callable[[Builder], Builder]:
    """Register a document kind built by the decorated function.

    Args:
        options: loader options (selectinload …) used when rows are loaded in bulk.
        watch: other models whose changes refresh a document: model -> obj -> [(kind, key)].
        related: entity name -> (db, keys) -> a select of this kind's ids to refresh when
            that entity changed (an office renamed refreshes its budgets, for instance).
    """

    def register(build: Builder) -> Builder:
        KINDS[name] = DocumentKind(name, model, build, options, dict(related or {}))
        WATCH.setdefault(model, []).append(lambda obj: [(name, obj.id)])
        for other, watcher in (watch or {}).items():
            WATCH.setdefault(other, []).append(watcher)
        return build

    return register


class Places:
    """Every government, loaded once per batch: names and the province above each one."""

    def __init__(self, db) -> None:
        rows = db.execute(
            select(
                Government.id,
                Government.code,
                Government.name_zh,
                Government.name_en,
                Government.level,
                Government.parent_id,
                Government.capital_zh,
                Government.capital_en,
            )
        ).all()
        self.rows = {row.id: row for row in rows}

    def province_of(self, government_id: int | None) -> Any:
        """The provincial government at or above a government (None for the national level)."""
        seen = 0
        row = self.rows.get(government_id)
        while row is not None and row.level != GovernmentLevel.PROVINCIAL and seen < 8:
            row = self.rows.get(row.parent_id)
            seen += 1
        return row if row is not None and row.level == GovernmentLevel.PROVINCIAL else None

    def code(self, government_id: int | None) -> str:
        row = self.rows.get(government_id)
        return row.code if row else ""

    def province_code(self, government_id: int | None) -> str:
        row = self.province_of(government_id)
        return row.code if row else ""

    def names(self, government_id: int | None) -> list[str]:
        """The Chinese and English names of a government, with its capital's."""
        row = self.rows.get(government_id)
        if row is None:
            return []
        return [v for v in (row.name_zh, row.name_en, row.capital_zh, row.capital_en) if v]


def join(*parts: Any) -> str:
    """The searchable text of some values, skipping empty ones."""
    return "\n".join(str(part) for part in parts if part not in (None, ""))


def load_documents(db, kind: DocumentKind, keys: Iterable[int], places: Places) -> dict[int, Any]:
    """Build the documents of some rows of one kind: key -> Document, or None if gone/hidden."""
    keys = sorted(set(keys))
    found: dict[int, Any] = dict.fromkeys(keys)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        statement = select(kind.model).where(kind.model.id.in_(chunk)).options(*kind.options)
        for row in db.scalars(statement):
            found[row.id] = kind.build(row, places)
    return found


def all_documents(db, places: Places, batch: int = 1000) -> Iterator[Document]:
    """Every document of every kind, read in primary-key order a batch at a time."""
    for kind in KINDS.values():
        last = 0
        while True:
            statement = (
                select(kind.model)
                .where(kind.model.id > last)
                .order_by(kind.model.id)
                .limit(batch)
                .options(*kind.options)
            )
            rows = list(db.scalars(statement))
            if not rows:
                break
            for row in rows:
                document = kind.build(row, places)
                if document is not None:
                    yield document
            last = rows[-1].id
            del rows  # the identity map holds unchanged rows weakly: memory stays flat


def dependents(db, entity: str, keys: list[int]) -> dict[str, set[int]]:
    """The documents of other kinds to refresh because `entity` rows `keys` changed."""
    found: dict[str, set[int]] = {}
    for kind in KINDS.values():
        query = kind.related.get(entity)
        if query is not None and keys:
            for start in range(0, len(keys), 500):
                ids = db.scalars(query(db, keys[start : start + 500])).all()
                found.setdefault(kind.name, set()).update(ids)
    return found
