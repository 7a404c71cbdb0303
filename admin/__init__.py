"""Administration on the web: the signed-in menu, a dashboard per role, and the pages where
officials keep accounts and their own government's records true (issue 19)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask

bp = Blueprint("admin", __name__)


def init_app(app: Flask) -> None:
    """Register the blueprint, the menu of signed-in pages and the catalog."""
    # Imported here, not at the top: the views import `bp` from this module.
    from admin import cli, models, views  # noqa: F401 - commands, tables, routes on bp
    from admin.channels import reception_hours
    from admin.labels import action_label
    from admin.menu import account_menu
    from admin.office_section import office_section

    app.register_blueprint(bp)
    app.jinja_env.globals["account_menu"] = account_menu
    app.jinja_env.globals["reception_hours"] = reception_hours
    app.jinja_env.filters["admin_action_label"] = action_label
    registry = app.extensions["portal_registry"]
    registry.add_office_section(office_section)
    registry.add_catalog(str(Path(__file__).parent / "translations"))
