"""Oversight: approvals of new offices, inspections, provincial progress reports, national summary."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("oversight", __name__)


def init_app(app: Flask) -> None:
    """Register the oversight blueprint, its rules and demo steps."""
    app.register_blueprint(bp)
