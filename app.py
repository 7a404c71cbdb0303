"""The application factory: configuration, extensions, blueprints and CLI groups. Nothing else."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask


def create_app(config: Mapping | None = None) -> Flask:
    """Build the portal. `config` overrides the PORTAL_* environment (tests pass theirs here)."""
    import admin
    import api
    import complaints
    import disclosures
    import operations
    import portal
    import portal.oversight
    import search

    app = Flask(
        __name__, template_folder="templates", static_folder="static", instance_relative_config=True
    )
    portal.configure(app, config)
    portal.init_app(app)
    # The feature packages, in the order they build on each other (see CONTRIBUTING.md).
    for package in (portal.oversight, disclosures, complaints, search, api, admin, operations):
        package.init_app(app)
    return app
