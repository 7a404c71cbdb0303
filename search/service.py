"""The search service the page, the JSON API and the tests share: parse, query, label, link."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.models import Government
from search.engine import Filters, Hit, ResultPage, SearchEngine
from search.queries import ParsedQuery, QueryError, parse_query
from search.snippets import make_snippet

PER_PAGE = 20
MAX_PAGE = 50

KIND_LABELS = {
    "office": _l("Offices"),
    "government": _l("Governments"),
    "budget": _l("Budgets"),
    "provider": _l("Service providers"),
    "contract": _l("Contracts"),
    "service": _l("Service listings"),
    "reception": _l("Reception records"),
    "inspection": _l("Inspections"),
}
FACET_PARAMS = {"kind": "kind", "host": "province", "est": "origin", "year": "year"}
"""Facet field -> query-string parameter."""


@dataclass
class SearchRequest:
    """The validated parameters of a search."""

    q: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query-string arguments for a link to this search with some changes."""
        values = {"q": self.q, "page": self.page}
        for name, param in FACET_PARAMS.items():
            values[param] = getattr(self.filters, name)
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", 1) or k == "q"}


def parse_request(args) -> SearchRequest:
    """Validate the query string.

    Raises:
        QueryError: a parameter is malformed; `field` names it.
    """
    kind = (args.get("kind") or "").strip() or None
    if kind is not None and kind not in KIND_LABELS:
        raise QueryError(_l("Unknown kind of document."), field="kind")
    provinces = {}
    for param in ("province", "origin"):
        value = (args.get(param) or "").strip() or None
        if value is not None and not re.fullmatch(r"[1-9][0-9]0000", value):
            raise QueryError(_l("There is no province with this code."), field=param)
        provinces[param] = value
    year = (args.get("year") or "").strip() or None
    if year is not None and not re.fullmatch(r"(19|20)[0-9]{2}", year):
        raise QueryError(_l("The year must have four digits, such as 2015."), field="year")
    raw_page = (args.get("page") or "1").strip()
    if not re.fullmatch(r"[0-9]{1,4}", raw_page) or not 1 <= int(raw_page) <= MAX_PAGE:
        raise QueryError(
            _l("The page must be a number from 1 to %(max)d.", max=MAX_PAGE), field="page"
        )
    filters = Filters(kind=kind, host=provinces["province"], est=provinces["origin"], year=year)
    return SearchRequest(q=(args.get("q") or "").strip(), filters=filters, page=int(raw_page))


def _url(endpoint: str, fallback: str, **values: Any) -> str:
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
        title = hit.title_en if locale == "en" and hit.title_en else hit.title_zh
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
