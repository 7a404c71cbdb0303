"""`flask jobs run`: one process that runs every job of operations/jobs.py on its interval.

APScheduler (3.x) rather than a loop of our own: interval triggers, one instance of a job at a
time, missed runs coalesced into one, and a clean stop on SIGTERM/Ctrl-C are its tested code,
not ours. It needs no broker, so the embedded mode (SQLite, no Redis) runs it as it is; the
database lease in `run_job` is what keeps two machines from running one job at once, so the
scaled mode runs one `flask jobs run` per machine, or two for redundancy, and needs no
RQ/Celery beat.
"""

from __future__ import annotations

from collections.abc import Iterable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from operations.jobs import Job, run_job
from portal.clock import utcnow


def run_once(app: Flask, jobs: Iterable[Job], holder: str) -> list[tuple[Job, object]]:
    """Run each job once, in order (for tests and cron); (job, run or None if held elsewhere)."""
    return [(job, run_job(app, job, holder)) for job in jobs]


def build_scheduler(app: Flask, jobs: Iterable[Job], holder: str) -> BlockingScheduler:
    """A scheduler with one interval trigger per job, each first run at start.

    One worker thread: jobs run one after another, so in the embedded mode they never wait on
    each other for SQLite's write lock (each is short; a late one is coalesced, not stacked)."""
    scheduler = BlockingScheduler(timezone="UTC", executors={"default": ThreadPoolExecutor(1)})

    def run_in_context(job: Job) -> None:
        with app.app_context():
            run_job(app, job, holder)

    for job in jobs:
        scheduler.add_job(
            run_in_context,
            IntervalTrigger(seconds=job.every_seconds, timezone="UTC"),
            args=[job],
            id=job.name,
            name=job.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=job.every_seconds,
            next_run_time=utcnow(),
        )
    return scheduler
