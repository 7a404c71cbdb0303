"""The jobs page: administrators only (others get a 404, as every role-bound page)."""

from __future__ import annotations

from flask import render_template

from operations import bp
from operations.jobs import JOBS
from operations.labels import JOB_LABELS, RESULT_LABELS
from operations.queries import latest_runs, leases
from portal.auth import role_required
from portal.clock import utcnow
from portal.database import database
from portal.models import Role


@bp.get("/operations/jobs")
@role_required(Role.ADMIN)
def jobs_page():
    db = database.session
    return render_template(
        "operations/jobs.html",
        jobs=list(JOBS.values()),
        runs=latest_runs(db),
        leases=leases(db),
        now=utcnow(),
        job_labels=JOB_LABELS,
        result_labels=RESULT_LABELS,
    )
