"""The tantivy engine (pinned 0.27.0): the fast engine for the scaled mode.

Text is segmented once by our own analyzer (search/analysis.py) and handed to tantivy
pre-tokenised with our positions, so phrases and tiles behave exactly as with Whoosh.
tantivy allows one writer per index: a busy lock is retried until the timeout (WriterBusy).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import tantivy

from search.documents import META_ID, Document, Ready, as_ready, ready
from search.engine import (
    FACETS,
    Filters,
    Hit,
    ResultPage,
    SearchEngine,
    hit_from_stored,
    oldest_key,
)
from search.query_language import MAX_EXPANSIONS, Clause, ParsedQuery
from search.store import WriterBusy

STORED_ONLY = ("title_zh", "title_en", "ref", "office_ref", "version", "parts")
Occur = tantivy.Occur
SORT_FIELDS = {"newest": "day", "oldest": "oldest", "amount": "amount"}
"""The fast field each sort orders by, largest first."""
TIE_WINDOW = 1_000
"""How far past a page the search looks for hits tied with its last one. tantivy orders equal
scores by where a document sits in the index, which changes with every rebuild; hits that tie are
put in the order of their ids so a page shows the same hits in the same order however the index
was built. A tie larger than this (a query that scores every document alike) keeps index order."""


def make_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in FACETS:
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    for name in STORED_ONLY:
        builder.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("last_applied", stored=True)
    builder.add_integer_field("day", stored=True, fast=True)
    builder.add_integer_field("amount", stored=True, fast=True)
    builder.add_integer_field("oldest", fast=True)
    builder.add_text_field("text", tokenizer_name="raw", index_option="position")
    return builder.build()


def _document(item: Ready) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", item.id)
    doc.add_text("kind", item.kind)
    doc.add_text("host", item.host or "-")
    doc.add_text("est", item.est or "-")
    doc.add_text("year", item.year or "-")
    for rule in item.rules or ("-",):
        doc.add_text("rule", rule)
    doc.add_text("over", "yes" if item.over else "-")
    doc.add_integer("day", item.day)
    doc.add_integer("amount", item.amount)
    doc.add_integer("oldest", oldest_key(item.day))
    for name in STORED_ONLY:
        doc.add_text(name, getattr(item, name))
    tokens = [tantivy.Token(*token) for token in item.tokens]  # (text, position, start, end)
    doc.add_pre_tokenized_text("text", tantivy.PreTokenizedString(item.text, tokens))
    return doc


def _meta(last: int) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", META_ID)
    doc.add_text("kind", META_ID)
    doc.add_unsigned("last_applied", last)
    return doc


def _hit(stored: tantivy.Document) -> Hit:
    """A Hit from a stored document (every value of the multi-valued facets)."""
    return hit_from_stored(
        lambda name: " ".join(stored.get_all(name)) if name == "rule" else stored.get_first(name)
    )


class TantivyEngine(SearchEngine):
    """tantivy behind the search interface."""

    name = "tantivy"

    def __init__(self, root, lock_timeout: float = 10.0) -> None:
        super().__init__(root, lock_timeout)
        self.schema = make_schema()

    def create(self, path: Path) -> None:
        tantivy.Index(self.schema, path=str(path))

    def open_reader(self, path: Path) -> Any:
        index = tantivy.Index.open(str(path))
        index.config_reader(reload_policy="manual")
        return index.searcher()

    def generation(self, path: Path) -> Any:
        stat = (path / "meta.json").stat()
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def _writer(self, index: tantivy.Index, heap: int, threads: int) -> Any:
        deadline = time.monotonic() + self.store.lock_timeout
        while True:
            try:
                return index.writer(heap, threads)
            except ValueError as error:
                if "LockBusy" not in str(error) or time.monotonic() > deadline:
                    raise WriterBusy(str(self.root)) from error
                time.sleep(0.05)

    def write(self, path: Path, upserts: list[Document], deletes: list[str], last: int) -> None:
        index = tantivy.Index.open(str(path))
        writer = self._writer(index, 20_000_000, 1)
        try:
            for doc_id in [*deletes, *(d.id for d in upserts), META_ID]:
                writer.delete_documents_by_term("id", doc_id)
            for document in upserts:
                writer.add_document(_document(ready(document)))
            writer.add_document(_meta(last))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    def build(
        self, path: Path, documents: Iterable[Document | Ready], last: int, processes: int = 1
    ) -> int:
        """(tantivy's writer has threads of its own: `processes` is not needed.)"""
        index = tantivy.Index.open(str(path))
        writer = self._writer(index, 200_000_000, 2)
        count = 0
        try:
            for document in documents:
                writer.add_document(_document(as_ready(document)))
                count += 1
            writer.add_document(_meta(last))
            writer.commit()
        finally:
            writer.wait_merging_threads()
        return count

    def _clause(self, clause: Clause, reader: Any, capped: list[str]) -> tantivy.Query:
        if clause.prefix:
            prefix = clause.terms[0]
            found = reader.terms_with_prefix("text", prefix, limit=MAX_EXPANSIONS + 1)
            if len(found) > MAX_EXPANSIONS:
                capped.append(prefix)
            words = sorted(found, key=lambda pair: (-pair[1], pair[0]))[:MAX_EXPANSIONS]
            if not words:
                return tantivy.Query.empty_query()
            return tantivy.Query.term_set_query(self.schema, "text", [w for w, _n in words])
        if len(clause.terms) == 1:
            return tantivy.Query.term_query(self.schema, "text", clause.terms[0])
        if clause.phrase:
            return tantivy.Query.phrase_query(self.schema, "text", clause.terms)
        return tantivy.Query.boolean_query(
            [(Occur.Must, tantivy.Query.term_query(self.schema, "text", t)) for t in clause.terms]
        )

    def build_query(
        self, parsed: ParsedQuery, filters: Filters, reader: Any, capped: list[str]
    ) -> tantivy.Query:
        """The query, its facet filters and its ranges as one boolean query; prefixes are
        expanded against the index and noted in `capped` when cut short."""
        parts = []
        for group in parsed.groups:
            if len(group) == 1:
                parts.append((Occur.Must, self._clause(group[0], reader, capped)))
            else:
                alternatives = [(Occur.Should, self._clause(c, reader, capped)) for c in group]
                parts.append((Occur.Must, tantivy.Query.boolean_query(alternatives)))
        parts += [(Occur.MustNot, self._clause(c, reader, capped)) for c in parsed.exclude]
        parts += [
            (Occur.Must, tantivy.Query.term_query(self.schema, name, value))
            for name, value in filters.items()
        ]
        parts += [
            (
                Occur.Must,
                tantivy.Query.range_query(self.schema, name, tantivy.FieldType.Integer, low, high),
            )
            for name, low, high in filters.ranges()
        ]
        return tantivy.Query.boolean_query(parts)

    def _search(self, reader: Any, built: tantivy.Query, sort: str, offset: int, limit: int):
        if sort in SORT_FIELDS:
            return reader.search(
                built,
                limit=max(limit, 1),
                count=True,
                offset=offset,
                order_by_field=SORT_FIELDS[sort],
                order=tantivy.Order.Desc,
            )
        return reader.search(built, limit=max(limit, 1), count=True, offset=offset)

    def _stable_page(
        self, reader: Any, built: tantivy.Query, sort: str, offset: int, limit: int
    ) -> tuple[int, list[Any]]:
        """The total and the addresses of hits offset..offset+limit, ties in id order."""
        end = offset + max(limit, 1)
        fetch = end + 1
        while True:
            result = self._search(reader, built, sort, 0, fetch)
            hits = result.hits
            complete = len(hits) < fetch or hits[end - 1][0] != hits[-1][0]
            if complete or fetch > end + TIE_WINDOW:
                break
            fetch = min(fetch * 4, end + TIE_WINDOW + 1)
        ordered: list[Any] = []
        start = 0
        while start < min(len(hits), end):
            stop = start + 1
            while stop < len(hits) and hits[stop][0] == hits[start][0]:
                stop += 1
            group = [address for _key, address in hits[start:stop]]
            if stop > offset and len(group) > 1:
                group.sort(key=lambda address: reader.doc(address).get_first("id"))
            ordered += group
            start = stop
        return result.count or 0, ordered[offset:end]

    def search(
        self,
        reader: Any,
        query: ParsedQuery,
        filters: Filters,
        offset: int,
        limit: int,
        sort: str = "relevance",
    ) -> ResultPage:
        capped: list[str] = []
        built = self.build_query(query, filters, reader, capped)
        count, addresses = self._stable_page(reader, built, sort, offset, limit)
        aggregations = reader.aggregate(
            built, {name: {"terms": {"field": name, "size": 500}} for name in FACETS}
        )
        facets = {
            name: [
                (bucket["key"], int(bucket["doc_count"]))
                for bucket in aggregations.get(name, {}).get("buckets", [])
                if bucket["key"] not in ("-", "")
            ]
            for name in FACETS
        }
        hits = [_hit(reader.doc(address)) for address in addresses]
        return ResultPage(total=count, hits=hits, facets=facets, capped=capped)

    def iter_hits(
        self, reader: Any, query: ParsedQuery, filters: Filters, sort: str, limit: int
    ) -> Iterator[Hit]:
        built = self.build_query(query, filters, reader, [])
        _count, addresses = self._stable_page(reader, built, sort, 0, limit)
        return (_hit(reader.doc(address)) for address in addresses)

    def read_meta(self, reader: Any) -> tuple[int, int]:
        query = tantivy.Query.term_query(self.schema, "id", META_ID)
        result = reader.search(query, limit=1, count=True)
        last = 0
        if result.hits:
            last = int(reader.doc(result.hits[0][1]).get_first("last_applied") or 0)
        return last, max(reader.num_docs - result.count, 0)

    def versions(self, reader: Any) -> dict[str, str]:
        total = reader.num_docs
        result = reader.search(tantivy.Query.all_query(), limit=max(total, 1), count=False)
        found = {}
        for _score, address in result.hits:
            stored = reader.doc(address)
            doc_id = stored.get_first("id")
            if doc_id != META_ID:
                found[doc_id] = stored.get_first("version") or ""
        return found
