"""Session events that write the search outbox in the same transaction as the change itself.

Every flush that adds, changes or deletes a watched row (see `search.documents.WATCH`) inserts
one outbox row per (kind, key) it touches; ORM bulk INSERT/UPDATE/DELETE statements on watched
models are caught too. After a commit that wrote outbox rows, the
app's indexer is told (in the embedded mode it applies them in a background thread).

Pruning: every replica reports the last row it applied (`search_replica`); the operations
job `prune-search-outbox` deletes the rows all of them have applied.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import Integer, String, delete, event, func, insert, select
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from portal.clock import utcnow
from portal.database import Base, UTCDateTime
from search.documents import WATCH
from search.models import SearchOutbox
from search.relations import FINDINGS_TABLE

PENDING = "search_outbox_pending"

_listeners_installed = False


def _changes(objects: Iterable) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for obj in objects:
        for watcher in WATCH.get(type(obj), ()):
            for entity, key in watcher(obj):
                if key is not None:
                    found.add((entity, str(key)))
    return found


def _write(session: Session, changes: set[tuple[str, str]]) -> None:
    if not changes:
        return
    now = utcnow()
    rows = [{"entity": e, "key": k, "created_at": now} for e, k in sorted(changes)]
    session.connection().execute(insert(SearchOutbox.__table__), rows)
    session.info[PENDING] = True


def _after_flush(session: Session, _context) -> None:
    dirty = [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    _write(session, _changes([*session.new, *dirty, *session.deleted]))


def _bulk_statement(state: ORMExecuteState):
    """ORM bulk INSERT/UPDATE/DELETE statements skip flush events: find their rows here.

    UPDATE and DELETE: the rows their WHERE clause selects, before the statement runs.
    INSERT: the rows with an id above the highest one before it (ids only grow; a
    concurrent transaction's row caught too is merely refreshed twice).
    """
    if not (state.is_insert or state.is_update or state.is_delete) or state.bind_mapper is None:
        return None
    model = state.bind_mapper.class_
    if model not in WATCH or state.execution_options.get("search_outbox_select"):
        return None
    session = state.session
    quiet = {"search_outbox_select": True}
    if state.is_insert:
        before = session.scalar(select(func.max(model.id)).execution_options(**quiet)) or 0
        result = state.invoke_statement()
        rows = session.scalars(select(model).where(model.id > before).execution_options(**quiet))
        _write(session, _changes(rows.all()))
        return result
    query = select(model).execution_options(**quiet)
    where = state.statement.whereclause
    if where is not None:
        query = query.where(where)
    _write(session, _changes(session.scalars(query).all()))
    return None


def findings_changed(session: Session, office_ids: set[int]) -> None:
    """The findings sync changed these offices' rows of the `finding` table (a registry
    watcher): their documents, and those of their records, are refreshed."""
    _write(session, {(FINDINGS_TABLE, str(office_id)) for office_id in office_ids})


def _after_commit(session: Session) -> None:
    if session.info.pop(PENDING, False) and has_app_context():
        notify: Callable[[], None] | None = current_app.extensions.get("search_notify")
        if notify is not None:
            notify()


def _after_rollback(session: Session) -> None:
    if not session.in_transaction():
        session.info.pop(PENDING, None)


def install_listeners() -> None:
    """Listen on every ORM session of the process (idempotent)."""
    global _listeners_installed
    if _listeners_installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _bulk_statement)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_soft_rollback", lambda s, _t: _after_rollback(s))
    _listeners_installed = True


# --- Pruning: rows every replica has applied (issue 20 item 1) -------------------------------

FORGET_REPLICA_AFTER = timedelta(days=7)
"""A replica silent this long no longer holds pruning back (when it returns, it rebuilds)."""


class SearchReplica(Base):
    """One index replica (a machine's index folder) and the last outbox row it applied.

    Each `flask search sync` reports here, and so does the pruning job for its own machine's
    index (which covers the embedded mode's background indexer). The index itself keeps the
    authoritative figure; this row only lets one machine see how far every other one is.
    """

    __tablename__ = "search_replica"

    name: Mapped[str] = mapped_column(String(300), primary_key=True)
    last_applied: Mapped[int] = mapped_column(Integer)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)


def replica_name(index_dir: str) -> str:
    """This machine's name for an index folder: host name and the folder's absolute path."""
    return f"{socket.gethostname()}:{os.path.abspath(index_dir)}"[:300]


def missed_pruned_rows(session: Session, name: str, last_applied: int) -> bool:
    """True when a replica unknown here (new, or forgotten) is behind rows already pruned.

    The job always keeps the newest row, so a replica that applied up to `last_applied` and
    finds the oldest remaining row beyond the next one may have missed pruned rows (on
    PostgreSQL a rolled-back id can make this a false alarm: one needless rebuild at most).
    A known replica never misses any: pruning waits for it.
    """
    if session.get(SearchReplica, name) is not None:
        return False
    oldest = session.scalar(select(func.min(SearchOutbox.id)))
    return oldest is not None and oldest > last_applied + 1


def report_replica(session: Session, name: str, last_applied: int) -> None:
    """Record how far a replica has applied the outbox (flushes; the caller commits)."""
    replica = session.get(SearchReplica, name)
    if replica is None:
        replica = SearchReplica(name=name, last_applied=last_applied)
        session.add(replica)
    replica.last_applied = last_applied
    replica.reported_at = utcnow()
    session.flush()


@dataclass(frozen=True)
class Pruned:
    """What one pruning did: rows deleted, up to which id, replicas counted and forgotten."""

    rows: int
    through: int
    replicas: int
    forgotten: tuple[str, ...]


def prune_outbox(session: Session, now: datetime) -> Pruned:
    """Delete the outbox rows every replica has applied; keep the newest row (flushes).

    Replicas silent for FORGET_REPLICA_AFTER are forgotten first. With no replica known,
    nothing is deleted. Idempotent: a second run finds nothing left below the mark.
    """
    stale = session.scalars(
        select(SearchReplica.name).where(SearchReplica.reported_at < now - FORGET_REPLICA_AFTER)
    ).all()
    if stale:
        session.execute(delete(SearchReplica).where(SearchReplica.name.in_(stale)))
    replicas, applied = session.execute(
        select(func.count(), func.min(SearchReplica.last_applied))
    ).one()
    head = session.scalar(select(func.max(SearchOutbox.id))) or 0
    through = min(applied or 0, head - 1)
    deleted = 0
    if through > 0:
        deleted = session.execute(delete(SearchOutbox).where(SearchOutbox.id <= through)).rowcount
    session.flush()
    return Pruned(deleted, max(through, 0), replicas, tuple(stale))
