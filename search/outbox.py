"""Session events that write the search outbox in the same transaction as the change itself.

Every flush that adds, changes or deletes a watched row (see `search.documents.WATCH`) inserts
one outbox row per (kind, key) it touches; ORM bulk INSERT/UPDATE/DELETE statements on watched
models are caught too. After a commit that wrote outbox rows, the
app's indexer is told (in the embedded mode it applies them in a background thread).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import current_app, has_app_context
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import ORMExecuteState, Session

from portal.clock import utcnow
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
