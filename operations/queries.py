"""Read-only queries of the jobs page: each job's latest runs and who holds it now."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from operations.models import JobLease, JobRun

RUNS_SHOWN = 100


def latest_runs(db: Session, limit: int = RUNS_SHOWN) -> list[JobRun]:
    """The most recent runs of every job, newest first."""
    return list(
        db.scalars(select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(limit))
    )


def leases(db: Session) -> dict[str, JobLease]:
    """Each job's lease row, by job name (a job never run has none)."""
    return {lease.name: lease for lease in db.scalars(select(JobLease))}
