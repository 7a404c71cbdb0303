"""Open data: the read-only JSON API (`/api/v1/`, described by OpenAPI 3.1), its human page,
Open311 GeoReport v2 for partner apps, and the data catalogue (DCAT)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask

bp = Blueprint("api", __name__)

DEFAULTS = {
    # Per client (a digest of its address), for every read of the API.
    "API_RATE_LIMIT": "120 per minute;3000 per hour",
    # How long a public cache may keep an API answer (seconds).
    "API_CACHE_SECONDS": 60,
    # Where `flask data bundle` writes the bulk downloads and /data/bundles/ serves them from
    # (empty: instance/bundles).
    "DATA_BUNDLE_DIR": "",
}


def init_app(app: Flask) -> None:
    """Register the API's blueprint, its error handling and limits, and its catalog."""
    # Imported here, not at the top: the views import `bp` from this module.
    from api import alternates, models, views  # noqa: F401 - the views register their routes
    from api.cli import data as data_group
    from api.cli import group
    from api.data import bp as data
    from api.open311 import bp as open311
    from api.open311 import routes  # noqa: F401 - Open311's routes on its blueprint

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(bp)
    app.register_blueprint(open311)
    app.register_blueprint(data)
    app.cli.add_command(group)
    app.cli.add_command(data_group)
    alternates.init_app(app)
    registry = app.extensions["portal_registry"]
    registry.add_catalog(str(Path(__file__).parent / "translations"))
