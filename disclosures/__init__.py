"""Disclosures: reception standards, budgets, providers, contracts, services, receptions."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask

bp = Blueprint("disclosures", __name__)


def init_app(app: Flask) -> None:
    """Register this package's blueprint, rules, demo steps, catalog and CLI group with the app."""
    from disclosures import demo, models, rule_queries, views  # noqa: F401
    from disclosures.cli import group

    app.register_blueprint(bp)
    registry = app.extensions["portal_registry"]
    registry.add_rule_check(rule_queries.check_disclosures)
    registry.add_demo_step(20, "disclosures", demo.load_demo)
    registry.add_catalog(str(Path(__file__).parent / "translations"))
    app.cli.add_command(group)
