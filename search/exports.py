"""Exports of a search: the current query, with its filters and sort, as CSV or JSON.

At most MAX_EXPORT rows, in the order the page shows them, streamed: the order is computed
before the response starts (a bad query is a 400, an unusable index a 503), then each row is
read from the index as the client reads. CSV goes through the kernel's writer (`portal.csv`:
formula guard, BOM, one Content-Type); links are absolute, under PORTAL_PUBLIC_URL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Response, stream_with_context

from disclosures.money import fen_to_yuan_text
from portal.atom import public_base
from portal.csv import csv_response
from search.engine import Hit, SearchEngine
from search.parameters import SearchRequest
from search.query_language import parse_query
from search.results import document_url, iso_day

MAX_EXPORT = 10_000
"""An export holds at most this many results (the first ones, in the page's order)."""

COLUMNS = (
    "kind",
    "title_zh",
    "title_en",
    "url",
    "date",
    "year",
    "amount_yuan",
    "province",
    "origin",
    "rules",
    "over_standard",
)
"""The columns of a CSV export (and the keys of each JSON result); `province` is the host
province's division code, `origin` the establishing one's, `rules` the rules broken."""


def _row(hit: Hit) -> dict[str, Any]:
    return {
        "kind": hit.kind,
        "title_zh": hit.title_zh,
        "title_en": hit.title_en,
        "url": public_base() + document_url(hit),
        "date": iso_day(hit.day) or None,
        "year": hit.year or None,
        "amount_yuan": fen_to_yuan_text(hit.amount) if hit.amount >= 0 else None,
        "province": hit.host or None,
        "origin": hit.est or None,
        "rules": list(hit.rules),
        "over_standard": hit.over,
    }


class ExportRows:
    """The rows of an export, read lazily; `complete` is False once the iteration found more
    results than MAX_EXPORT (the rest are left out)."""

    def __init__(self, hits: Iterator[Hit]) -> None:
        self.hits = hits
        self.complete = True

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for count, hit in enumerate(self.hits):
            if count == MAX_EXPORT:
                self.complete = False
                return
            yield _row(hit)


def export_rows(engine: SearchEngine, request: SearchRequest) -> ExportRows:
    """The rows of an export of `request`.

    Raises (before the first row):
        QueryError: the query text cannot be searched.
        IndexUnavailable: the index is missing or corrupt.
    """
    parsed = parse_query(request.q)
    return ExportRows(engine.export(parsed, request.filters, request.sort, MAX_EXPORT + 1))


def _filename(extension: str) -> str:
    return f"search-results.{extension}"


def csv_export(rows: Iterable[dict[str, Any]]) -> Response:
    return csv_response(COLUMNS, rows, _filename("csv"))


def _json_chunks(request: SearchRequest, rows: ExportRows) -> Iterator[str]:
    head = {"query": request.q, "parameters": request.export_args(), "limit": MAX_EXPORT}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    count = 0
    for row in rows:
        yield ("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False)
        count += 1
    tail = {"count": count, "complete": rows.complete}
    yield "\n], " + json.dumps(tail)[1:] + "\n"


def json_export(request: SearchRequest, rows: ExportRows) -> Response:
    response = Response(
        stream_with_context(_json_chunks(request, rows)),
        content_type="application/json; charset=utf-8",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response
