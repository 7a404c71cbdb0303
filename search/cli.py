"""`flask search rebuild|sync|check|status`: the package's one click group, over the indexer."""

from __future__ import annotations

import json
import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import DBAPIError

from portal.database import database
from search.building import cpu_seconds, default_workers
from search.indexer import check, rebuild, sync
from search.outbox import missed_pruned_rows, replica_name, report_replica
from search.runtime import get_engine, index_status
from search.store import IndexUnavailable, WriterBusy, is_index_damage

cli = AppGroup("search", help="Build, update and check the search index.")


PROGRESS_EVERY = 5000
"""A rebuild reports its count every this many documents."""


def _read_only():
    """A GET-like request context: on SQLite our long reads never hold the write lock."""
    return current_app.test_request_context("/search/_cli")


@cli.command("rebuild")
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=None,
    help="Processes reading and segmenting (default: PORTAL_SEARCH_BUILD_WORKERS, else the cores).",
)
def rebuild_command(workers: int | None) -> None:
    """Build a fresh index beside the live one and swap it in atomically."""
    started, started_cpu = time.monotonic(), cpu_seconds()
    if workers is None:
        workers = int(current_app.config.get("SEARCH_BUILD_WORKERS") or default_workers())

    def show_progress(count: int) -> None:
        if count % PROGRESS_EVERY == 0:
            click.echo(f"search: {count} documents segmented and indexed…", err=True)

    with _read_only():
        engine = get_engine()
        count = rebuild(database.session, engine, on_document=show_progress, workers=workers)
    click.echo(
        f"search: {engine.name} index rebuilt with {count} documents "
        f"in {time.monotonic() - started:.1f} s ({cpu_seconds() - started_cpu:.1f} s of CPU, "
        f"{workers} worker{'s' if workers > 1 else ''})"
    )


@cli.command("sync")
@click.option("--follow", is_flag=True, help="Keep applying new outbox rows until stopped.")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between polls.")
def sync_command(follow: bool, interval: float) -> None:
    """Apply the outbox rows the index has not applied yet (a missing index is rebuilt)."""
    engine = get_engine()
    name = replica_name(current_app.config["SEARCH_INDEX_DIR"])
    while True:
        try:
            report = _sync_replica(engine, name)
        except WriterBusy:
            click.echo("search: another writer holds the index lock; retrying", err=True)
            report = None
        except DBAPIError as error:
            if not follow:
                raise
            click.echo(f"search: the database failed ({type(error).__name__}); retrying", err=True)
            database.session.remove()
            report = None
        except BaseException as error:  # a Rust panic too: the follower must outlive damage
            if not (follow and is_index_damage(error)):
                raise
            report = _rebuild_after(engine, error)
        if report is not None and (report.applied_rows or report.rebuilt or not follow):
            click.echo(
                f"search: applied {report.applied_rows} outbox rows "
                f"({report.documents} documents), last applied {report.last_applied}"
                + (" after a full rebuild" if report.rebuilt else "")
            )
        if not follow:
            return
        time.sleep(interval)


def _rebuild_after(engine, error: BaseException) -> None:
    """The follower found the index damaged while using it: build it again from the database
    (a failure of that rebuild is reported and tried again at the next poll)."""
    click.echo(f"search: the index failed ({error!s:.200}); rebuilding", err=True)
    database.session.remove()
    engine.store.forget()
    try:
        with _read_only():
            rebuild(database.session, engine)
        click.echo("search: rebuilt after damage", err=True)
    except Exception as failure:  # noqa: BLE001 - the next poll tries again
        click.echo(f"search: the rebuild failed ({type(failure).__name__}); retrying", err=True)
    finally:
        database.session.remove()


def _sync_replica(engine, name: str):
    """One sync of this replica, then its progress reported for the outbox pruning.

    A replica the database does not know (new, or forgotten after a long silence) that is
    behind rows already pruned is rebuilt first: those rows' changes are gone from the outbox.
    """
    with _read_only():
        state = engine.state()
        if state.state == "ready" and missed_pruned_rows(
            database.session, name, state.last_applied
        ):
            click.echo("search: this replica is behind pruned outbox rows; rebuilding", err=True)
            rebuild(database.session, engine)
        report = sync(database.session, engine)
        database.session.remove()
    report_replica(database.session, name, report.last_applied)  # a write, not in the read
    database.session.commit()
    database.session.remove()
    return report


@cli.command("check")
def check_command() -> None:
    """Compare the index with the database; exit 1 when documents are missing, extra or stale."""
    with _read_only():
        try:
            report = check(database.session, get_engine())
        except IndexUnavailable as error:
            click.echo(f"search: the index is {error.state}: run `flask search rebuild`", err=True)
            sys.exit(2)
    for label, ids in (
        ("missing", report.missing),
        ("extra", report.extra),
        ("stale", report.stale),
    ):
        if ids:
            click.echo(
                f"{label}: {len(ids)} ({', '.join(ids[:10])}{' …' if len(ids) > 10 else ''})"
            )
    if not report.clean:
        sys.exit(1)
    click.echo("search: the index matches the database")


@cli.command("status")
def status_command() -> None:
    """Print the index state and how far it lags the outbox, as JSON."""
    with _read_only():
        click.echo(json.dumps(index_status(), indent=2))
