"""The search page, its JSON twin and its exports: validate, run the search, render. Never a 500."""

from __future__ import annotations

import logging
from functools import partial

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from portal.database import database
from portal.errors import BadQuery, render_error
from portal.i18n import current_language, kept_language
from search.engine import SORTS
from search.exports import MAX_EXPORT, csv_export, export_rows, json_export
from search.labels import AMOUNT_KINDS, KIND_LABELS, SORT_LABELS
from search.parameters import FACET_PARAMS, parse_request, search_address
from search.query_language import MAX_QUERY_LENGTH, QueryError
from search.results import run_search
from search.runtime import get_engine
from search.store import IndexUnavailable, WriterBusy

bp = Blueprint("search", __name__)

log = logging.getLogger(__name__)


def _poke_indexer() -> None:
    """In the embedded mode, a missing or corrupt index is rebuilt by the background indexer."""
    notify = current_app.extensions.get("search_notify")
    if notify is not None:
        notify()


def _outcome():
    """(outcome, error message, error field, HTTP status, search request) for this request.

    A BadQuery is caught here rather than left to the portal's error handler: the search page
    shows it beside the search box, and the JSON twin names the parameter.
    """
    db = database.session
    try:
        search_request = parse_request(request.args)
        if not search_request.q:
            return None, None, None, 200, search_request
        outcome = run_search(db, get_engine(), search_request, current_language())
        return outcome, None, None, 200, search_request
    except BadQuery as error:
        return None, str(error), error.field, 400, None
    except (IndexUnavailable, WriterBusy) as error:
        log.warning("search unavailable: %s", error)
        _poke_indexer()
        return None, None, "index", 503, None


@bp.get("/search")
def search_page():
    outcome, message, field, status, search_request = _outcome()
    return render_template(
        "search/search.html",
        link=partial(search_address, url_for("search.search_page", lang=None), kept_language()),
        outcome=outcome,
        search_request=search_request,
        q=(request.args.get("q") or "")[:MAX_QUERY_LENGTH],
        message=message,
        error_field=field,
        unavailable=status == 503,
        kind_labels=KIND_LABELS,
        facet_params=FACET_PARAMS,
        sort_labels=SORT_LABELS,
        sorts=SORTS,
        amount_kinds=AMOUNT_KINDS,
        max_export=MAX_EXPORT,
    ), status


@bp.get("/search.json")
def search_json():
    outcome, message, field, status, _request = _outcome()
    if status == 503:
        return jsonify(
            {
                "error": _("Search is being rebuilt"),
                "message": _("Search is being rebuilt. Please try again in a few minutes."),
                "status": 503,
            }
        ), 503
    if message is not None:
        return jsonify({"error": message, "field": field, "status": status}), status
    if outcome is None:
        return jsonify({"total": 0, "results": [], "facets": {}})
    return jsonify(
        {
            "total": outcome.total,
            "total_estimated": outcome.estimated,
            "page": outcome.request.page,
            "pages": outcome.pages,
            "sort": outcome.request.sort,
            "results": [
                {
                    "kind": r["kind"],
                    "title": r["title"],
                    "url": r["url"],
                    "snippet": str(r["snippet"]),
                    "date": r["date"] or None,
                    "amount_fen": r["amount_fen"],
                    "rules": r["rules"],
                    "over_standard": r["over_standard"],
                }
                for r in outcome.results
            ],
            "facets": {
                name: [
                    {"value": e["value"], "label": e["label"], "count": e["count"]} for e in entries
                ]
                for name, entries in outcome.facets.items()
            },
            "notes": [str(note) for note in outcome.notes],
            "suggestions": outcome.suggestions,
        }
    )


def _export(fmt: str):
    """An export of the search in the query string; errors are the portal's error pages (JSON
    for the JSON export), never a half-written file."""
    try:
        search_request = parse_request(request.args)
        if not search_request.q:
            raise QueryError(_("Please enter what to search for before exporting."), field="q")
        rows = export_rows(get_engine(), search_request)
    except BadQuery as error:
        return render_error(400, str(error))
    except (IndexUnavailable, WriterBusy) as error:
        log.warning("search export unavailable: %s", error)
        _poke_indexer()
        return render_error(503)
    return csv_export(rows) if fmt == "csv" else json_export(search_request, rows)


@bp.get("/search/export.csv")
def export_csv():
    return _export("csv")


@bp.get("/search/export.json")
def export_json():
    return _export("json")
