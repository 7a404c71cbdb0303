"""Search: see DESIGN.md."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("search", __name__)


def init_app(app: Flask) -> None:
    """Register this package's blueprint, rules, demo steps and CLI group with the app."""
    app.register_blueprint(bp)
