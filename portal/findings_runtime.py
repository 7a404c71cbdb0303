"""When the findings table is kept: right after each commit that wrote the outbox (embedded
mode), by a background thread (the daily refresh, and what other processes and commands left),
by `flask compliance refresh` (the scaled mode), and at the end of `flask demo load`.

`PORTAL_COMPLIANCE_SYNC=embedded` (the default): the process that committed applies the outbox at
once, in a session of its own, so its next page shows the new findings; a daemon thread checks
every `PORTAL_COMPLIANCE_POLL` seconds (default 30) for rows left by other processes and for a
new day. `external`: neither; run `flask compliance refresh --follow` (or from cron).
Failures are logged, never raised into the request that committed (its commit stands; the rows
stay in the outbox for the next run), except in tests, where they must be seen.
"""

from __future__ import annotations

import logging
import threading
import time
from contextvars import ContextVar
from datetime import date

from flask import Flask, current_app
from sqlalchemy import exists, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portal.clock import today_in_china
from portal.database import database
from portal.demo.progress import Progress
from portal.findings_models import FindingOutbox
from portal.findings_outbox import QUIET, install_listeners
from portal.findings_sync import BATCH, Outcome, apply_outbox, evaluated_on, refresh_everything

log = logging.getLogger(__name__)

MODES = ("embedded", "external")
MAX_ROUNDS = 50

_applying: ContextVar[bool] = ContextVar("findings_applying", default=False)


def apply_pending(today: date | None = None) -> Outcome:
    """Apply the whole outbox (and the daily refresh when the day changed), committing each batch
    in a session of its own. Needs an app context."""
    total = Outcome()
    for _round in range(MAX_ROUNDS):
        with Session(bind=database.engine, info={QUIET: True}) as db:
            outcome = apply_outbox(db, today or today_in_china())
            db.commit()
        total.applied += outcome.applied
        total.offices += outcome.offices
        total.added += outcome.added
        total.removed += outcome.removed
        total.changed += outcome.changed
        total.everything = total.everything or outcome.everything
        if outcome.applied == 0 or (outcome.applied < BATCH and not outcome.everything):
            break
    return total


def apply_after_commit() -> None:
    """The after-commit hook of the embedded mode (never re-entered, never raises in service)."""
    if _applying.get():
        return
    token = _applying.set(True)
    try:
        for attempt in range(3):
            try:
                apply_pending()
                return
            except OperationalError:  # SQLite busy beyond its timeout: try again shortly
                if current_app.testing and attempt == 2:
                    raise
                log.warning("findings: applying the outbox failed (attempt %d)", attempt + 1)
                time.sleep(0.2 * (attempt + 1))
    except Exception:
        if current_app.testing:
            raise
        log.warning("findings: applying the outbox failed", exc_info=True)
    finally:
        _applying.reset(token)


def needs_work(app: Flask) -> bool:
    """Whether the outbox holds rows or the table was evaluated for another day (reads only)."""
    # A GET-like context: on SQLite the read begins deferred, without the write lock.
    with app.test_request_context("/_findings"):
        try:
            db = database.session
            if evaluated_on(db) != today_in_china():
                return True
            return bool(db.scalar(select(exists().where(FindingOutbox.id.is_not(None)))))
        finally:
            database.session.remove()


class BackgroundRefresher:
    """One daemon thread per serving process: every `poll` seconds, when there is work, apply."""

    def __init__(self, app: Flask, poll: float) -> None:
        self.app = app
        self.poll = poll
        self.thread: threading.Thread | None = None
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def ensure_started(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            return
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._run, name="findings-refresher", daemon=True
                )
                self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def _run(self) -> None:
        while not self.stopping.wait(self.poll):
            try:
                if needs_work(self.app):
                    with self.app.app_context():
                        apply_pending()
            except Exception:  # noqa: BLE001 - a background thread must never die loudly
                log.warning("findings: background refresh failed", exc_info=True)


def load_demo_findings(db: Session, _scale: str, progress: Progress) -> None:
    """The last demo step: evaluate every rule over the loaded data and store the differences
    (flushes; a second run finds none and writes nothing)."""
    outcome = refresh_everything(db, today_in_china(), progress)
    progress.echo(f"Findings: {outcome.added} added, {outcome.removed} removed.")


def findings_health() -> dict:
    """The findings table's state for /healthz; never raises."""
    try:
        db = database.session
        day = evaluated_on(db)
        pending = db.scalar(select(exists().where(FindingOutbox.id.is_not(None))))
        fresh = day == today_in_china()
        return {
            "state": "ok" if fresh and not pending else "degraded",
            "evaluated_on": day.isoformat() if day else None,
            "pending": bool(pending),
        }
    except Exception as error:  # noqa: BLE001 - a health check must always answer
        # The error itself goes to the log: its text may name the database host and port,
        # which a public health check must not tell.
        log.warning("health check failed: %s", error)
        return {"state": "unavailable", "detail": type(error).__name__}


def init_findings(app: Flask) -> None:
    """Install the outbox events, the demo step, the health check and the chosen mode."""
    mode = app.config.get("COMPLIANCE_SYNC", "embedded")
    if mode not in MODES:
        raise ValueError(f"PORTAL_COMPLIANCE_SYNC={mode!r}: choose one of {', '.join(MODES)}")
    install_listeners()
    registry = app.extensions["portal_registry"]
    registry.add_demo_step(1000, "findings", load_demo_findings)
    registry.add_health_check("findings", findings_health)
    if mode != "embedded":
        return
    app.extensions["findings_notify"] = apply_after_commit
    poll = float(app.config.get("COMPLIANCE_POLL", 30))
    if poll > 0 and not app.testing:
        refresher = BackgroundRefresher(app, poll)
        app.extensions["findings_refresher"] = refresher
        app.before_request(refresher.ensure_started)
