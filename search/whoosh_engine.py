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
from array import array
from collections import Counter
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    # Whoosh 2.7.4 predates Python 3.12's SyntaxWarning on invalid escapes.
    warnings.simplefilter("ignore")
    from whoosh import index as whoosh_index
    from whoosh import query as wq
    from whoosh.analysis import Token as WhooshToken
    from whoosh.analysis import Tokenizer
    from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
    from whoosh.index import LockError

from search import analysis
from search.documents import META_ID, Document
from search.engine import FACETS, Filters, Hit, ResultPage, SearchEngine
from search.query_language import Clause, ParsedQuery
from search.store import WriterBusy

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
        for term in analysis.index_tokens(value):
            token.text = term.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term.text
            if positions:
                token.pos = start_pos + term.position
            if chars:
                token.startchar = start_char + term.start
                token.endchar = start_char + term.end
            yield token


def make_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        kind=ID(stored=True, sortable=True),
        host=ID(stored=True, sortable=True),
        est=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        title_zh=STORED,
        title_en=STORED,
        ref=STORED,
        office_ref=STORED,
        version=STORED,
        last_applied=STORED,
        text=TEXT(analyzer=SegmentingTokenizer(), phrase=True, stored=True),
        pairs=KEYWORD(scorable=True),
    )


def _fields(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "kind": document.kind,
        "host": document.host or "-",
        "est": document.est or "-",
        "year": document.year or "-",
        "title_zh": document.title_zh,
        "title_en": document.title_en,
        "ref": document.ref,
        "office_ref": document.office_ref,
        "version": document.version,
        "text": document.text,
        "pairs": " ".join(analysis.index_pairs(document.text)),
    }


def _clause(clause: Clause) -> wq.Query:
    if len(clause.terms) == 1:
        return wq.Term("text", clause.terms[0])
    if clause.phrase:
        # Adjacent pairs, not Whoosh's positional Phrase: it checks positions in Python for
        # every candidate (seconds on a phrase common in 100,000 documents). Exact for two
        # units; for more, every adjacent pair must occur (tantivy checks positions).
        return wq.And([wq.Term("pairs", pair) for pair in analysis.pair_terms(clause.terms)])
    return wq.And([wq.Term("text", term) for term in clause.terms])


def build_query(parsed: ParsedQuery) -> wq.Query:
    """Translate a parsed query into Whoosh query objects (no query-string parser involved)."""
    groups = [
        wq.Or([_clause(c) for c in group]) if len(group) > 1 else _clause(group[0])
        for group in parsed.groups
    ]
    query: wq.Query = wq.And(groups) if len(groups) > 1 else groups[0]
    if parsed.exclude:
        query = wq.AndNot(query, wq.Or([_clause(c) for c in parsed.exclude]))
    return query


_CODES: dict[tuple[str, str, int], tuple[list[str], array]] = {}


def _segment_codes(leaf: Any, field: str) -> tuple[list[str], array]:
    """For one segment: the facet's values and, per document, the index of its value.

    Segments never change once written (deletions aside, which matchers skip), so the
    array is built once per segment, on the first query that needs it, and kept.
    """
    reader = leaf.reader()
    key = (reader.segment().segment_id(), field, reader.doc_count_all())
    cached = _CODES.get(key)
    if cached is None:
        values = ["-", *(v for v in reader.field_terms(field) if v != "-")]
        codes = array("H", bytes(2 * reader.doc_count_all()))
        for index, value in enumerate(values[1:], 1):
            for docnum in reader.postings(field, value).all_ids():
                codes[docnum] = index
        if len(_CODES) > 512:
            _CODES.clear()
        cached = _CODES[key] = (values, codes)
    return cached


def facet_counts(searcher: Any, query: wq.Query) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The exact number of hits and the facet counts, without scoring anything.

    The matching document numbers are collected once per segment; counting their facet
    values runs in C (itemgetter over the segment's code array, then Counter).
    """
    total = 0
    counters: dict[str, Counter] = {name: Counter() for name in FACETS}
    leaves = searcher.subsearchers or [(searcher, 0)]
    for leaf, _offset in leaves:
        ids = list(query.docs(leaf))
        if not ids:
            continue
        total += len(ids)
        pick = itemgetter(*ids)
        for name in FACETS:
            values, codes = _segment_codes(leaf, name)
            found = pick(codes)
            counted = Counter(found) if len(ids) > 1 else Counter([found])
            for code, count in counted.items():
                counters[name][values[code]] += count
    return total, {
        name: [(value, n) for value, n in counter.items() if value not in ("-", "")]
        for name, counter in counters.items()
    }


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
                return whoosh_index.open_dir(str(path)).searcher()
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
                writer.update_document(**_fields(document))
            writer.update_document(id=META_ID, kind=META_ID, last_applied=last)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

    def build(self, path: Path, documents: Iterable[Document], last: int) -> int:
        ix = whoosh_index.open_dir(str(path))
        writer = ix.writer(limitmb=256)
        count = 0
        try:
            for document in documents:
                writer.add_document(**_fields(document))
                count += 1
            writer.add_document(id=META_ID, kind=META_ID, last_applied=last)
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            raise
        return count

    def search(
        self, reader: Any, query: ParsedQuery, filters: Filters, offset: int, limit: int
    ) -> ResultPage:
        terms = [wq.Term(name, value) for name, value in filters.items()]
        restrict = (wq.And(terms) if len(terms) > 1 else terms[0]) if terms else None
        built = build_query(query)
        total, counts = facet_counts(reader, wq.And([built, restrict]) if restrict else built)
        results = reader.search(built, limit=max(offset + limit, 1), filter=restrict, terms=False)
        hits = [
            Hit(
                id=stored["id"],
                kind=stored["kind"],
                title_zh=stored.get("title_zh", ""),
                title_en=stored.get("title_en", ""),
                text=stored.get("text", ""),
                ref=stored.get("ref", ""),
                office_ref=stored.get("office_ref", ""),
                year=stored.get("year", "-").strip("-"),
            )
            for stored in (hit.fields() for hit in results[offset : offset + limit])
        ]
        return ResultPage(total=total, hits=hits, facets=counts)

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
