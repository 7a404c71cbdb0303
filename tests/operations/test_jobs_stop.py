"""`flask jobs run` stops cleanly on SIGINT and SIGTERM and gives its leases back (issue 20 item 1).

Found while measuring issue 20: `make scaled` started in the background (as a shell starts any
background command) passed its children SIGINT *ignored*, so the jobs process did not stop on
Ctrl-C, was killed after 30 s, and left its leases held; systemd's SIGTERM killed it outright.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from operations.models import JobLease, JobRun, RunResult

ROOT = Path(__file__).resolve().parents[2]


def start_jobs(app, tmp_path, ignore_sigint: bool) -> subprocess.Popen:
    environment = {
        **os.environ,
        "FLASK_APP": "app:create_app",
        "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_SECRET_KEY": "jobs-stop-secret",
        "PORTAL_DATA_KEY": "ab" * 32,
        "PORTAL_SEARCH_SYNC": "external",
        "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "PORTAL_UPLOAD_DIR": str(tmp_path / "uploads"),
    }

    def ignore() -> None:  # what a shell does to a command it starts with `&`
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    return subprocess.Popen(
        [sys.executable, "-m", "flask", "jobs", "run", "--job", "deliver", "--job", "escalate"],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=ignore if ignore_sigint else None,  # noqa: PLW1509 - only a signal disposition
    )  # fmt: skip


def wait_for_runs(db, names: set[str], process: subprocess.Popen) -> None:
    for _ in range(600):  # a bound, not a timing: the first runs happen at start
        done = set(db.scalars(select(JobRun.job).where(JobRun.result == RunResult.SUCCEEDED)).all())
        db.rollback()  # never hold SQLite's lock while the jobs process writes
        if names <= done or process.poll() is not None:
            return
        time.sleep(0.1)


@pytest.mark.parametrize(
    "how, ignore_sigint",
    [(signal.SIGINT, True), (signal.SIGTERM, False)],
    ids=["sigint-inherited-ignored", "sigterm"],
)
def test_the_jobs_stop_on_a_signal_and_give_their_leases_back(
    app, db, tmp_path, how, ignore_sigint
):
    process = start_jobs(app, tmp_path, ignore_sigint)
    try:
        wait_for_runs(db, {"deliver", "escalate"}, process)
        assert process.poll() is None, process.stdout.read()
        process.send_signal(how)
        output, _ = process.communicate(timeout=30)  # TimeoutExpired: it did not stop
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in output, output
    db.rollback()
    assert db.scalars(select(JobLease.holder).where(JobLease.holder.is_not(None))).all() == []
    assert db.scalars(select(JobRun).where(JobRun.result == RunResult.RUNNING)).all() == []
