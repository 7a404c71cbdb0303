"""The jobs' tables: one lease row per job (the lock between machines) and one row per run."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime
from portal.models import enum_column


class RunResult(enum.Enum):
    """How a run ended: still going, done, failed (the error is kept), or another holder had it."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class JobLease(Base):
    """Who runs a job now: a process holds it until `lease_until`, then anyone may take it.

    Taking it is one conditional UPDATE (operations/leases.py), atomic on SQLite and PostgreSQL.
    """

    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime] = mapped_column(UTCDateTime)


class JobRun(Base):
    """One run of one job: when it started and ended, and what came of it."""

    __tablename__ = "job_run"
    __table_args__ = (Index("ix_job_run_job_started", "job", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    holder: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[RunResult] = mapped_column(enum_column(RunResult, "job_run_result"))
    summary: Mapped[str | None] = mapped_column(String(1000))

    def __repr__(self) -> str:
        return f"<JobRun {self.job} {self.result.value} {self.started_at:%Y-%m-%d %H:%M}>"
