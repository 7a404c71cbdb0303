"""The one small interface views, API and CLI use: index, delete, query, rebuild, check.

An engine (Whoosh or tantivy) implements the few abstract methods of `SearchEngine`; the
directory layout, the atomic swap, the writer lock, the per-process searcher cache and the two
errors of an unusable or busy index live in `search.store`, below this module. Nothing outside
`search/` imports an engine library.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.documents import Document
from search.query_language import ParsedQuery
from search.store import IndexStore, IndexUnavailable

FACETS = ("kind", "host", "est", "year")
"""Facet fields: document kind, host province, establishing province, year."""


@dataclass(frozen=True)
class Filters:
    """Exact-match filters on facet fields (None: no filter)."""

    kind: str | None = None
    host: str | None = None
    est: str | None = None
    year: str | None = None

    def items(self) -> list[tuple[str, str]]:
        return [(name, value) for name in FACETS if (value := getattr(self, name))]


@dataclass
class Hit:
    """One result as stored in the index."""

    id: str
    kind: str
    title_zh: str
    title_en: str
    text: str
    ref: str
    office_ref: str
    year: str


@dataclass
class ResultPage:
    """One page of results, the exact total, and facet counts over every hit."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


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
        self.store = IndexStore(self.root, lock_timeout)

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
    def build(self, path: Path, documents: Iterable[Document], last: int) -> int:
        """Fill a fresh index in bulk; return the number of documents."""

    @abstractmethod
    def search(
        self, reader: Any, query: ParsedQuery, filters: Filters, offset: int, limit: int
    ) -> ResultPage:
        """Run a parsed query; facet counts cover every hit."""

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
        except Exception as error:  # noqa: BLE001 - anything unreadable is corrupt
            return IndexState("corrupt", self.name, detail=str(error)[:200])
        return IndexState("ready", self.name, last, count)

    def query(
        self, query: ParsedQuery, filters: Filters | None = None, page: int = 1, per_page: int = 20
    ) -> ResultPage:
        """One page of results. Raises IndexUnavailable when the index is missing or corrupt."""
        reader = self.store.reader(self)
        try:
            return self.search(reader, query, filters or Filters(), (page - 1) * per_page, per_page)
        except IndexUnavailable:
            raise
        except Exception as error:  # a damaged segment shows only when it is read
            self.store.forget()
            raise IndexUnavailable("corrupt", str(error)[:200]) from error

    def index(self, upserts: list[Document], deletes: list[str], last: int) -> None:
        """Apply documents to the current generation under the writer lock."""
        with self.store.writer_lock():
            path = self.store.current_path()
            if path is None:
                raise IndexUnavailable("missing")
            self.write(path, upserts, deletes, last)

    def rebuild(self, documents: Iterable[Document], last: int) -> int:
        """Build a fresh generation beside the current one, then swap it in atomically."""
        path = self.store.new_generation()
        try:
            self.create(path)
            count = self.build(path, documents, last)
        except BaseException:
            self.store.discard(path)
            raise
        with self.store.writer_lock():
            self.store.swap(path)
        return count

    def all_versions(self) -> dict[str, str]:
        """Every document id in the index with its version (for `flask search check`)."""
        return self.versions(self.store.reader(self))
