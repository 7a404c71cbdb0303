"""Disclosures: reception standards, budgets, providers, contracts, services, receptions."""

from __future__ import annotations

import importlib
import importlib.util

from flask import Blueprint, Flask

bp = Blueprint("disclosures", __name__)

# Modules that add routes to `bp` when imported; the public ones are optional while they are built.
VIEW_MODULES = ("disclosures.editor_views", "disclosures.public_views")


def init_app(app: Flask) -> None:
    """Register this package's blueprint, rules, demo steps and CLI group with the app."""
    from disclosures import models  # noqa: F401  (the tables must be known to the metadata)

    for name in VIEW_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    app.register_blueprint(bp)

    registry = app.extensions.get("portal_registry")
    if importlib.util.find_spec("disclosures.rules") is not None and registry is not None:
        from disclosures import rules

        registry.add_rule_check(rules.check_disclosures)
    if importlib.util.find_spec("disclosures.demo") is not None and registry is not None:
        from disclosures import demo

        registry.add_demo_step(20, "disclosures", demo.load_demo)
    if importlib.util.find_spec("disclosures.cli") is not None:
        from disclosures.cli import group

        app.cli.add_command(group)
