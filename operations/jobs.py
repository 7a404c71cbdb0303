"""Every periodic job, how often it runs, and `run_job`: lease, run, record.

Each job is a function of the app returning a one-line summary; each is idempotent (a second
run finds nothing left to do), so a run repeated after a crash, or by cron beside the scheduler,
does no harm. `run_job` takes the job's lease (operations/leases.py) so that two machines never
run one job at once, and records the run (start, end, result) in `job_run`.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from sqlalchemy.orm import Session

from api.bundles import build_bundles, bundle_directory, read_everything
from complaints.attachments import remove as remove_attachment_files
from complaints.escalation import escalate_overdue
from complaints.outbox import deliver_outbox
from complaints.reminders import send_deadline_reminders
from complaints.retention import erase_expired, retention_days
from operations.leases import release_lease, take_lease
from operations.models import JobRun, RunResult
from portal.clock import utcnow
from portal.database import database
from portal.findings_runtime import apply_pending
from search.outbox import prune_outbox, replica_name, report_replica
from search.runtime import get_engine

MINUTE = 60
HOUR = 60 * MINUTE
DELIVERY_BATCH = 1000
DELIVERY_SECONDS = 5 * MINUTE
DAY = 24 * HOUR


@dataclass(frozen=True)
class Job:
    """A periodic job: its name, what it does, how often, and how long its lease lasts."""

    name: str
    work: Callable[[Flask], str]
    every_seconds: int
    lease_seconds: int


def deliver_notifications(app: Flask) -> str:
    """`flask complaints deliver`, in batches until the outbox is empty: a burst of complaints
    goes out as fast as the mail server takes it, not `DELIVERY_BATCH` a minute. It stops at a
    batch with a failure (the rest waits for the next minute rather than spending its attempts
    on a mail server that is down) and after `DELIVERY_SECONDS`, well within the job's lease."""
    sent = failed = 0
    started = time.monotonic()
    while True:
        batch = deliver_outbox(
            database.session, app.config, app.instance_path, limit=DELIVERY_BATCH
        )
        sent, failed = sent + batch[0], failed + batch[1]
        emptied = sum(batch) < DELIVERY_BATCH
        if emptied or batch[1] or time.monotonic() - started > DELIVERY_SECONDS:
            break
    return f"sent {sent}, failed {failed}"


def escalate_complaints(app: Flask) -> str:
    """`flask complaints escalate`: overdue complaints go up one government."""
    escalated = escalate_overdue(database.session, utcnow())
    database.session.commit()
    return f"escalated {len(escalated)}"


def remind_deadlines(app: Flask) -> str:
    """Deadline reminders (complaints/reminders.py): queued in the outbox, each one once."""
    queued = send_deadline_reminders(database.session, utcnow())
    database.session.commit()
    return f"queued {queued} reminders"


def refresh_findings(app: Flask) -> str:
    """`flask compliance refresh`: apply the findings outbox (and the daily re-evaluation)."""
    outcome = apply_pending()
    return f"applied {outcome.applied}, added {outcome.added}, removed {outcome.removed}"


def erase_expired_personal_data(app: Flask) -> str:
    """Complaints closed longer than PORTAL_RETENTION_DAYS lose contact details and files."""
    db = database.session
    days = retention_days(app.config)
    total = files = 0
    while True:
        erased = erase_expired(db, utcnow(), days)
        db.commit()
        remove_attachment_files(app.config["UPLOAD_DIR"], erased.stored_names)
        total += len(erased.complaint_ids)
        files += len(erased.stored_names)
        if not erased.complaint_ids:
            return f"erased {total} complaints' contact details, {files} files"


def write_data_bundles(app: Flask) -> str:
    """`flask data bundle`: the open-data ZIPs written again (each replaced only when complete)."""
    written = build_bundles(bundle_directory(app), read_everything(app), lambda _step: None)
    return f"wrote {len(written)} bundles"


def prune_search_outbox(app: Flask) -> str:
    """Delete the search outbox rows every index replica has applied (search/outbox.py).

    This machine's own index is reported first: in the embedded mode no follower reports it.
    """
    db = database.session
    state = get_engine(app).state()
    if state.state == "ready":
        report_replica(db, replica_name(app.config["SEARCH_INDEX_DIR"]), state.last_applied)
    pruned = prune_outbox(db, utcnow())
    db.commit()
    forgotten = f", forgot {', '.join(pruned.forgotten)}" if pruned.forgotten else ""
    return (
        f"deleted {pruned.rows} outbox rows (through {pruned.through}), "
        f"{pruned.replicas} replicas{forgotten}"
    )


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("deliver", deliver_notifications, every_seconds=MINUTE, lease_seconds=10 * MINUTE),
        Job("escalate", escalate_complaints, every_seconds=HOUR, lease_seconds=30 * MINUTE),
        Job("reminders", remind_deadlines, every_seconds=HOUR, lease_seconds=30 * MINUTE),
        Job("findings", refresh_findings, every_seconds=5 * MINUTE, lease_seconds=30 * MINUTE),
        Job("retention", erase_expired_personal_data, every_seconds=DAY, lease_seconds=HOUR),
        Job("bundles", write_data_bundles, every_seconds=DAY, lease_seconds=2 * HOUR),
        Job("search-outbox", prune_search_outbox, every_seconds=HOUR, lease_seconds=30 * MINUTE),
    )
}


def _record(run: JobRun, result: RunResult, summary: str) -> JobRun:
    with Session(bind=database.engine, expire_on_commit=False) as db:
        run = db.merge(run)
        run.result = result
        run.finished_at = utcnow()
        run.summary = summary[:1000]
        db.commit()
        return run


def run_job(app: Flask, job: Job, holder: str) -> JobRun | None:
    """Run one job if its lease is free; the recorded run, or None when another process has it.

    Needs an app context. The run's record is written in a session of its own, so a job that
    fails (and rolls back) still leaves its record: result FAILED and the error's last line.
    """
    with Session(bind=database.engine, expire_on_commit=False) as db:
        if not take_lease(db, job.name, holder, utcnow(), job.lease_seconds):
            return None
        run = JobRun(job=job.name, holder=holder, started_at=utcnow(), result=RunResult.RUNNING)
        db.add(run)
        db.commit()
    try:
        summary = job.work(app)
        database.session.commit()  # a job commits its own work; this ends a last read
    except Exception as error:  # a job's failure is recorded, never kills the scheduler
        database.session.rollback()
        detail = traceback.format_exception_only(error)[-1].strip()
        app.logger.exception("job %s failed", job.name)
        result, summary = RunResult.FAILED, detail
    else:
        result = RunResult.SUCCEEDED
    finally:
        database.session.remove()
    run = _record(run, result, summary)
    with Session(bind=database.engine) as db:
        release_lease(db, job.name, holder)
    return run
