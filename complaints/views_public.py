"""Public pages: contact channels, statistics, and the office page's complaint section."""

from __future__ import annotations

from flask import render_template, request
from markupsafe import Markup

from complaints import bp, queries
from complaints.deadlines import local_date
from complaints.labels import CATEGORY_LABELS, OUTCOME_LABELS, STATUS_LABELS
from complaints.service import route_office
from complaints.stats import complaint_stats
from portal.database import database, utcnow
from portal.models import Government, Office


@bp.get("/complaints/contact")
def contact():
    db = database.session
    province = request.args.get("province", "").strip()[:6]
    text = request.args.get("q", "").strip()[:100]
    governments = queries.supervising_governments(db, province or None, text or None)
    return render_template(
        "complaints/contact.html",
        governments=governments,
        provinces=queries.provinces(db),
        province=province,
        text=text,
    )


@bp.get("/complaints/stats")
def stats():
    numbers = complaint_stats(database.session, local_date(utcnow()))
    return render_template(
        "complaints/stats.html",
        stats=numbers,
        categories=CATEGORY_LABELS,
        statuses=STATUS_LABELS,
        outcomes=OUTCOME_LABELS,
    )


def office_section(office: Office) -> Markup | None:
    """ "How to complain about this office": the governments it is routed to and their channels.

    Runs a bounded number of queries (the establishing government's parents, at most three,
    and the routed governments, at most two).
    """
    db = database.session
    try:
        decision = route_office(db, office)
    except Exception:  # noqa: BLE001 - a registry gap must not break the office page
        return None
    routes = [(db.get(Government, route.government_id), route) for route in decision.routes]
    outcomes = queries.closed_outcomes(db, office.id)
    return Markup(  # noqa: S704 - a rendered template: everything in it is escaped by Jinja
        render_template(
            "complaints/_office_section.html", office=office, routes=routes, outcomes=outcomes
        )
    )
