"""The office page's register section: when the office's record was last changed on the web and
by which government, with a link to its administration page for those who may keep it."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy.orm import joinedload

from admin.audit import history
from admin.models import AdminAuditEntry
from admin.register import may_keep_office
from portal.auth import current_account
from portal.clock import china_day
from portal.database import database
from portal.models import Account, Office


def last_change(db, office: Office) -> AdminAuditEntry | None:
    """The office's latest audited change (one query)."""
    return db.scalar(
        history(office)
        .options(joinedload(AdminAuditEntry.actor).joinedload(Account.government))
        .limit(1)
    )


def office_section(office: Office) -> Markup | None:
    """ "Last changed on … by the government of …" (nothing when never changed on the web), and
    the link to /admin/offices/<slug> for an account that may keep this office."""
    db = database.session
    entry = last_change(db, office)
    may_edit = may_keep_office(db, current_account(), office)
    if entry is None and not may_edit:
        return None
    actor = entry.actor if entry is not None else None
    return Markup(  # noqa: S704  # nosec B704  # a rendered template: everything in it is escaped by Jinja
        render_template(
            "admin/_office_section.html",
            office=office,
            entry=entry,
            day=china_day(entry.at) if entry is not None else None,
            government=actor.government if actor is not None else None,
            may_edit=may_edit,
        )
    )
