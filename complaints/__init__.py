"""Complaints: contact channels, intake, routing, tracking, statistics (see DESIGN.md)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("complaints", __name__)


def init_app(app: Flask) -> None:
    """Register this package's blueprint, rules, demo steps and CLI group with the app."""
    from complaints import models  # noqa: F401

    app.register_blueprint(bp)
