"""The lock between machines: a row per job with a lease, taken by one conditional UPDATE.

A process takes a job's lease when nobody holds it or the holder's lease has run out (a crashed
machine cannot keep a job forever); the UPDATE's row count says who won, on SQLite and
PostgreSQL alike. The caller commits each step at once, in a session of its own.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from operations.models import JobLease


def process_holder() -> str:
    """A name for this process that no other process shares: host, pid and a random part."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def take_lease(db: Session, job: str, holder: str, now: datetime, seconds: int) -> bool:
    """Hold `job` until now + seconds if it is free (or already ours); True when we hold it.

    Commits (the lease must be visible to other machines before the job starts).
    """
    if db.scalar(select(JobLease.name).where(JobLease.name == job)) is None:
        try:
            db.add(JobLease(name=job, holder=None, lease_until=now))
            db.commit()
        except IntegrityError:  # another process created it first: fine, compete below
            db.rollback()
    taken = db.execute(
        update(JobLease)
        .where(
            JobLease.name == job,
            or_(JobLease.holder.is_(None), JobLease.lease_until <= now, JobLease.holder == holder),
        )
        .values(holder=holder, lease_until=now + timedelta(seconds=seconds))
        .execution_options(synchronize_session=False)
    )
    db.commit()
    return taken.rowcount == 1


def release_lease(db: Session, job: str, holder: str) -> None:
    """Give the job back (only if we still hold it). Commits."""
    db.execute(
        update(JobLease)
        .where(JobLease.name == job, JobLease.holder == holder)
        .values(holder=None)
        .execution_options(synchronize_session=False)
    )
    db.commit()
