"""Complaints: contact channels, intake, routing, tracking, supervision, statistics (DESIGN.md)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

# Its own static folder holds the scripts of its pages (served under /complaints/static/).
bp = Blueprint("complaints", __name__, static_folder="static", static_url_path="/complaints/static")

DEFAULTS = {
    "COMPLAINT_RATE_LIMIT": "5 per hour;20 per day",
    "COMPLAINT_TRACK_RATE_LIMIT": "10 per hour;30 per day",
    "COMPLAINT_MAIL_FROM": "noreply@portal.invalid",
    "COMPLAINT_DELIVER_AFTER_REQUEST": True,
    "SMTP_URL": None,
    # Without SMTP, deliveries are logged here (default instance/mail.log): id, template and a
    # redacted address only; rotated at this size, this many older files kept.
    "COMPLAINT_MAIL_LOG": None,
    "COMPLAINT_MAIL_LOG_BYTES": 1024 * 1024,
    "COMPLAINT_MAIL_LOG_BACKUPS": 5,
}


def init_app(app: Flask) -> None:
    """Register the blueprint, labels and CLI; plug the office section, nav item, demo step,
    summary source and catalog into the portal's registry."""
    # Imported here, not at the top: the modules import `bp` from this one.
    from complaints import demo, views
    from complaints.cli import cli
    from complaints.form_page import init_form_page
    from complaints.labels import init_labels
    from complaints.stats import complaints_by_province

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(bp)
    init_labels(app)
    init_form_page(app)
    registry = app.extensions["portal_registry"]
    registry.add_office_section(views.public.office_section)
    registry.add_nav_item(40, "complaints.new", _l("Complain"))
    registry.add_demo_step(30, "complaints", demo.load_demo)
    registry.add_summary_source("complaints", complaints_by_province)
    registry.add_catalog(str(Path(__file__).parent / "translations"))
    app.cli.add_command(cli)
