"""Search: bilingual full-text search over everything public, fed from a database outbox."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("search", __name__)

log = logging.getLogger(__name__)


def search_health() -> dict:
    """The index state for /healthz; never raises (a health check must always answer)."""
    from search.cli import index_status

    try:
        return index_status()
    except Exception as error:  # noqa: BLE001 - any failure is a state to report
        return {"state": "unavailable", "detail": str(error)[:200]}


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
    registry = app.extensions["portal_registry"]
    registry.add_health_check("search", search_health)
    registry.add_nav_item(60, "search.search_page", _l("Search"))
    registry.add_catalog(str(Path(__file__).parent / "translations"))
