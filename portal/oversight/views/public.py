"""Public oversight pages: approvals, inspections, their Atom feeds, and the office page section."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from markupsafe import Markup

from portal.atom import atom_response
from portal.auth import current_account
from portal.clock import today_in_china
from portal.database import database
from portal.models import Office
from portal.oversight import bp, feeds
from portal.oversight.forms import DecisionForm, application_query, inspection_query
from portal.oversight.models import (
    ApplicationStatus,
    ApprovalApplication,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from portal.oversight.queries import (
    InspectionQuery,
    application_counts,
    follow_up_dates,
    follow_up_of,
    inspection_years,
    list_applications,
    office_applications,
    office_inspections,
    published_inspections,
)
from portal.oversight.rules import RectificationStatus, rectification_status
from portal.oversight.supervision import can_decide, office_in_scope
from portal.queries import office_by_slug_or_404, provinces

FEED_CACHE = "max-age=300"
"""Feed readers poll; five minutes of caching spares the database and delays no one much."""


def _list_args() -> dict[str, str]:
    """The list's filters as given, for the pagination links (without the page and language)."""
    return {k: v for k, v in request.args.items() if k not in ("page", "lang") and v}


def _pages(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def _list_page(template: str, parse, fetch, **context):
    """A public list: its filters from the query string (`parse`), one page of the rows they
    match (`fetch`), the links to the other pages and the provinces to filter by."""
    db = database.session
    province_list = provinces(db)
    query = parse(province_list)
    page_size = current_app.config["PAGE_SIZE"]
    rows, total = fetch(db, query, page_size)
    return render_template(
        template,
        rows=rows,
        total=total,
        query=query,
        args=_list_args(),
        pages=_pages(total, page_size),
        provinces=province_list,
        **context,
    )


@bp.get("/approvals/")
def approvals():
    today = today_in_china()
    return _list_page(
        "oversight/approvals.html",
        application_query,
        list_applications,
        counts=application_counts(database.session, today),
        today=today,
        statuses=list(ApplicationStatus),
    )


@bp.get("/approvals/<int:application_id>")
def approval(application_id: int):
    db = database.session
    application = db.get(ApprovalApplication, application_id)
    if application is None:
        abort(404)
    return render_template(
        "oversight/approval.html",
        application=application,
        today=today_in_china(),
        form=DecisionForm() if can_decide(current_account(), application) else None,
    )


@bp.get("/inspections/")
def inspections():
    today = today_in_china()
    statuses: dict[int, RectificationStatus] = {}

    def fetch(db, query, page_size):
        """One page of inspections; each order to rectify gets its R11 status."""
        rows, total = published_inspections(db, query, page_size)
        ordered = [i for i in rows if i.rectification_due_on is not None]
        followed = follow_up_dates(db, [i.id for i in ordered])
        statuses.update(
            {
                i.id: rectification_status(i.rectification_due_on, followed.get(i.id), today)
                for i in ordered
            }
        )
        return rows, total

    return _list_page(
        "oversight/inspections.html",
        inspection_query,
        fetch,
        years=inspection_years(database.session),
        results=list(InspectionResult),
        rectification=statuses,
    )


@bp.get("/inspections/<int:inspection_id>")
def inspection(inspection_id: int):
    db = database.session
    found = db.get(Inspection, inspection_id)
    if found is None or found.status != InspectionStatus.PUBLISHED:
        abort(404)
    return render_template(
        "oversight/inspection.html",
        inspection=found,
        follow_up=follow_up_of(db, found),
        today=today_in_china(),
    )


def _feed_response(document: bytes):
    response = atom_response(document)
    response.headers["Cache-Control"] = FEED_CACHE
    return response


@bp.get("/feeds/inspections.atom")
def inspections_feed():
    rows, _total = published_inspections(database.session, InspectionQuery(), feeds.FEED_SIZE)
    return _feed_response(feeds.inspections_feed(rows))


@bp.get("/offices/<slug>/feed.atom")
def office_feed(slug: str):
    db = database.session
    office = office_by_slug_or_404(db, slug)
    sources = current_app.extensions.get(feeds.OFFICE_FEED_SOURCES, [])
    others = [entry for source in sources for entry in source(office)]
    return _feed_response(
        feeds.office_feed(
            office, office_inspections(db, office.id), office_applications(db, office.id), others
        )
    )


def office_section(office: Office) -> Markup | None:
    """The office page's block: its published inspections and its applications (two queries)."""
    db = database.session
    account = current_account()
    return Markup(  # noqa: S704  # nosec B704  # rendered by an autoescaping template
        render_template(
            "oversight/_office_section.html",
            office=office,
            inspections=office_inspections(db, office.id),
            applications=office_applications(db, office.id),
            can_inspect=account is not None and office_in_scope(db, account, office),
        )
    )
