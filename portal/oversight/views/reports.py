"""Progress reports (public lists, versions, submission) and the national summary with its exports."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.auth import current_account, role_required
from portal.clock import today_in_china
from portal.commit import commit_or_show
from portal.csv import csv_response
from portal.database import database
from portal.i18n import current_language
from portal.labels import label
from portal.models import GovernmentLevel
from portal.oversight import bp
from portal.oversight.charts import ChartRow, Series, grouped_bar_chart
from portal.oversight.forms import ReportForm, form_errors
from portal.oversight.labels import RESULT_LABELS, TIMING_LABELS
from portal.oversight.reports import (
    FIGURES,
    ReportFigures,
    compare,
    registry_figures,
    report_versions,
    round_by_code,
    round_overview,
    rounds,
    submit_report,
)
from portal.oversight.scope import under_the_circular
from portal.oversight.summary import (
    APPROVAL_KEYS,
    INSPECTION_KEYS,
    REPORT_KEYS,
    national_summary,
    summary_columns,
    summary_json,
    summary_records,
)
from portal.oversight.summary_text import written_summary
from portal.oversight.supervision import SUPERVISING_ROLES, OversightError, may_report_for
from portal.queries import load_government
from portal.rules import RULES


@bp.get("/reports/")
def reports():
    db = database.session
    today = today_in_china()
    overview = [(round_, round_overview(db, round_, today)) for round_ in rounds(db)]
    return render_template("oversight/reports.html", overview=overview, today=today)


def _round_and_province(code: str, province_code: str):
    db = database.session
    round_ = round_by_code(db, code)
    province = load_government(db, province_code)
    if round_ is None or province is None or province.level != GovernmentLevel.PROVINCIAL:
        abort(404)
    return round_, province


@bp.get("/reports/<code>/<province_code>")
def province_report(code: str, province_code: str):
    db = database.session
    round_, province = _round_and_province(code, province_code)
    versions = report_versions(db, round_, province)
    registry = registry_figures(db, round_, province)
    return render_template(
        "oversight/report.html",
        round=round_,
        province=province,
        versions=versions,
        registry=registry,
        comparisons={v.id: compare(v, registry) for v in versions},
        figures=FIGURES,
        can_submit=under_the_circular(province.code)
        and may_report_for(current_account(), province),
        applicable=under_the_circular(province.code),
        today=today_in_china(),
    )


@bp.route("/reports/<code>/<province_code>/submit", methods=["GET", "POST"])
@role_required(*SUPERVISING_ROLES)
def submit(code: str, province_code: str):
    db = database.session
    round_, province = _round_and_province(code, province_code)
    account = current_account()
    if not under_the_circular(province.code) or not may_report_for(account, province):
        abort(404)
    versions = report_versions(db, round_, province)
    form = ReportForm(obj=versions[0] if versions and request.method == "GET" else None)
    if request.method == "GET":
        form.correction_reason.data = ""
        return render_template(
            "oversight/report_form.html",
            form=form,
            errors={},
            round=round_,
            province=province,
            versions=versions,
        )
    if form.validate_on_submit():
        figures = ReportFigures(*(getattr(form, name).data for name in FIGURES))
        done, _report = commit_or_show(
            form,
            lambda: submit_report(
                db,
                round_,
                province,
                figures,
                form.narrative.data,
                account,
                form.correction_reason.data,
            ),
            (OversightError,),
        )
        if done:
            flash(_("The report is submitted. It can no longer be changed."), "success")
            return redirect(
                url_for("oversight.province_report", code=round_.code, province_code=province.code)
            )
    return (
        render_template(
            "oversight/report_form.html",
            form=form,
            errors=form_errors(form),
            round=round_,
            province=province,
            versions=versions,
        ),
        400,
    )


def _charts(summary) -> dict:
    language = current_language()
    offices = grouped_bar_chart(
        [ChartRow(r.name(language), (r.offices_before, r.offices_now)) for r in summary.rows],
        [
            Series(_("Before the clean-up"), "bar-before"),
            Series(_("Now"), "bar-now"),
        ],
        _("Offices per province, before the clean-up and now"),
        _("Bar chart; the table “Offices and closures” below gives the same numbers."),
        "chart-offices",
    )
    reports_chart = grouped_bar_chart(
        [
            ChartRow(label(TIMING_LABELS, key), (summary.totals.reports.get(key, 0),))
            for key in REPORT_KEYS
        ],
        [Series(_("Reports"), "bar-now")],
        _("Progress reports of all rounds: on time, late, missing"),
        _("Bar chart; the table “Progress reports” below gives the same numbers."),
        "chart-reports",
    )
    inspections_chart = grouped_bar_chart(
        [
            ChartRow(label(RESULT_LABELS, key), (summary.totals.inspections.get(key, 0),))
            for key in INSPECTION_KEYS
        ],
        [Series(_("Inspections"), "bar-now")],
        _("Published inspections by result"),
        _("Bar chart; the table “Approvals and inspections” below gives the same numbers."),
        "chart-inspections",
    )
    return {"offices": offices, "reports": reports_chart, "inspections": inspections_chart}


def current_summary():
    """The national summary as of today, computed afresh: it reads the findings table and
    aggregates (well under a second at the full demo), so no request waits on an expired cache;
    the public pages' HTTP caching (ETag, max-age) spares repeated requests the work."""
    return national_summary(database.session, today_in_china())


@bp.get("/reports/summary")
def summary():
    summary_data = current_summary()
    return render_template(
        "oversight/summary.html",
        summary=summary_data,
        written=written_summary(summary_data, current_language()),
        charts=_charts(summary_data),
        report_keys=REPORT_KEYS,
        approval_keys=APPROVAL_KEYS,
        inspection_keys=INSPECTION_KEYS,
        rules=RULES,
    )


@bp.get("/reports/summary.csv")
def summary_as_csv():
    summary_data = current_summary()
    return csv_response(
        summary_columns(summary_data), summary_records(summary_data), "national-summary.csv"
    )


@bp.get("/reports/summary.json")
def summary_as_json():
    body = json.dumps(summary_json(current_summary()), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json")


cached_summary = current_summary
"""The former name (the JSON API imports it); there is no cache any more."""
