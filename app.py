"""The application factory: configuration, extensions, blueprints and CLI groups. Nothing else."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask


def create_app(config: Mapping | None = None) -> Flask:
    """Build the portal. `config` overrides the PORTAL_* environment (tests pass theirs here)."""
    import complaints
    import disclosures
    import portal
    import search

    app = Flask(
        __name__, template_folder="templates", static_folder="static", instance_relative_config=True
    )
    portal.configure(app, config)
    portal.init_app(app)
    for package in (disclosures, complaints, search):
        package.init_app(app)
    return app
