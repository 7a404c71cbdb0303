"""Public oversight pages: approvals, inspections, their Atom feeds, and the office page section."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from portal.database import database
from portal.errors import BadQuery
from portal.i18n import current_language, localized_name
from portal.markdown import render_markdown
from portal.models import Government, GovernmentLevel, Office
from portal.oversight import bp
from portal.oversight.approvals import (
    ApplicationQuery,
    application_counts,
    can_decide,
    list_applications,
    office_applications,
)
from portal.oversight.feeds import Entry, atom_document, tag_uri
from portal.oversight.inspections import (
    InspectionQuery,
    follow_up_of,
    inspection_years,
    office_inspections,
    published_inspections,
)
from portal.oversight.labels import (
    APPLICATION_STATUS_LABELS,
    FIGURE_LABELS,
    INSPECTION_STATUS_LABELS,
    PURPOSE_LABELS,
    RESULT_LABELS,
    TIMING_LABELS,
    label,
)
from portal.oversight.models import (
    ApplicationStatus,
    ApprovalApplication,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from portal.oversight.service import china_day

FEED_SIZE = 50
EPOCH = datetime(2015, 3, 16, tzinfo=UTC)


@bp.app_template_filter("inspection_result_label")
def inspection_result_label(value) -> str:
    return label(RESULT_LABELS, value)


@bp.app_template_filter("inspection_status_label")
def inspection_status_label(value) -> str:
    return label(INSPECTION_STATUS_LABELS, value)


@bp.app_template_filter("application_status_label")
def application_status_label(value) -> str:
    return label(APPLICATION_STATUS_LABELS, value)


@bp.app_template_filter("purpose_label")
def purpose_label(value) -> str:
    return label(PURPOSE_LABELS, value)


@bp.app_template_filter("timing_label")
def timing_label(value) -> str:
    return label(TIMING_LABELS, value)


@bp.app_template_filter("figure_label")
def figure_label(value) -> str:
    return label(FIGURE_LABELS, value)


@bp.app_template_filter("findings_html")
def findings_html(text: str) -> Markup:
    return render_markdown(text)


def province_list(db) -> list[Government]:
    return list(
        db.scalars(
            select(Government)
            .where(Government.level == GovernmentLevel.PROVINCIAL)
            .order_by(Government.code)
        )
    )


def _page() -> int:
    raw = request.args.get("page", "").strip()
    if not raw:
        return 1
    if not re.fullmatch(r"[0-9]{1,6}", raw) or int(raw) < 1:
        raise BadQuery(_("The page number must be a whole number of 1 or more."), "page")
    return int(raw)


def _province_arg(provinces: list[Government]) -> str:
    code = request.args.get("province", "").strip()
    if code and code not in {p.code for p in provinces}:
        raise BadQuery(
            _("There is no province with the code “%(code)s”.", code=code[:20]), "province"
        )
    return code


def application_query(provinces: list[Government]) -> ApplicationQuery:
    """The approvals list's filters from the query string; BadQuery names a wrong one."""
    raw_status = request.args.get("status", "").strip()
    try:
        status = ApplicationStatus(raw_status) if raw_status else None
    except ValueError:
        raise BadQuery(_("Unknown status of an application."), "status") from None
    return ApplicationQuery(
        status=status,
        province=_province_arg(provinces),
        urgent=request.args.get("urgent") == "1",
        page=_page(),
    )


def inspection_query(provinces: list[Government]) -> InspectionQuery:
    """The inspections list's filters from the query string; BadQuery names a wrong one."""
    raw_result = request.args.get("result", "").strip()
    try:
        result = InspectionResult(raw_result) if raw_result else None
    except ValueError:
        raise BadQuery(_("Unknown inspection result."), "result") from None
    raw_year = request.args.get("year", "").strip()
    if raw_year and not re.fullmatch(r"(19|20)[0-9]{2}", raw_year):
        raise BadQuery(_("The year must be written with four digits, e.g. 2016."), "year")
    return InspectionQuery(
        province=_province_arg(provinces),
        result=result,
        year=int(raw_year) if raw_year else None,
        page=_page(),
    )


@bp.get("/approvals/")
def approvals():
    db = database.session
    provinces = province_list(db)
    query = application_query(provinces)
    page_size = current_app.config["PAGE_SIZE"]
    rows, total = list_applications(db, query, page_size)
    args = {k: v for k, v in request.args.items() if k not in ("page", "lang") and v}
    return render_template(
        "oversight/approvals.html",
        applications=rows,
        total=total,
        query=query,
        args=args,
        pages=max(1, -(-total // page_size)),
        provinces=provinces,
        counts=application_counts(db, china_day()),
        today=china_day(),
        statuses=list(ApplicationStatus),
    )


@bp.get("/approvals/<int:application_id>")
def approval(application_id: int):
    db = database.session
    application = db.get(ApprovalApplication, application_id)
    if application is None:
        abort(404)
    from portal.auth import current_account
    from portal.oversight.forms import DecisionForm

    account = current_account()
    return render_template(
        "oversight/approval.html",
        application=application,
        today=china_day(),
        form=DecisionForm() if can_decide(account, application) else None,
    )


@bp.get("/inspections/")
def inspections():
    db = database.session
    provinces = province_list(db)
    query = inspection_query(provinces)
    page_size = current_app.config["PAGE_SIZE"]
    rows, total = published_inspections(db, query, page_size)
    args = {k: v for k, v in request.args.items() if k not in ("page", "lang") and v}
    return render_template(
        "oversight/inspections.html",
        inspections=rows,
        total=total,
        query=query,
        args=args,
        pages=max(1, -(-total // page_size)),
        provinces=provinces,
        years=inspection_years(db),
        results=list(InspectionResult),
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
        today=china_day(),
    )


def _inspection_entry(item: Inspection, authority: str) -> Entry:
    office_name = localized_name(item.office)
    return Entry(
        id=tag_uri(authority, f"inspection/{item.id}"),
        title=_(
            "Inspection of %(office)s: %(result)s",
            office=office_name,
            result=inspection_result_label(item.result),
        ),
        updated=item.published_at,
        link=url_for("oversight.inspection", inspection_id=item.id, _external=True),
        summary=_(
            "%(government)s inspected %(office)s on %(date)s. Result: %(result)s.",
            government=localized_name(item.inspecting_government),
            office=office_name,
            date=item.inspected_on.isoformat(),
            result=inspection_result_label(item.result),
        ),
        category="inspection",
    )


def _application_entry(item: ApprovalApplication, authority: str) -> Entry:
    status = application_status_label(item.status)
    return Entry(
        id=tag_uri(authority, f"approval/{item.id}/{item.status.value}"),
        title=_(
            "Application for %(office)s: %(status)s",
            office=item.office_name(current_language()),
            status=status,
        ),
        updated=item.decided_at or item.submitted_at,
        link=url_for("oversight.approval", application_id=item.id, _external=True),
        summary=item.decision_reasons or item.reason,
        category="approval",
    )


def _atom(body: bytes) -> Response:
    return Response(body, mimetype="application/atom+xml", headers={"Cache-Control": "max-age=300"})


@bp.get("/feeds/inspections.atom")
def inspections_feed():
    db = database.session
    rows, _total = published_inspections(db, InspectionQuery(), FEED_SIZE)
    rows.sort(key=lambda item: item.published_at, reverse=True)
    authority = request.host.split(":")[0]
    return _atom(
        atom_document(
            feed_id=tag_uri(authority, "inspections"),
            title=_("Inspection results of liaison offices"),
            self_url=url_for("oversight.inspections_feed", _external=True),
            page_url=url_for("oversight.inspections", _external=True),
            language=current_language(),
            author=_("Liaison Office Transparency Portal"),
            entries=[_inspection_entry(item, authority) for item in rows],
            fallback_updated=EPOCH,
        )
    )


@bp.get("/offices/<slug>/feed.atom")
def office_feed(slug: str):
    db = database.session
    office = db.scalar(select(Office).where(Office.slug == slug))
    if office is None:
        abort(404)
    authority = request.host.split(":")[0]
    entries = [_inspection_entry(item, authority) for item in office_inspections(db, office.id)]
    entries += [_application_entry(item, authority) for item in office_applications(db, office.id)]
    entries.sort(key=lambda entry: entry.updated, reverse=True)
    return _atom(
        atom_document(
            feed_id=tag_uri(authority, f"office/{office.slug}"),
            title=_("Oversight of %(office)s", office=localized_name(office)),
            self_url=url_for("oversight.office_feed", slug=office.slug, _external=True),
            page_url=url_for("portal.office", slug=office.slug, _external=True),
            language=current_language(),
            author=_("Liaison Office Transparency Portal"),
            entries=entries,
            fallback_updated=EPOCH,
        )
    )


def office_section(office: Office) -> Markup | None:
    """The office page's block: its published inspections and its applications (two queries)."""
    from portal.auth import current_account
    from portal.oversight.service import office_in_scope

    db = database.session
    account = current_account()
    return Markup(  # noqa: S704 - rendered by an autoescaping template
        render_template(
            "oversight/_office_section.html",
            office=office,
            inspections=office_inspections(db, office.id),
            applications=office_applications(db, office.id),
            can_inspect=account is not None and office_in_scope(db, account, office),
        )
    )
