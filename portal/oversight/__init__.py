"""Oversight: approvals of new offices, inspections, provincial progress reports, national summary."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

# Its own static folder holds the scripts of its pages (served under /oversight/static/).
bp = Blueprint("oversight", __name__, static_folder="static", static_url_path="/oversight/static")


def init_app(app: Flask) -> None:
    """Register the blueprint, the R8/R11 rule check, the office page section, nav and demo."""
    from portal.oversight import models, views  # noqa: F401
    from portal.oversight.cli import oversight
    from portal.oversight.demo import load_oversight_demo
    from portal.oversight.rules import check_oversight

    registry = app.extensions["portal_registry"]
    registry.add_rule_check(check_oversight)
    registry.add_office_section(views.public.office_section)
    registry.add_nav_item(40, "oversight.approvals", _l("Approvals"))
    registry.add_nav_item(41, "oversight.inspections", _l("Inspections"))
    registry.add_nav_item(42, "oversight.reports", _l("Reports"))
    registry.add_demo_step(40, "oversight", load_oversight_demo)
    app.cli.add_command(oversight)
    app.register_blueprint(bp)
