"""`flask jobs run|list` (the periodic jobs) and `flask backup` / `flask restore`."""

from __future__ import annotations

import signal
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from operations.backup import BackupError, make_backup, read_backup, restore_backup
from operations.jobs import JOBS
from operations.leases import process_holder, release_lease
from operations.models import JobRun, RunResult
from operations.scheduler import build_scheduler, run_once
from portal.clock import utcnow
from portal.database import database

jobs = AppGroup("jobs", help="The periodic jobs: delivery, escalation, findings, retention.")


def _chosen(names: tuple[str, ...]):
    unknown = [name for name in names if name not in JOBS]
    if unknown:
        raise click.BadParameter(
            f"unknown job {', '.join(unknown)}; the jobs are {', '.join(JOBS)}", param_hint="--job"
        )
    return [JOBS[name] for name in names] if names else list(JOBS.values())


@jobs.command("run")
@click.option("--once", is_flag=True, help="Run each job once and exit (tests, cron).")
@click.option("--job", "names", multiple=True, help="Only this job (repeatable).")
def run_command(once: bool, names: tuple[str, ...]) -> None:
    """Run the jobs on their intervals until stopped (or each once with --once)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    chosen = _chosen(names)
    holder = process_holder()
    if once:
        failed = False
        for job, run in run_once(app, chosen, holder):
            if run is None:
                click.echo(f"{job.name}: skipped, another process holds it")
                continue
            failed = failed or run.result is RunResult.FAILED
            click.echo(f"{job.name}: {run.result.value}: {run.summary}")
        if failed:
            raise SystemExit(1)
        return
    click.echo(f"jobs {', '.join(job.name for job in chosen)} as {holder}; Ctrl-C stops")
    _stop_on_signals()
    scheduler = build_scheduler(app, chosen, holder)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown(wait=False)
        _give_back(chosen, holder)


def _stop_on_signals() -> None:
    """SIGTERM (systemd's stop) and SIGINT (Ctrl-C, `make scaled`'s stop) both end the scheduler
    through the same path. SIGINT is set here too: a process started in the background by a
    shell inherits it ignored, and `make scaled` then had to kill the jobs after 30 s."""

    def stop(_number, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _give_back(chosen, holder: str) -> None:
    """On the way out: this process's leases are given back (another machine need not wait for
    them to expire) and a run it leaves unfinished is recorded as failed, not "running" for ever.
    What the run wrote and did not commit is rolled back with its transaction."""
    db = database.session
    for run in db.scalars(
        select(JobRun).where(JobRun.holder == holder, JobRun.result == RunResult.RUNNING)
    ):
        run.result, run.finished_at = RunResult.FAILED, utcnow()
        run.summary = "stopped before it finished (the jobs process was stopped)"
    db.commit()
    for job in chosen:
        release_lease(db, job.name, holder)


@jobs.command("list")
def list_command() -> None:
    """The jobs and how often each runs."""
    for job in JOBS.values():
        click.echo(f"{job.name}: every {job.every_seconds} s (lease {job.lease_seconds} s)")


@click.command("backup")
@click.option(
    "--to",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the backup folder (default: instance/backups).",
)
@with_appcontext
def backup_command(into: Path | None) -> None:
    """Back up the database (SQLite online backup, or pg_dump) and the uploads. Not the keys."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    target = into or Path(app.instance_path) / "backups"
    try:
        made = make_backup(database.engine, app.config["UPLOAD_DIR"], target, utcnow())
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{made.folder} ({made.kind}); the keys are not in it: keep DATA_KEY apart")


@click.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def restore_command(folder: Path) -> None:
    """Restore a backup folder into this instance, whose database must be empty."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        backup = read_backup(folder)
        database.session.remove()
        database.engine.dispose()
        restore_backup(backup, database.engine, app.config["UPLOAD_DIR"])
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    finally:
        database.engine.dispose()
    click.echo(f"restored {folder} ({backup.kind}); run `flask search rebuild` next")
