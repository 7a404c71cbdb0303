"""Complaints: contact channels, intake, routing, tracking, statistics (see DESIGN.md)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("complaints", __name__)

DEFAULTS = {
    "COMPLAINT_RATE_LIMIT": "5 per hour;20 per day",
    "COMPLAINT_TRACK_RATE_LIMIT": "10 per hour;30 per day",
    "COMPLAINT_MAIL_FROM": "noreply@portal.invalid",
    "COMPLAINT_DELIVER_AFTER_REQUEST": True,
    "SMTP_URL": None,
}


def init_app(app: Flask) -> None:
    """Register this package's blueprint, labels, office section, nav item, demo and CLI."""
    from complaints import demo, models, views, views_public, views_supervise, views_track  # noqa: F401
    from complaints.cli_supervise import escalate_command
    from complaints.delivery import cli
    from complaints.labels import init_labels

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(bp)
    init_labels(app)
    # Supervision (issue 7): outcome summaries through the portal's sanitiser; the rule codes
    # of escalated and transferred routes explained like the routing rules.
    from complaints.escalation import ESCALATED_RULE
    from complaints.labels import RULE_EXPLANATIONS
    from portal.markdown import render_markdown

    app.jinja_env.filters["complaint_markdown"] = render_markdown
    RULE_EXPLANATIONS.setdefault(
        ESCALATED_RULE,
        _l("Handles the complaint: it was overdue, so it went up to the government above."),
    )
    RULE_EXPLANATIONS.setdefault(
        "transferred", _l("Handles the complaint: it was transferred here, with a reason.")
    )
    registry = app.extensions["portal_registry"]
    registry.add_office_section(views_public.office_section)
    registry.add_nav_item(40, "complaints.new", _l("Complain"))
    registry.add_demo_step(30, "complaints", demo.load_demo)
    from complaints.stats import complaints_by_province

    registry.add_summary_source("complaints", complaints_by_province)
    registry.add_catalog(str(Path(__file__).parent / "translations"))
    cli.add_command(escalate_command)
    app.cli.add_command(cli)
