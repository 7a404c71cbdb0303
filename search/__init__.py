"""Search: bilingual full-text search over everything public, fed from a database outbox."""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Flask, Response, request
from flask_babel import lazy_gettext as _l

bp = Blueprint("search", __name__)

log = logging.getLogger(__name__)


def _healthz_search(response: Response) -> Response:
    """Merge the index state into /healthz (the portal's view stays the portal's)."""
    if request.endpoint != "portal.healthz" or not response.is_json:
        return response
    from search.cli import index_status

    try:
        status = index_status()
    except Exception as error:  # noqa: BLE001 - a health check must always answer
        status = {"state": "unavailable", "detail": str(error)[:200]}
    body = response.get_json(silent=True)
    if isinstance(body, dict):
        body["search"] = status
        response.set_data(json.dumps(body))
    return response


def init_app(app: Flask) -> None:
    """Register the blueprint, the CLI group, the outbox events, the nav item and /healthz."""
    from search import kinds, views  # noqa: F401 - registers document kinds and routes
    from search.cli import cli
    from search.outbox import install_listeners
    from search.runtime import ENGINES, init_background

    engine = app.config.get("SEARCH_ENGINE", "whoosh")
    if engine not in ENGINES:
        raise ValueError(f"PORTAL_SEARCH_ENGINE={engine!r}: choose one of {', '.join(ENGINES)}")
    app.register_blueprint(bp)
    app.cli.add_command(cli)
    install_listeners()
    init_background(app)
    app.after_request(_healthz_search)
    app.extensions["portal_registry"].add_nav_item(60, "search.search_page", _l("Search"))
