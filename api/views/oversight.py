"""Oversight in the API: applications for approval, published inspections, progress reports and
the national summary. Each view calls the query its page calls."""

from __future__ import annotations

from dataclasses import replace

from flask import abort
from flask_babel import lazy_gettext as _l

from api import bp
from api.params import ListParams, Params, choice_param, province_param, year_param
from api.schemas.common import OfficeRefSchema  # noqa: F401 - documents nested references
from api.schemas.oversight import (
    ApplicationSchema,
    InspectionSchema,
    ProvinceReportSchema,
    RoundSchema,
    SummarySchema,
)
from api.spec import Result, operation
from portal.atom import public_url
from portal.clock import today_in_china
from portal.database import database
from portal.models import GovernmentLevel
from portal.oversight.forms import application_query, inspection_query
from portal.oversight.models import (
    ApplicationStatus,
    ApprovalApplication,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from portal.oversight.queries import (
    follow_up_of,
    list_applications,
    office_inspections,
    published_inspections,
)
from portal.oversight.reports import (
    registry_figures,
    report_versions,
    round_by_code,
    round_overview,
    rounds,
)
from portal.oversight.views.reports import current_summary
from portal.queries import load_government, office_by_slug, provinces

TAG = "Oversight"


class ApplicationParams(ListParams):
    status = choice_param([s.value for s in ApplicationStatus], "pending, approved or refused.")
    province = province_param("Only applications to this host province.")
    urgent = choice_param(["1"], "1: only urgent applications.")


def _application(application: ApprovalApplication) -> ApprovalApplication:
    application.url = public_url("oversight.approval", application_id=application.id)
    return application


@operation(
    bp,
    "/api/v1/approvals",
    summary=_l("Applications for approval"),
    tag=TAG,
    response=ApplicationSchema,
    params=ApplicationParams,
    many=True,
)
def approvals(args: dict, **_):
    """Applications to set up or keep an office, newest first, with the list page's filters."""
    db = database.session
    window = args["window"]
    query = replace(application_query(provinces(db)), page=window.page)
    rows, total = list_applications(db, query, window.size)
    return Result([_application(a) for a in rows], has_next=window.page * window.size < total)


@operation(
    bp,
    "/api/v1/approvals/<int:application_id>",
    summary=_l("One application"),
    tag=TAG,
    response=ApplicationSchema,
    params=Params,
    errors=(404,),
)
def approval(args: dict, application_id: int):
    """One application and, once decided, the decision and its reasons."""
    found = database.session.get(ApprovalApplication, application_id)
    if found is None:
        abort(404)
    return Result(_application(found))


class InspectionParams(ListParams):
    province = province_param("Only offices hosted in this province.")
    result = choice_param([r.value for r in InspectionResult], "Only this result.")
    year = year_param("Only inspections of this year.")


def _inspection(inspection: Inspection, follow_up: Inspection | None = None) -> dict:
    return {
        "id": inspection.id,
        "office": inspection.office,
        "inspecting_government": inspection.inspecting_government,
        "inspected_on": inspection.inspected_on,
        "result": inspection.result,
        "rectification_due_on": inspection.rectification_due_on,
        "findings_markdown": inspection.findings_markdown,
        "published_at": inspection.published_at,
        "follow_up_id": follow_up.id if follow_up else None,
        "url": public_url("oversight.inspection", inspection_id=inspection.id),
    }


def _newest(rows: list[Inspection]):
    return max((row.published_at for row in rows if row.published_at), default=None)


@operation(
    bp,
    "/api/v1/inspections",
    summary=_l("Published inspections"),
    tag=TAG,
    response=InspectionSchema,
    params=InspectionParams,
    many=True,
)
def inspections(args: dict, **_):
    """Published inspections, newest first, with the list page's filters."""
    db = database.session
    window = args["window"]
    query = replace(inspection_query(provinces(db)), page=window.page)
    rows, total = published_inspections(db, query, window.size)
    return Result(
        [_inspection(row) for row in rows],
        last_modified=_newest(rows),
        has_next=window.page * window.size < total,
    )


@operation(
    bp,
    "/api/v1/inspections/<int:inspection_id>",
    summary=_l("One inspection"),
    tag=TAG,
    response=InspectionSchema,
    params=Params,
    errors=(404,),
)
def inspection(args: dict, inspection_id: int):
    """One published inspection, and the follow-up inspection that confirmed it, if any."""
    db = database.session
    found = db.get(Inspection, inspection_id)
    if found is None or found.status != InspectionStatus.PUBLISHED:
        abort(404)
    return Result(_inspection(found, follow_up_of(db, found)), last_modified=found.published_at)


@operation(
    bp,
    "/api/v1/offices/<slug>/inspections",
    summary=_l("An office's inspections"),
    tag=TAG,
    many=True,
    paged=False,
    response=InspectionSchema,
    params=Params,
    errors=(404,),
)
def office_inspection_list(args: dict, slug: str):
    """The published inspections of one office, newest first (at most 50)."""
    db = database.session
    office = office_by_slug(db, slug)
    if office is None:
        abort(404)
    rows = office_inspections(db, office.id)
    return Result([_inspection(row) for row in rows], last_modified=_newest(rows))


def _standing(status) -> dict:
    return {
        "province": status.province,
        "timing": status.timing.value,
        "first_submitted_on": status.first_submitted_on,
        "latest": status.latest,
    }


@operation(
    bp,
    "/api/v1/reports",
    summary=_l("Reporting rounds"),
    tag=TAG,
    many=True,
    paged=False,
    response=RoundSchema,
    params=Params,
    errors=(400,),
)
def reports(args: dict, **_):
    """Every round of provincial progress reports and each province's standing in it."""
    db = database.session
    today = today_in_china()
    return Result(
        [
            {
                "code": round_.code,
                "name_zh": round_.name_zh,
                "name_en": round_.name_en,
                "baseline_on": round_.baseline_on,
                "period_end": round_.period_end,
                "due_before": round_.due_before,
                "provinces": [_standing(s) for s in round_overview(db, round_, today)],
            }
            for round_ in rounds(db)
        ]
    )


@operation(
    bp,
    "/api/v1/reports/<round_code>/<province_code>",
    summary=_l("A province's report"),
    tag=TAG,
    response=ProvinceReportSchema,
    params=Params,
    errors=(404,),
)
def province_report(args: dict, round_code: str, province_code: str):
    """Every version of a province's report for a round, beside the registry's own figures."""
    db = database.session
    round_ = round_by_code(db, round_code) if round_code.isprintable() else None
    province = load_government(db, province_code) if province_code.isdigit() else None
    if round_ is None or province is None or province.level != GovernmentLevel.PROVINCIAL:
        abort(404)
    return Result(
        {
            "round": round_.code,
            "province": province,
            "versions": report_versions(db, round_, province),
            "registry": registry_figures(db, round_, province),
        }
    )


@operation(
    bp,
    "/api/v1/summary",
    summary=_l("The national summary"),
    tag=TAG,
    response=SummarySchema,
    params=Params,
    errors=(400,),
)
def summary(args: dict, **_):
    """Per province and national: offices before and now, closures, findings per rule, reports,
    complaints handled in time, approvals and inspections (the figures of /reports/summary)."""
    return Result(current_summary())
