"""Search: bilingual full-text search over everything public, fed from a database outbox."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Register the blueprint, the CLI group, the outbox events, the nav item and /healthz."""
    # Imported here, not at the top: `import search.analysis` (the benchmark, a subprocess
    # test of what jieba loads) must not pull in Flask views and both engines' libraries.
    from search import kinds  # noqa: F401 - registers the document kinds
    from search.cli import cli
    from search.outbox import findings_changed, install_listeners
    from search.runtime import check_engine_name, init_background, search_health
    from search.views import bp

    check_engine_name(app)
    app.register_blueprint(bp)
    app.cli.add_command(cli)
    install_listeners()
    init_background(app)
    registry = app.extensions["portal_registry"]
    registry.add_health_check("search", search_health)
    registry.add_findings_watcher(findings_changed)
    registry.add_nav_item(60, "search.search_page", _l("Search"))
    registry.add_catalog(str(Path(__file__).parent / "translations"))
