"""The administration dashboard (what needs doing, per role) and a province's progress reports."""

from __future__ import annotations

from flask import abort, render_template

from admin import bp
from admin.dashboard import own_province, tasks_for
from portal.auth import current_account, login_required
from portal.clock import today_in_china
from portal.database import database
from portal.i18n import current_language
from portal.oversight.reports import ReportTiming, report_versions, rounds, timing


@bp.get("/admin/")
@login_required
def dashboard():
    account = current_account()
    tasks = tasks_for(database.session, account, today_in_china(), current_language())
    return render_template("admin/dashboard.html", account=account, tasks=tasks)


@bp.get("/admin/progress-reports")
@login_required
def progress_reports():
    """Every round for the signed-in supervisor's own province: its state and where to submit."""
    db = database.session
    province = own_province(current_account())
    if province is None:
        abort(404)
    today = today_in_china()
    rows = []
    for round_ in rounds(db):
        versions = report_versions(db, round_, province)
        first = next((v.submitted_on for v in versions if v.version == 1), None)
        rows.append((round_, versions[0] if versions else None, timing(round_, first, today)))
    return render_template(
        "admin/progress_reports.html", province=province, rows=rows, timings=ReportTiming
    )
