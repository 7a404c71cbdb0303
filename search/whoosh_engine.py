"""The Whoosh engine (pinned 2.7.4): the embedded default.

Traps guarded here (tests in tests/search/test_traps.py): we never call `Searcher.refresh()`
(in the forks whoosh-reloaded 2.7.5 and whoosh3 it returns merged-away segments too): a new
searcher is opened when the generation changes (search/store.py). The text field uses our
own analyzer (search/analysis.py) with consecutive positions, not jieba's ChineseAnalyzer.
"""

from __future__ import annotations

import gc
import os
import re
import time
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    # Whoosh 2.7.4 predates Python 3.12's SyntaxWarning on invalid escapes.
    warnings.simplefilter("ignore")
    from whoosh import index as whoosh_index
    from whoosh import query as wq
    from whoosh.analysis import Token as WhooshToken
    from whoosh.analysis import Tokenizer
    from whoosh.columns import NumericColumn
    from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
    from whoosh.index import LockError

from search import analysis
from search.documents import META_ID, Document, Ready, as_ready, ready
from search.engine import Filters, Hit, ResultPage, SearchEngine, hit_from_stored
from search.query_language import MAX_EXPANSIONS, Clause, ParsedQuery
from search.store import WriterBusy
from search.whoosh_segments import (
    collect,
    collect_or_estimate,
    facet_counts,
    top_by_key,
    total,
    warm,
)

_TOC = re.compile(r"^_MAIN_(\d+)\.toc$")


class SegmentingTokenizer(Tokenizer):
    """Whoosh tokenizer over search.analysis: consecutive positions, stacked tiles."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        tokens = getattr(value, "tokens", None)
        for text, position, start, end in (
            analysis.index_tokens(value) if tokens is None else tokens
        ):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class Segmented(str):
    """A text with its tokens, segmented already (search.documents.Ready): the tokenizer uses
    them as they are."""

    tokens: tuple = ()


class StoredColumn(COLUMN):
    """A per-document number kept in a column (for ranges and sorting) and stored (for hits)."""

    stored = True


SCAN_LIMIT = 5000
"""A prefix looks at no more than this many indexed words (alphabetically) before keeping the
MAX_EXPANSIONS most common: the expansion is bounded even for a prefix shared by thousands."""


def make_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        kind=ID(stored=True),
        host=ID(stored=True),
        est=ID(stored=True),
        year=ID(stored=True),
        rule=KEYWORD(stored=True),
        over=ID(stored=True),
        day=StoredColumn(NumericColumn("i")),
        amount=StoredColumn(NumericColumn("q")),
        title_zh=STORED,
        title_en=STORED,
        ref=STORED,
        office_ref=STORED,
        version=STORED,
        last_applied=STORED,
        parts=STORED,
        text=TEXT(analyzer=SegmentingTokenizer(), phrase=True),
        pairs=KEYWORD(scorable=True),
    )


def _fields(item: Ready) -> dict[str, Any]:
    text = Segmented(item.text)
    text.tokens = item.tokens
    return {
        "id": item.id,
        "kind": item.kind,
        "host": item.host or "-",
        "est": item.est or "-",
        "year": item.year or "-",
        "rule": " ".join(item.rules) or "-",
        "over": "yes" if item.over else "-",
        "day": item.day,
        "amount": item.amount,
        "title_zh": item.title_zh,
        "title_en": item.title_en,
        "ref": item.ref,
        "office_ref": item.office_ref,
        "version": item.version,
        "parts": item.parts,
        "text": text,
        "pairs": " ".join(item.pairs),
    }


def expand_prefix(searcher: Any, prefix: str) -> tuple[list[str], bool]:
    """The indexed words beginning with `prefix`: at most MAX_EXPANSIONS, the most common first,
    and whether there were more."""
    reader = searcher.reader()
    found = []
    for number, term in enumerate(reader.expand_prefix("text", prefix)):
        if number >= SCAN_LIMIT:
            break
        word = term.decode() if isinstance(term, bytes) else term
        found.append((-reader.doc_frequency("text", word), word))
    found.sort()
    return [word for _n, word in found[:MAX_EXPANSIONS]], len(found) > MAX_EXPANSIONS


def _clause(clause: Clause, searcher: Any, capped: list[str]) -> wq.Query:
    if clause.prefix:
        words, more = expand_prefix(searcher, clause.terms[0])
        if more:
            capped.append(clause.terms[0])
        return wq.Or([wq.Term("text", word) for word in words]) if words else wq.NullQuery
    if len(clause.terms) == 1:
        return wq.Term("text", clause.terms[0])
    if clause.phrase:
        # Adjacent pairs, not Whoosh's positional Phrase: it checks positions in Python for
        # every candidate (seconds on a phrase common in 100,000 documents). Exact for two
        # units; for more, every adjacent pair must occur (tantivy checks positions).
        return wq.And([wq.Term("pairs", pair) for pair in analysis.pair_terms(clause.terms)])
    return wq.And([wq.Term("text", term) for term in clause.terms])


FACET_BOOST = 1e-6
"""A facet filter's weight in the score: next to nothing, never zero (see facet_term)."""


def facet_term(name: str, value: str) -> wq.Query:
    """A facet filter as a term of the query, not as a `filter=`: Whoosh's filtering collector
    scores every match, while an intersection keeps its block-quality skipping. Its weight is
    the same for every match (a facet field is not scorable), so it changes no order; it must
    not be 0: skipping divides by the boost, and with a zero boost a filtered search over
    several segments failed with ZeroDivisionError (a parallel rebuild's index, 2026-12-01)."""
    return wq.Term(name, value, boost=FACET_BOOST)


def build_query(parsed: ParsedQuery, searcher: Any, capped: list[str]) -> wq.Query:
    """Translate a parsed query into Whoosh query objects (no query-string parser involved);
    prefixes are expanded against the index, and noted in `capped` when cut short."""
    groups = [
        wq.Or([_clause(c, searcher, capped) for c in group])
        if len(group) > 1
        else _clause(group[0], searcher, capped)
        for group in parsed.groups
    ]
    query: wq.Query = wq.And(groups) if len(groups) > 1 else groups[0]
    if parsed.exclude:
        query = wq.AndNot(query, wq.Or([_clause(c, searcher, capped) for c in parsed.exclude]))
    return query


SORT_KEYS = {"newest": "day", "oldest": "oldest", "amount": "amount"}
"""The per-segment key each sort orders by, largest first (search/whoosh_segments.py)."""

BUILD_MEMORY_MB = 1024
"""How much a rebuild's writer keeps in memory (Whoosh's own estimate of its postings) before
it sorts them to a run on disk. At 256 MB the `small` demo's 2.2 million postings went to disk
twice and a third of the build was pickling them there and back (2026-12-01, bench/README.md);
at 1024 MB the small build sorts in memory (about 730 MB resident) and the full one spills a
few times rather than dozens."""

WRITER_BATCH = 100
"""Documents per batch a parallel build hands to one of its writing sub-processes."""


def _cancel(writer: Any) -> None:
    """Give up a build: Whoosh's own cancel only flags its sub-processes in this process (they
    would wait on their queue for ever and keep the command from ending): they are stopped."""
    for task in getattr(writer, "tasks", ()):
        task.terminate()
        task.join()
    writer.cancel()


ESTIMATE_ABOVE = 10_000
"""A search by relevance with more matches than this estimates its total and facet counts from
a sample (the page says "about"); sorted or ranged searches always read every match."""


class WhooshEngine(SearchEngine):
    """Whoosh behind the search interface."""

    name = "whoosh"

    def create(self, path: Path) -> None:
        whoosh_index.create_in(str(path), make_schema())

    def open_reader(self, path: Path) -> Any:
        # Whoosh leaves the table of contents open when it cannot read it: the file is
        # closed here, quietly, rather than surface as a ResourceWarning at a later collection.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                searcher = whoosh_index.open_dir(str(path)).searcher()
                warm(searcher)
                return searcher
            except Exception as error:  # noqa: BLE001 - reported as a corrupt index
                detail = f"{type(error).__name__}: {error}"
            gc.collect()
        raise OSError(detail)

    def generation(self, path: Path) -> Any:
        gens = [int(m.group(1)) for name in os.listdir(path) if (m := _TOC.match(name))]
        if not gens:
            raise OSError(f"no table of contents in {path}")
        toc = (path / f"_MAIN_{max(gens)}.toc").stat()
        return (max(gens), toc.st_ino, toc.st_mtime_ns)

    def _writer(self, ix) -> Any:
        deadline = time.monotonic() + self.store.lock_timeout
        while True:
            try:
                return ix.writer(timeout=1.0)
            except LockError:
                if time.monotonic() > deadline:
                    raise WriterBusy(str(self.root)) from None

    def write(self, path: Path, upserts: list[Document], deletes: list[str], last: int) -> None:
        ix = whoosh_index.open_dir(str(path))
        writer = self._writer(ix)
        try:
            for doc_id in deletes:
                writer.delete_by_term("id", doc_id)
            for document in upserts:
                writer.update_document(**_fields(ready(document)))
            writer.update_document(id=META_ID, kind=META_ID, last_applied=last)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

    def build(
        self, path: Path, documents: Iterable[Document | Ready], last: int, processes: int = 1
    ) -> int:
        ix = whoosh_index.open_dir(str(path))
        if processes > 1:
            # Whoosh's MpWriter: sub-processes write a segment each from batches of documents
            # (segmented already), kept as they are (no final merge: the queries work per
            # segment). Only `flask search rebuild --workers N` asks for this (search/indexer.py).
            writer = ix.writer(
                procs=processes,
                multisegment=True,
                batchsize=WRITER_BATCH,
                limitmb=BUILD_MEMORY_MB // processes,
            )
        else:
            writer = ix.writer(limitmb=BUILD_MEMORY_MB)
        count = 0
        try:
            for document in documents:
                writer.add_document(**_fields(as_ready(document)))
                count += 1
            writer.add_document(id=META_ID, kind=META_ID, last_applied=last)
            writer.commit(optimize=processes == 1)
        except BaseException:
            _cancel(writer)
            raise
        return count

    def _ordered(
        self,
        reader: Any,
        parsed: ParsedQuery,
        filters: Filters,
        sort: str,
        count: int,
        counts: bool = True,
    ) -> tuple[list, list[int], list[str], bool]:
        """(the matching documents per segment, the first `count` global docnums in order,
        the prefixes cut short, whether the matches were sampled). Without `counts` (an
        export by relevance) the matches are not collected unless the order needs them."""
        capped: list[str] = []
        built = build_query(parsed, reader, capped)
        terms = [facet_term(name, value) for name, value in filters.items()]
        query = wq.And([built, *terms]) if terms else built
        ranges = filters.ranges()
        if sort in SORT_KEYS or ranges:
            matched, estimated = collect(reader, query, ranges), False
        elif not counts:
            matched, estimated = [], False
        else:
            matched, estimated = collect_or_estimate(reader, query, ESTIMATE_ABOVE)
        if sort in SORT_KEYS:
            return matched, top_by_key(matched, SORT_KEYS[sort], count), capped, False
        allowed = {part.base + i for part in matched for i in part.ids} if ranges else None
        results = reader.search(query, limit=max(count, 1), filter=allowed, terms=False)
        return matched, [hit.docnum for hit in results[:count]], capped, estimated

    def search(
        self,
        reader: Any,
        query: ParsedQuery,
        filters: Filters,
        offset: int,
        limit: int,
        sort: str = "relevance",
    ) -> ResultPage:
        ordered = self._ordered(reader, query, filters, sort, offset + limit)
        matched, docnums, capped, estimated = ordered
        counts = {
            name: [(value, n) for value, n in values if value not in ("-", "")]
            for name, values in facet_counts(matched).items()
        }
        hits = [hit_from_stored(reader.stored_fields(n).get) for n in docnums[offset:]]
        return ResultPage(total(matched), hits, counts, estimated=estimated, capped=capped)

    def iter_hits(
        self, reader: Any, query: ParsedQuery, filters: Filters, sort: str, limit: int
    ) -> Iterator[Hit]:
        ordered = self._ordered(reader, query, filters, sort, limit, counts=False)
        docnums = ordered[1]
        return (hit_from_stored(reader.stored_fields(n).get) for n in docnums)

    def read_meta(self, reader: Any) -> tuple[int, int]:
        stored = reader.document(id=META_ID)
        last = int(stored["last_applied"]) if stored else 0
        return last, max(reader.doc_count() - (1 if stored else 0), 0)

    def versions(self, reader: Any) -> dict[str, str]:
        return {
            stored["id"]: stored.get("version", "")
            for stored in reader.all_stored_fields()
            if stored.get("id") != META_ID
        }
