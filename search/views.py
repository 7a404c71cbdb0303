"""The search page and its JSON twin: validate, run the search, render. Never a 500."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import gettext as _

from portal.database import database
from portal.errors import BadQuery
from portal.i18n import current_language
from search.parameters import FACET_PARAMS, KIND_LABELS, parse_request
from search.query_language import MAX_QUERY_LENGTH
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
        outcome=outcome,
        search_request=search_request,
        q=(request.args.get("q") or "")[:MAX_QUERY_LENGTH],
        message=message,
        error_field=field,
        unavailable=status == 503,
        kind_labels=KIND_LABELS,
        facet_params=FACET_PARAMS,
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
            "page": outcome.request.page,
            "pages": outcome.pages,
            "results": [
                {
                    "kind": r["kind"],
                    "title": r["title"],
                    "url": r["url"],
                    "snippet": str(r["snippet"]),
                }
                for r in outcome.results
            ],
            "facets": {
                name: [
                    {"value": e["value"], "label": e["label"], "count": e["count"]} for e in entries
                ]
                for name, entries in outcome.facets.items()
            },
            "notes": [str(note) for note in outcome.parsed.notes],
        }
    )
