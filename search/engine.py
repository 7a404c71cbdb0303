"""The one small interface views, API and CLI use: index, delete, query, rebuild, check.

An engine (Whoosh or tantivy) implements the few abstract methods of `SearchEngine`; the
directory layout, the atomic swap, the writer lock, the per-process searcher cache and the two
errors of an unusable or busy index live in `search.store`, below this module. Nothing outside
`search/` imports an engine library.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.documents import NO_AMOUNT, Document, Part, Ready, read_parts, text_of
from search.query_language import ParsedQuery
from search.store import IndexStore, IndexUnavailable, is_index_damage

FACETS = ("kind", "host", "est", "year", "rule", "over")
"""Facet fields: document kind, host province, establishing province, year, the rules broken
(several per document), over the standard ("yes")."""

MULTI_VALUED = ("rule",)
"""Facets a document can have several values of (counted once per value)."""

SORTS = ("relevance", "newest", "oldest", "amount")
"""Orders of the results: by score, by date (newest or oldest first), by amount (largest first).
Documents without a date or an amount come after every document that has one."""

SCHEMA_VERSION = "2"
"""Bumped whenever the fields of the index change: an index built with another version reads
as "outdated", which the indexer rebuilds (and the page answers 503 meanwhile)."""

OLDEST_MISSING = -99_999_999
"""The "oldest first" key of a document without a date: after every dated one."""


def oldest_key(day: int) -> int:
    """The key that sorts documents oldest first when ordered from the largest key down."""
    return -day if day else OLDEST_MISSING


@dataclass(frozen=True)
class Filters:
    """Exact-match filters on facet fields (None: no filter) and inclusive ranges on the date
    (YYYYMMDD) and the amount (fen)."""

    kind: str | None = None
    host: str | None = None
    est: str | None = None
    year: str | None = None
    rule: str | None = None
    over: str | None = None
    day_from: int | None = None
    day_to: int | None = None
    amount_min: int | None = None
    amount_max: int | None = None

    def items(self) -> list[tuple[str, str]]:
        return [(name, value) for name in FACETS if (value := getattr(self, name))]

    def ranges(self) -> list[tuple[str, int, int | None]]:
        """(field, lowest, highest or None) for each range asked for. The lowest bound is
        never below the first real value, so documents without a date or amount never match."""
        found = []
        if self.day_from is not None or self.day_to is not None:
            found.append(("day", max(self.day_from or 1, 1), self.day_to))
        if self.amount_min is not None or self.amount_max is not None:
            found.append(("amount", max(self.amount_min or 0, 0), self.amount_max))
        return found


@dataclass
class Hit:
    """One result as stored in the index."""

    id: str
    kind: str
    title_zh: str
    title_en: str
    ref: str
    office_ref: str
    year: str
    parts: tuple[Part, ...] = ()
    day: int = 0
    amount: int = NO_AMOUNT
    host: str = ""
    est: str = ""
    rules: tuple[str, ...] = ()
    over: bool = False

    @property
    def text(self) -> str:
        return text_of(self.parts)


@dataclass
class ResultPage:
    """One page of results, the total, and facet counts over every hit.

    `estimated`: the total was estimated (it is above the engine's exact-count cap); the facet
    counts are then estimated too, except where `exact_facets` names them. `capped`: the
    prefixes (`bai*`) that had more expansions than the cap.
    """

    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    estimated: bool = False
    capped: list[str] = field(default_factory=list)


def hit_from_stored(get) -> Hit:
    """A Hit from a stored document, read through `get(name) -> value or None` (both engines
    store the same fields)."""
    rules = (get("rule") or "").split()
    return Hit(
        id=get("id"),
        kind=get("kind"),
        title_zh=get("title_zh") or "",
        title_en=get("title_en") or "",
        ref=get("ref") or "",
        office_ref=get("office_ref") or "",
        year=(get("year") or "-").strip("-"),
        parts=read_parts(get("parts")),
        day=int(get("day") or 0),
        amount=int(get("amount") if get("amount") is not None else NO_AMOUNT),
        host=(get("host") or "-").strip("-"),
        est=(get("est") or "-").strip("-"),
        rules=tuple(rule for rule in rules if rule != "-"),
        over=get("over") == "yes",
    )


@dataclass
class IndexState:
    """What a health check or a page needs to know about the index."""

    state: str  # "ready" | "missing" | "corrupt"
    engine: str
    last_applied: int = 0
    documents: int = 0
    detail: str = ""


class SearchEngine(ABC):
    """An engine bound to one index directory (its generations live below it)."""

    name = "abstract"

    def __init__(self, root: str | Path, lock_timeout: float = 10.0) -> None:
        self.root = Path(root) / self.name
        self.store = IndexStore(self.root, lock_timeout, f"{self.name} {SCHEMA_VERSION}")

    # -- what an engine implements, per generation directory ------------------------------
    @abstractmethod
    def create(self, path: Path) -> None:
        """Create an empty index in `path`."""

    @abstractmethod
    def open_reader(self, path: Path) -> Any:
        """Open what queries need (a searcher); raise on a corrupt index."""

    @abstractmethod
    def generation(self, path: Path) -> Any:
        """A cheap marker that changes whenever a commit changed the index."""

    @abstractmethod
    def write(self, path: Path, upserts: list[Document], deletes: list[str], last: int) -> None:
        """Replace/delete documents and record `last` as the last applied row, in one commit."""

    @abstractmethod
    def build(
        self, path: Path, documents: Iterable[Document | Ready], last: int, processes: int = 1
    ) -> int:
        """Fill a fresh index in bulk (documents made ready already, or Documents); return the
        number of documents."""

    @abstractmethod
    def search(
        self,
        reader: Any,
        query: ParsedQuery,
        filters: Filters,
        offset: int,
        limit: int,
        sort: str = "relevance",
    ) -> ResultPage:
        """Run a parsed query; facet counts cover every hit."""

    @abstractmethod
    def iter_hits(
        self, reader: Any, query: ParsedQuery, filters: Filters, sort: str, limit: int
    ) -> Iterator[Hit]:
        """The first `limit` hits in order, read one at a time (no facet counts): exports."""

    @abstractmethod
    def read_meta(self, reader: Any) -> tuple[int, int]:
        """(last applied outbox row, number of documents)."""

    @abstractmethod
    def versions(self, reader: Any) -> dict[str, str]:
        """Every document id with its version hash."""

    # -- the interface the rest of the portal uses -----------------------------------------
    def state(self) -> IndexState:
        """Whether the index can be searched, and how far it got in the outbox."""
        try:
            reader = self.store.reader(self)
            last, count = self.read_meta(reader)
        except IndexUnavailable as error:
            return IndexState(error.state, self.name, detail=error.detail)
        except BaseException as error:  # anything unreadable is corrupt, a Rust panic too
            if not is_index_damage(error):
                raise
            self.store.forget()
            return IndexState("corrupt", self.name, detail=str(error)[:200])
        return IndexState("ready", self.name, last, count)

    def query(
        self,
        query: ParsedQuery,
        filters: Filters | None = None,
        page: int = 1,
        per_page: int = 20,
        sort: str = "relevance",
    ) -> ResultPage:
        """One page of results. Raises IndexUnavailable when the index is missing or corrupt."""
        reader = self.store.reader(self)
        try:
            offset = (page - 1) * per_page
            return self.search(reader, query, filters or Filters(), offset, per_page, sort)
        except IndexUnavailable:
            raise
        except BaseException as error:  # a damaged segment shows only when it is read
            if not is_index_damage(error):
                raise
            self.store.forget()
            raise IndexUnavailable("corrupt", str(error)[:200]) from error

    def export(self, query: ParsedQuery, filters: Filters, sort: str, limit: int) -> Iterator[Hit]:
        """The first `limit` hits in order, read lazily (an export streams them).

        The order is computed when this is called (IndexUnavailable then, not mid-stream); a
        damaged segment found later ends the stream early.
        """
        reader = self.store.reader(self)
        try:
            return self.iter_hits(reader, query, filters, sort, limit)
        except BaseException as error:
            if not is_index_damage(error):
                raise
            self.store.forget()
            raise IndexUnavailable("corrupt", str(error)[:200]) from error

    def index(self, upserts: list[Document], deletes: list[str], last: int) -> None:
        """Apply documents to the current generation under the writer lock."""
        with self.store.writer_lock():
            path = self.store.current_path()
            if path is None:
                raise IndexUnavailable("missing")
            self.write(path, upserts, deletes, last)

    def rebuild(self, documents: Iterable[Document | Ready], last: int, processes: int = 1) -> int:
        """Build a fresh generation beside the current one, then swap it in atomically
        (`processes`: how many the build may use to write, where the engine can)."""
        path = self.store.new_generation()
        try:
            self.create(path)
            self.store.mark_schema(path)
            count = self.build(path, documents, last, processes)
        except BaseException:
            self.store.discard(path)
            raise
        with self.store.writer_lock():
            self.store.swap(path)
        return count

    def all_versions(self) -> dict[str, str]:
        """Every document id in the index with its version (for `flask search check`)."""
        return self.versions(self.store.reader(self))
