"""A page of search results for the HTML page and the JSON API: query, label, link, highlight.

The request is validated by `search.parameters`; this module runs it against the engine and
turns the hits and facet counts into what a person reads (titles in the page's language,
links to each entity's public page, province names, highlighted snippets).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from sqlalchemy import select

from portal.models import Government
from portal.names import name_in
from search.engine import Hit, ResultPage, SearchEngine
from search.parameters import FACET_PARAMS, KIND_LABELS, MAX_PAGE, SearchRequest
from search.query_language import ParsedQuery, parse_query
from search.snippets import make_snippet

PER_PAGE = 20


def _url(endpoint: str, fallback: str, **values: Any) -> str:
    """`url_for` when another package registered the endpoint, else today's path: an app
    built without that package still links somewhere, never a BuildError (a 500)."""
    if endpoint in current_app.view_functions:
        return url_for(endpoint, **values)
    return fallback


def document_url(hit: Hit) -> str:
    """The public page of a result: the entity's own page, else its office's disclosures."""
    if hit.kind == "office":
        return _url("portal.office", f"/offices/{hit.ref}", slug=hit.ref)
    if hit.kind == "government":
        return _url("portal.government", f"/governments/{hit.ref}", code=hit.ref)
    if hit.kind == "provider":
        return _url("disclosures.provider", f"/providers/{hit.ref}", uscc=hit.ref)
    if hit.kind == "inspection":
        return _url("oversight.inspection", f"/inspections/{hit.ref}", inspection_id=int(hit.ref))
    if hit.office_ref:
        extra = {"year": hit.year} if hit.year else {}
        return _url(
            "disclosures.office_disclosures",
            f"/offices/{hit.office_ref}/disclosures",
            slug=hit.office_ref,
            **extra,
        )
    return "/"


@dataclass
class SearchOutcome:
    """What a search page or the JSON API shows."""

    request: SearchRequest
    parsed: ParsedQuery
    total: int
    results: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]]
    pages: int


def _province_names(db, codes: set[str], locale: str) -> dict[str, str]:
    if not codes:
        return {}
    rows = db.scalars(select(Government).where(Government.code.in_(sorted(codes))))
    return {row.code: row.name(locale) for row in rows}


def _facets(db, request: SearchRequest, page: ResultPage, locale: str) -> dict[str, list]:
    codes = {value for name in ("host", "est") for value, _n in page.facets.get(name, [])}
    names = _province_names(db, codes, locale)
    facets: dict[str, list] = {}
    for name, param in FACET_PARAMS.items():
        selected = getattr(request.filters, name)
        entries = []
        for value, count in page.facets.get(name, []):
            if name == "kind":
                label = str(KIND_LABELS.get(value, value))
            elif name == "year":
                label = value
            else:
                label = names.get(value, value)
            entries.append(
                {"value": value, "label": label, "count": count, "selected": value == selected}
            )
        if name == "year":
            entries.sort(key=lambda e: e["value"], reverse=True)
        else:
            entries.sort(key=lambda e: (-e["count"], e["label"]))
        facets[param] = entries
    return facets


def run_search(db, engine: SearchEngine, request: SearchRequest, locale: str) -> SearchOutcome:
    """Run a validated search and prepare it for display.

    Raises:
        QueryError: the query text cannot be searched.
        IndexUnavailable: the index is missing or corrupt.
    """
    parsed = parse_query(request.q)
    page = engine.query(parsed, request.filters, request.page, PER_PAGE)
    terms = parsed.highlight_terms()
    results = []
    for hit in page.hits:
        title = name_in(hit.title_zh, hit.title_en, locale)
        results.append(
            {
                "kind": hit.kind,
                "kind_label": str(KIND_LABELS.get(hit.kind, hit.kind)),
                "title": title,
                "url": document_url(hit),
                "snippet": make_snippet(hit.text, terms),
                "year": hit.year,
            }
        )
    pages = min(max(math.ceil(page.total / PER_PAGE), 1), MAX_PAGE)
    return SearchOutcome(
        request, parsed, page.total, results, _facets(db, request, page, locale), pages
    )
