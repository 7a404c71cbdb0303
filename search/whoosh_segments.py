"""Whoosh's per-segment arrays: the matching documents, facet counts, ranges and sorting in C.

Whoosh is pure Python, so the work per hit is what a query costs. Here the matching document
numbers are collected once per segment without scoring; facet values, dates and amounts are
read from arrays built once per segment (segments never change once written; deletions are
skipped by the matchers) and kept; counting goes through `itemgetter` and `Counter`, sorting
through `heapq.nlargest` keyed by the array's own `__getitem__`: loops that run in C.

Above a cap, the documents are sampled instead (`collect_or_estimate`): each segment's range of
document numbers is cut into strata (a rebuild writes the kinds one after another, so matches
cluster), and in each stratum the matches are read up to a quota; a stratum read to its end is
exact, one stopped at its quota is extrapolated by the share of its range its quota took. The
total and the facet counts are then estimates (`Matched.weight`), which the page says.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from search.engine import FACETS, OLDEST_MISSING

_CACHE: dict[tuple, Any] = {}


def _cached(leaf: Any, name: str, build) -> Any:
    reader = leaf.reader()
    key = (reader.segment().segment_id(), name, reader.doc_count_all())
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) > 1024:
            _CACHE.clear()
        found = _CACHE[key] = build(reader)
    return found


def facet_codes(leaf: Any, field: str) -> tuple[list[tuple[str, ...]], array]:
    """For one segment: the combinations of a facet's values, and per document the index of its
    combination (0: no value). A single-valued facet has one value per combination; a
    multi-valued one (rules) a few distinct combinations, whatever the number of documents."""

    def build(reader) -> tuple[list[tuple[str, ...]], array]:
        per_doc: dict[int, list[str]] = {}
        for value in reader.field_terms(field):
            if value in ("-", ""):
                continue
            for docnum in reader.postings(field, value).all_ids():
                per_doc.setdefault(docnum, []).append(value)
        combinations: dict[tuple[str, ...], int] = {(): 0}
        codes = array("I", bytes(4 * reader.doc_count_all()))
        for docnum, values in per_doc.items():
            codes[docnum] = combinations.setdefault(tuple(sorted(values)), len(combinations))
        return list(combinations), codes

    return _cached(leaf, ("facet", field), build)


def numeric_keys(leaf: Any, name: str) -> array:
    """For one segment: per document the sort key `name` ("day", "amount", or "oldest": the
    date negated, undated documents last)."""

    def build(reader) -> array:
        if name == "oldest":
            days = numeric_keys(leaf, "day")
            return array("q", (-day if day else OLDEST_MISSING for day in days))
        return array("q", reader.column_reader(name))

    return _cached(leaf, ("keys", name), build)


SORT_ARRAYS = ("day", "amount", "oldest")


def warm(searcher: Any) -> None:
    """Build every segment's facet and sort arrays now (when a generation is opened), not in
    the first query that needs them: on the full demo that query took 2 s (the arrays of two
    segments of 193,000 documents). Arrays of segments seen before are kept, so a generation
    that only adds a segment builds only that one's."""
    for leaf, _base in searcher.subsearchers or [(searcher, 0)]:
        for name in FACETS:
            facet_codes(leaf, name)
        for name in SORT_ARRAYS:
            numeric_keys(leaf, name)


@dataclass
class Matched:
    """Matching documents of one segment (or a stratum of it): its searcher, its first global
    docnum, the ids read, and how many matches each stands for (1.0 when all were read)."""

    leaf: Any
    base: int
    ids: list[int]
    weight: float = 1.0


STRATA = 16
"""Strata per segment when matches are sampled."""


def _read(matcher: Any, limit: int | None, end: int | None = None) -> tuple[list[int], bool]:
    """Up to `limit` ids (every one: None) from a matcher's position (below `end`), stepping
    with `next()`, so that an intersection skips each side to the other's next id; whether it
    stopped early. (Whoosh's `Query.docs()` reads every id of both sides into sets: 760,000
    ids for a phrase with 297 matches, 0.4 s on the full demo.)"""
    ids: list[int] = []
    append = ids.append
    while matcher.is_active():
        docnum = matcher.id()
        if end is not None and docnum >= end:
            return ids, False
        if len(ids) == limit:
            return ids, True
        append(docnum)
        matcher.next()
    return ids, False


def _matcher(leaf: Any, query: Any) -> Any:
    return query.matcher(leaf, leaf.boolean_context())


def collect_or_estimate(searcher: Any, query: Any, cap: int) -> tuple[list[Matched], bool]:
    """Every match when there are at most `cap`; else a stratified sample of them, weighted
    (and True)."""
    leaves = searcher.subsearchers or [(searcher, 0)]
    exact: list[Matched] = []
    left = cap
    for leaf, base in leaves:
        ids, more = _read(_matcher(leaf, query), left)
        if more:
            return _sample(leaves, query, cap), True
        left -= len(ids)
        if ids:
            exact.append(Matched(leaf, base, ids))
    return exact, False


def _sample(leaves: list, query: Any, cap: int) -> list[Matched]:
    quota = max(cap // (STRATA * len(leaves)), 1)
    found = []
    for leaf, base in leaves:
        size = leaf.reader().doc_count_all()
        matcher = _matcher(leaf, query)
        bounds = [size * k // STRATA for k in range(STRATA + 1)]
        for low, high in zip(bounds, bounds[1:], strict=False):
            if high <= low or not matcher.is_active():
                continue
            if matcher.id() < low:
                matcher.skip_to(low)
            ids, stopped = _read(matcher, quota, high)
            if not ids:
                continue
            # Stopped at its quota, the matcher stands on the next match: the quota's matches
            # took the range up to it (the next one's own position would overstate the density).
            weight = (high - low) / (matcher.id() - low) if stopped else 1.0
            found.append(Matched(leaf, base, ids, weight))
    return found


def collect(searcher: Any, query: Any, ranges: Iterable[tuple[str, int, int | None]]) -> list:
    """Every matching document, per segment, within the ranges (field, lowest, highest)."""
    found = []
    leaves = searcher.subsearchers or [(searcher, 0)]
    for leaf, base in leaves:
        ids, _more = _read(_matcher(leaf, query), None)
        for name, low, high in ranges:
            if not ids:
                break
            keys = numeric_keys(leaf, name)
            if high is None:
                ids = [i for i in ids if keys[i] >= low]
            else:
                ids = [i for i in ids if low <= keys[i] <= high]
        if ids:
            found.append(Matched(leaf, base, ids))
    return found


def total(matched: list[Matched]) -> int:
    """The number of matches (an estimate when some parts are weighted)."""
    return round(sum(len(part.ids) * part.weight for part in matched))


def facet_counts(matched: list[Matched]) -> dict[str, list[tuple[str, int]]]:
    """Each facet's values with the number of matching documents that have them."""
    counters: dict[str, Counter] = {name: Counter() for name in FACETS}
    for part in matched:
        pick = itemgetter(*part.ids)
        for name in FACETS:
            combinations, codes = facet_codes(part.leaf, name)
            found = pick(codes)
            counted = Counter(found) if len(part.ids) > 1 else Counter([found])
            for code, count in counted.items():
                for value in combinations[code]:
                    counters[name][value] += count * part.weight
    return {
        name: [(value, max(round(n), 1)) for value, n in counter.items()]
        for name, counter in counters.items()
    }


def top_by_key(matched: list[Matched], key_name: str, count: int) -> list[int]:
    """The global docnums of the `count` matching documents with the largest keys; ties keep
    the index order (the smaller docnum first)."""
    candidates: list[tuple[int, int]] = []
    for part in matched:
        keys = numeric_keys(part.leaf, key_name)
        best = heapq.nlargest(count, part.ids, key=keys.__getitem__)
        candidates.extend((keys[i], -(part.base + i)) for i in best)
    return [-negated for _key, negated in heapq.nlargest(count, candidates)]
