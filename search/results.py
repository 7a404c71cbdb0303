"""A page of search results for the HTML page and the JSON API: query, label, link, highlight.

The request is validated by `search.parameters`; this module runs it against the engine and
turns the hits and facet counts into what a person reads (titles in the page's language,
links to each entity's public page, province names, highlighted snippets, dates and amounts),
with notes: a prefix cut short, a credit code whose check character is wrong (and the codes
of providers it probably is).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from disclosures.models import Provider
from portal.findings_pages import kept_data_version
from portal.i18n import format_fen
from portal.models import Government
from portal.names import name_in
from portal.rule_texts import RULES
from search.codes import join_codes, likely_codes, mistyped_codes
from search.documents import NO_AMOUNT
from search.engine import Hit, ResultPage, SearchEngine
from search.labels import KIND_LABELS
from search.parameters import FACET_PARAMS, MAX_PAGE, SearchRequest
from search.query_language import MAX_EXPANSIONS, ParsedQuery, parse_query
from search.snippets import make_snippet

PER_PAGE = 20
GOVERNMENT_NAMES = "search_government_names"
"""(data version, {code: (name_zh, name_en)}): the facets' names this process has read."""


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


def iso_day(day: int) -> str:
    """A YYYYMMDD number as 2015-03-16 ("" for none)."""
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}" if day else ""


@dataclass
class SearchOutcome:
    """What a search page or the JSON API shows. `estimated`: the total is an estimate (the
    page says "about"); `notes` include the query language's; `suggestions` are credit codes
    the person probably meant."""

    request: SearchRequest
    parsed: ParsedQuery
    total: int
    results: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]]
    pages: int
    estimated: bool = False
    notes: list = field(default_factory=list)
    suggestions: list[dict[str, Any]] = field(default_factory=list)


def suggest_codes(db, q: str, locale: str) -> list[dict[str, Any]]:
    """For each credit code in the query that is not valid: the providers whose codes are one
    typing slip away (most likely first), or else the code with its check character corrected
    (`name` None)."""
    suggestions = []
    for typed in mistyped_codes(join_codes(q)):
        candidates = likely_codes(typed)
        known = {
            row.uscc: row
            for row in db.scalars(select(Provider).where(Provider.uscc.in_(candidates[:600])))
        }
        found = [
            {"typed": typed, "code": code, "name": known[code].name(locale)}
            for code in candidates
            if code in known
        ][:3]
        if not found and candidates and len(typed) == len(candidates[0]):
            found = [{"typed": typed, "code": candidates[0], "name": None}]
        suggestions.extend(found)
    return suggestions


def _province_names(db, codes: set[str], locale: str) -> dict[str, str]:
    """The facets' government names, kept in the process for the data's version (a results
    page shows the same few dozen; reading them was a query on every search)."""
    if not codes:
        return {}
    version = kept_data_version()
    kept = current_app.extensions.get(GOVERNMENT_NAMES)
    if kept is None or kept[0] != version:
        kept = current_app.extensions[GOVERNMENT_NAMES] = (version, {})
    names = kept[1]
    missing = codes - names.keys()
    if missing:
        for row in db.scalars(select(Government).where(Government.code.in_(sorted(missing)))):
            names[row.code] = (row.name_zh, row.name_en)
    return {code: name_in(*names[code], locale) for code in codes if code in names}


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
            elif name == "rule":
                rule = RULES.get(value)
                label = f"{value} {rule.title(locale)}" if rule else value
            elif name == "over":
                label = str(_l("Over the standard"))
            elif name == "year":
                label = value
            else:
                label = names.get(value, value)
            entries.append(
                {"value": value, "label": label, "count": count, "selected": value == selected}
            )
        if name == "year":
            entries.sort(key=lambda e: e["value"], reverse=True)
        elif name == "rule":
            entries.sort(key=lambda e: int(e["value"][1:]) if e["value"][1:].isdigit() else 99)
        else:
            entries.sort(key=lambda e: (-e["count"], e["label"]))
        facets[param] = entries
    return facets


def describe(hit: Hit, terms: set[str], prefixes: set[str], locale: str) -> dict[str, Any]:
    """One result as a person reads it (the page, the JSON API and the exports share it)."""
    return {
        "kind": hit.kind,
        "kind_label": str(KIND_LABELS.get(hit.kind, hit.kind)),
        "title": name_in(hit.title_zh, hit.title_en, locale),
        "url": document_url(hit),
        "snippet": make_snippet(hit.parts, terms, locale, prefixes),
        "year": hit.year,
        "date": iso_day(hit.day),
        "amount_fen": hit.amount if hit.amount != NO_AMOUNT else None,
        "amount": format_fen(hit.amount, locale) if hit.amount != NO_AMOUNT else "",
        "rules": list(hit.rules),
        "over_standard": hit.over,
    }


def prefix_notes(page: ResultPage) -> list:
    return [
        _l(
            "“%(prefix)s*” begins more words than we search at once: we used the %(max)d most common. Type more letters to narrow it.",
            prefix=prefix,
            max=MAX_EXPANSIONS,
        )
        for prefix in page.capped
    ]


def run_search(db, engine: SearchEngine, request: SearchRequest, locale: str) -> SearchOutcome:
    """Run a validated search and prepare it for display.

    Raises:
        QueryError: the query text cannot be searched.
        IndexUnavailable: the index is missing or corrupt.
    """
    parsed = parse_query(request.q)
    page = engine.query(parsed, request.filters, request.page, PER_PAGE, request.sort)
    terms, prefixes = parsed.highlight_terms(), parsed.highlight_prefixes()
    results = [describe(hit, terms, prefixes, locale) for hit in page.hits]
    pages = min(max(math.ceil(page.total / PER_PAGE), 1), MAX_PAGE)
    return SearchOutcome(
        request,
        parsed,
        page.total,
        results,
        _facets(db, request, page, locale),
        pages,
        estimated=page.estimated,
        notes=[*parsed.notes, *prefix_notes(page)],
        suggestions=suggest_codes(db, request.q, locale),
    )
