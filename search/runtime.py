"""The app's engine (PORTAL_SEARCH_ENGINE), its state for /healthz, the background indexer."""

from __future__ import annotations

import logging
import threading
import time

import click
from flask import Flask, current_app

from portal.database import database
from search.engine import SearchEngine
from search.indexer import outbox_head, sync
from search.store import is_index_damage

log = logging.getLogger(__name__)

ENGINES = ("whoosh", "tantivy")


def check_engine_name(app: Flask) -> None:
    """Refuse to start with an unknown PORTAL_SEARCH_ENGINE, not fail at the first search."""
    name = app.config.get("SEARCH_ENGINE", "whoosh")
    if name not in ENGINES:
        raise ValueError(f"PORTAL_SEARCH_ENGINE={name!r}: choose one of {', '.join(ENGINES)}")


def make_engine(name: str, root: str, lock_timeout: float = 10.0) -> SearchEngine:
    """An engine by name over an index directory. Raises ValueError for an unknown name.

    The engine modules are imported here, not at the top: a process loads only the engine
    library it uses (tantivy's extension, or Whoosh's many modules), never both.
    """
    if name == "whoosh":
        from search.whoosh_engine import WhooshEngine

        return WhooshEngine(root, lock_timeout)
    if name == "tantivy":
        from search.tantivy_engine import TantivyEngine

        return TantivyEngine(root, lock_timeout)
    raise ValueError(f"unknown search engine {name!r}: choose one of {', '.join(ENGINES)}")


def get_engine(app: Flask | None = None) -> SearchEngine:
    """The app's engine, created once per process."""
    app = app or current_app
    engine = app.extensions.get("search_engine")
    if engine is None:
        engine = make_engine(
            app.config.get("SEARCH_ENGINE", "whoosh"),
            app.config["SEARCH_INDEX_DIR"],
            float(app.config.get("SEARCH_LOCK_TIMEOUT", 10.0)),
        )
        app.extensions["search_engine"] = engine
    return engine


def index_status() -> dict:
    """The index state for /healthz and `flask search status`."""
    engine = get_engine()
    state = engine.state()
    head = outbox_head(database.session)
    return {
        "state": state.state,
        "engine": state.engine,
        "documents": state.documents,
        "last_applied": state.last_applied,
        "outbox_head": head,
        "lag": max(head - state.last_applied, 0) if state.state == "ready" else None,
    }


def search_health() -> dict:
    """The index state for /healthz; never raises (a health check must always answer)."""
    try:
        return index_status()
    except BaseException as error:  # any failure is a state to report, a Rust panic too
        if not is_index_damage(error):
            raise
        # The error itself goes to the log: its text may name the database host and port,
        # which a public health check must not tell.
        log.warning("health check failed: %s", error)
        return {"state": "unavailable", "detail": type(error).__name__}


class BackgroundIndexer:
    """Applies the outbox right after the app's own commits, without making a request wait.

    One daemon thread per serving process, started by the first request or the first commit
    that wrote outbox rows; a notification that arrives while it is busy makes it run once
    more. Every `poll` seconds it also syncs unasked, which picks up changes made by other
    processes and by CLI commands (poll 0: the thread stops after 5 idle seconds). Commits
    inside a CLI command never start it: `flask search sync` (or `rebuild`) does that work.
    Failures are logged, never raised (the next run, `flask search sync` or a rebuild catches up).
    """

    def __init__(self, app: Flask, poll: float) -> None:
        self.app = app
        self.poll = poll
        self.wake = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.stopping = False

    def notify(self) -> None:
        if self.stopping or click.get_current_context(silent=True) is not None:
            return  # a CLI command (demo load, import): it syncs or rebuilds explicitly
        self.idle.clear()
        self.wake.set()
        self.ensure_started()

    def ensure_started(self) -> None:
        with self.lock:
            if self.stopping:
                return
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)
                self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread (tests; a server's daemon thread simply ends with its process)."""
        self.stopping = True
        self.wake.set()
        thread = self.thread
        if thread is not None:
            thread.join(timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every notified change was applied (for tests and graceful shutdown)."""
        return self.idle.wait(timeout)

    def _run(self) -> None:
        while not self.stopping:
            if not self.wake.wait(timeout=self.poll or 5) and not self.poll:
                with self.lock:
                    if not self.wake.is_set():
                        self.thread = None
                        self.idle.set()
                        return
            self.wake.clear()
            if self.stopping:
                break
            self._sync()
            if not self.wake.is_set():
                self.idle.set()
        with self.lock:
            self.thread = None
            self.idle.set()

    def _sync(self) -> None:
        for attempt in range(5):
            try:
                with self.app.test_request_context("/search/_sync"):
                    # A GET-like context: on SQLite our reads begin deferred, not
                    # IMMEDIATE, so the indexer never holds the database's write lock.
                    try:
                        sync(database.session, get_engine(self.app))
                    finally:
                        database.session.remove()
                return
            except BaseException as error:  # a background thread must never die loudly
                if not is_index_damage(error):
                    raise
                log.warning(
                    "search: background sync failed (attempt %d)", attempt + 1, exc_info=True
                )
                time.sleep(0.2 * (attempt + 1))


def init_background(app: Flask) -> None:
    """Wire the outbox notification: a background thread in the embedded mode, else nothing."""
    if app.config.get("SEARCH_SYNC", "embedded") != "embedded":
        return
    indexer = BackgroundIndexer(app, float(app.config.get("SEARCH_SYNC_POLL", 5.0)))
    app.extensions["search_indexer"] = indexer
    app.extensions["search_notify"] = indexer.notify
    if indexer.poll:

        @app.before_request
        def _start_indexer() -> None:
            if indexer.thread is None:
                indexer.ensure_started()
