"""What the index holds: the Document, the registry of document kinds, and loading them in bulk.

Adding a document kind is one decorated function in `search/kinds.py`:

    @document_kind("inspection", Inspection, watch={Finding: lambda f: [("inspection", f.inspection_id)]})
    def inspection_document(inspection, places) -> Document | None: ...

It returns the Document for one row (or None when the row must not be searchable).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from sqlalchemy import select

from portal.models import Government, GovernmentLevel
from search import analysis

META_ID = "__meta__"
"""The id of the one document holding the index's own state (the last applied outbox row)."""


class Part(NamedTuple):
    """One field of a document as a person reads it: its name (a key of `search.labels.FIELDS`)
    and its value in Chinese and in English ("" when the value has one language only)."""

    field: str
    zh: str
    en: str = ""


HIDDEN = "_words"
"""The field of words indexed but never shown (a value's code, synonyms): no snippet quotes it."""


def text_of(parts: Iterable[Part]) -> str:
    """The searchable text of some parts: every value, Chinese and English, one a line."""
    values: list[str] = []
    for part in parts:
        values.append(part.zh)
        if part.en and part.en != part.zh:
            values.append(part.en)
    return join(*values)


NO_AMOUNT = -1
"""The amount of a document that has none (offices, providers …): below every real amount."""


@dataclass
class Document:
    """One searchable thing. `text` holds everything searchable, Chinese and English together;
    `parts` the same split into named fields (for snippets); when only `text` is given, it is
    one unnamed part.

    `day` (a date as the number YYYYMMDD, 0 when the kind has none) and `amount` (fen,
    NO_AMOUNT when none) serve sorting and ranges; `rules` are the codes of the circular's
    rules broken (a multi-valued facet); `over` marks a reception over the standard.
    """

    kind: str
    key: str
    title_zh: str
    title_en: str
    text: str = ""
    ref: str = ""
    office_ref: str = ""
    host: str = ""
    est: str = ""
    year: str = ""
    names: tuple[str, ...] = field(default=(), compare=False)
    parts: tuple[Part, ...] = ()
    day: int = 0
    amount: int = NO_AMOUNT
    rules: tuple[str, ...] = ()
    over: bool = False

    def __post_init__(self) -> None:
        if not self.parts:
            self.parts = (Part("", self.text),) if self.text else ()
        elif not self.text:
            self.text = text_of(self.parts)

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}"

    @cached_property
    def parts_json(self) -> str:
        """The parts as stored in the index (compact JSON: [[field, zh, en], …]); worked out
        once, like `version` (a document is never changed after it is made)."""
        return json.dumps([list(part) for part in self.parts], ensure_ascii=False)

    @cached_property
    def version(self) -> str:
        """A hash of what is indexed, so `check` can tell a stale document from a fresh one."""
        parts = (self.title_zh, self.title_en, self.text, self.ref, self.office_ref)
        parts += (self.host, self.est, self.year, self.parts_json, str(self.day))
        parts += (str(self.amount), " ".join(self.rules), "1" if self.over else "")
        return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


class Ready(NamedTuple):
    """A document as both engines add it: every stored value worked out, the text segmented.

    A rebuild's worker processes make these (search/building.py) and send them as plain
    tuples, tokens as plain (text, position, start, end) tuples (`analysis.token_tuples`): the
    writer only adds them.
    """

    id: str
    kind: str
    host: str
    est: str
    year: str
    rules: tuple[str, ...]
    over: bool
    day: int
    amount: int
    title_zh: str
    title_en: str
    ref: str
    office_ref: str
    version: str
    parts: str
    text: str
    tokens: Sequence[tuple[str, int, int, int]]
    pairs: list[str]


def ready(document: Document) -> Ready:
    """A document's values as the engines add them, its text segmented here."""
    tokens = analysis.token_tuples(document.text)
    return Ready(
        document.id,
        document.kind,
        document.host,
        document.est,
        document.year,
        document.rules,
        document.over,
        document.day,
        document.amount,
        document.title_zh,
        document.title_en,
        document.ref,
        document.office_ref,
        document.version,
        document.parts_json,
        document.text,
        tokens,
        analysis.index_pairs(document.text, tokens),
    )


def as_ready(item: Document | Ready) -> Ready:
    """What an engine's bulk build accepts: documents made ready already, or Documents."""
    return item if isinstance(item, Ready) else ready(item)


def read_parts(stored: str | None) -> tuple[Part, ...]:
    """The parts of a hit from their stored JSON (none for an empty or unreadable value)."""
    try:
        return tuple(Part(*values) for values in json.loads(stored or "[]"))
    except (ValueError, TypeError):
        return ()


Builder = Callable[[Any, "Places"], Document | None]
Watcher = Callable[[Any], Iterable[tuple[str, Any]]]
Preparer = Callable[[Any, list, "Places"], None]


@dataclass
class DocumentKind:
    """A kind of document: its model, how to build one, what else refreshes it."""

    name: str
    model: type
    build: Builder
    options: tuple = ()
    related: dict[str, Callable[[Any, list[int]], Any]] = field(default_factory=dict)
    prepare: Preparer | None = None
    names: tuple = ()
    plain: tuple[str, ...] | None = None


KINDS: dict[str, DocumentKind] = {}
WATCH: dict[type, list[Watcher]] = {}


def document_kind(
    name: str,
    model: type,
    *,
    options: tuple = (),
    watch: dict[type, Watcher] | None = None,
    related: dict[str, Callable[[Any, list[int]], Any]] | None = None,
    prepare: Preparer | None = None,
    names: tuple = (),
    plain: tuple[str, ...] | None = None,
) -> Callable[[Builder], Builder]:
    """Register a document kind built by the decorated function.

    Args:
        options: loader options (selectinload …) used when rows are loaded in bulk.
        watch: other models whose changes refresh a document: model -> obj -> [(kind, key)].
        related: entity name -> (db, keys) -> a select of this kind's ids to refresh when
            that entity changed (an office renamed refreshes its budgets, for instance). The
            entity may be a kind or any name a watcher returns (a province's standard …).
        prepare: (db, rows, places) -> None, called with each batch of rows before they are
            built: it loads in bulk what the rows share (their offices' findings) into
            `places.cache`.
        names: the model's columns holding the names its documents add to the user dictionary
            (`Document.names`): a rebuild reads them all before it segments anything.
        plain: when the function reads only the row's columns, its hybrid properties and these
            many-to-one relationships: a rebuild then reads the rows with Core selects
            (search/rows.py) rather than as ORM objects.
    """

    def register(build: Builder) -> Builder:
        KINDS[name] = DocumentKind(
            name, model, build, options, dict(related or {}), prepare, tuple(names), plain
        )
        WATCH.setdefault(model, []).append(lambda obj: [(name, obj.id)])
        for other, watcher in (watch or {}).items():
            WATCH.setdefault(other, []).append(watcher)
        return build

    return register


class Places:
    """Every government, loaded once per batch: names and the province above each one.

    `cache` holds what the kinds' `prepare` functions load for a batch (kept for the whole
    rebuild, so the offices' findings are read once).
    """

    def __init__(self, db) -> None:
        self.db = db
        self.cache: dict[str, Any] = {}
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
        rows = list(db.scalars(statement))
        if kind.prepare is not None:
            kind.prepare(db, rows, places)
        for row in rows:
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
            if kind.prepare is not None:
                kind.prepare(db, rows, places)
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
