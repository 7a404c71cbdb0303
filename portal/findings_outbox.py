"""Session events that write the findings outbox, and bump the public data's version, in the
same transaction as the change itself.

A rule reads more than its office's own row: R3 counts the offices one government keeps in one
capital, R6 judges receptions by the host province's standard, R10 reads who owns a provider,
R8 names provinces. `WATCH` says, for each table a registered rule reads (by table name: the
portal imports no feature package), which offices a changed row concerns; `after_flush` and
ORM bulk statements (`do_orm_execute`) turn the changed rows into those office ids, written to
`finding_outbox` (a NULL office: the findings that name no office). After the commit the app
applies the outbox (`portal/findings_sync.py`).

Every commit that changed any row other than accounts' also adds one to
`finding_state.data_version`, just before COMMIT (the last lock a transaction takes, so two
writers never wait on each other in a cycle): the version the public pages' ETag is made of.
Raw SQL and Core statements on tables bypass both; `flask compliance check` finds what they
changed and `flask compliance refresh` (or `rebuild`) repairs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Connection, func, insert, inspect, select, union, update
from sqlalchemy.orm import ORMExecuteState, Session

from portal.clock import utcnow
from portal.database import Base
from portal.findings_models import STATE_ID, FindingOutbox, FindingState

PENDING = "findings_outbox_pending"
CHANGED = "public_data_changed"
BUMPED = "public_data_version_bumped"
QUIET = "findings_outbox_quiet"
PRIVATE_TABLES = frozenset(
    {
        "account",
        "finding",
        "finding_outbox",
        "finding_state",
        # sign-in tokens, recovery codes and the administrators' audit (admin/)
        "account_token",
        "recovery_code",
        "admin_audit_entry",
        # the scheduler's leases and run records (operations/): written every minute
        "job_lease",
        "job_run",
        # a partner key's use (api/)
        "api_key_use",
        # mail waiting to go out and the supervisors' reminders (complaints/): delivering a
        # message must not make every process draw its pages again
        "notification_outbox",
        "complaint_reminder",
        "complaint_reminder_preference",
    }
)
"""Changes that no public page shows: they leave the data version alone (so the pages kept by
each process stay valid through a password reset or a scheduler's run)."""

Seed = tuple[str, Any]


def _office(row) -> list[Seed]:
    return [("office", row.office_id)]


def _registry(_row) -> list[Seed]:
    return [("registry", None)]


WATCH: dict[str, tuple[tuple[str, ...], Callable[[Any], list[Seed]]]] = {
    "office": (
        ("id", "establishing_government_id", "host_province_id"),
        lambda row: [
            ("office", row.id),
            ("pair", (row.establishing_government_id, row.host_province_id)),
        ],
    ),
    "government": (("id",), lambda row: [("government", row.id), ("registry", None)]),
    "reception_record": (("office_id",), _office),
    "contract": (("office_id",), _office),
    "budget": (("office_id",), _office),
    "publication": (("office_id",), _office),
    "inspection": (("office_id",), _office),
    "reception_standard": (("province_id",), lambda row: [("hosted_in", row.province_id)]),
    "provider": (("id",), lambda row: [("provider", row.id)]),
    "progress_report": ((), _registry),
    "reporting_round": ((), _registry),
}
"""table name → (the columns read, row → seeds). A seed names offices: ("office", id); ("pair",
(government, host)) the offices one government keeps in one capital (R3); ("government", id)
the offices it set up, hosts or approved, and those buying from providers it owns; ("hosted_in",
province) the offices in its capital; ("provider", id) the offices buying from it; ("registry",
None) the findings that name no office."""


def _table(name: str):
    return Base.metadata.tables.get(name)


def _offices_buying(column: str, values: set) -> list:
    """Selects of the office ids whose receptions or contracts match `column IN values`."""
    selects = []
    for name in ("reception_record", "contract"):
        table = _table(name)
        if table is not None and column in table.c:
            selects.append(select(table.c.office_id).where(table.c[column].in_(values)))
    return selects


def resolve(connection: Connection, seeds: Iterable[Seed]) -> set[int | None]:
    """The office ids (None: the office-less findings) that the seeds name, in a few queries."""
    by_kind: dict[str, set] = {}
    for kind, value in seeds:
        if value is not None or kind == "registry":
            by_kind.setdefault(kind, set()).add(value)
    result: set[int | None] = set(by_kind.get("office", ()))
    if "registry" in by_kind:
        result.add(None)
    office = _table("office")
    selects = []
    if pairs := by_kind.get("pair"):
        governments = {gov for gov, _host in pairs if gov is not None}
        hosts = {host for _gov, host in pairs if host is not None}
        selects.append(
            select(office.c.id).where(
                office.c.establishing_government_id.in_(governments),
                office.c.host_province_id.in_(hosts),
            )
        )
    if governments := by_kind.get("government"):
        for column in ("establishing_government_id", "host_province_id"):
            selects.append(select(office.c.id).where(office.c[column].in_(governments)))
        selects.append(select(office.c.id).where(office.c.approving_government_id.in_(governments)))
        provider = _table("provider")
        if provider is not None:
            owned = select(provider.c.id).where(provider.c.owner_government_id.in_(governments))
            selects += _offices_buying("provider_id", owned)
    if provinces := by_kind.get("hosted_in"):
        selects.append(select(office.c.id).where(office.c.host_province_id.in_(provinces)))
    if providers := by_kind.get("provider"):
        selects += _offices_buying("provider_id", providers)
    if selects:
        statement = selects[0] if len(selects) == 1 else union(*selects)
        result.update(connection.execute(statement).scalars())
    return result


def _value(state, name: str):
    if name == "id" and state.identity:
        return state.identity[0]
    if name in state.dict or state.deleted or state.was_deleted:
        return state.dict.get(name)
    return getattr(state.obj(), name)  # expired after a commit: load it


def _object_rows(obj) -> list[SimpleNamespace]:
    """The row as it is now and, when a watched column changed, as it was before the flush."""
    columns, _seeds = WATCH[obj.__table__.name]
    state = inspect(obj)
    now, before = {}, {}
    for name in columns:
        now[name] = _value(state, name)
        deleted = state.attrs[name].history.deleted
        before[name] = deleted[0] if deleted else now[name]
    rows = [SimpleNamespace(**now)]
    if before != now:
        rows.append(SimpleNamespace(**before))
    return rows


def _write(session: Session, connection: Connection, seeds: list[Seed]) -> None:
    if not seeds:
        return
    office_ids = resolve(connection, seeds)
    if not office_ids:
        return
    now = utcnow()
    rows = [{"office_id": office_id, "created_at": now} for office_id in office_ids]
    connection.execute(insert(FindingOutbox.__table__), rows)
    session.info[PENDING] = True


def _after_flush(session: Session, _context) -> None:
    if session.info.get(QUIET):
        return
    dirty = [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    seeds: list[Seed] = []
    for obj in [*session.new, *dirty, *session.deleted]:
        table = getattr(obj, "__table__", None)
        if table is None:
            continue
        if table.name not in PRIVATE_TABLES:
            session.info[CHANGED] = True
        if table.name in WATCH:
            _columns, to_seeds = WATCH[table.name]
            for row in _object_rows(obj):
                seeds.extend(to_seeds(row))
    _write(session, session.connection(), seeds)


def _bulk_statement(state: ORMExecuteState):
    """ORM bulk INSERT/UPDATE/DELETE statements skip flush events: find their rows here.

    UPDATE and DELETE: the rows their WHERE clause selects, before the statement runs (an
    UPDATE's rows once more after it). INSERT: the rows with an id above the highest one before.
    """
    if not (state.is_insert or state.is_update or state.is_delete) or state.bind_mapper is None:
        return None
    session = state.session
    if session.info.get(QUIET):
        return None
    table = state.bind_mapper.local_table
    if table.name not in PRIVATE_TABLES:
        session.info[CHANGED] = True
    if table.name not in WATCH:
        return None
    columns, to_seeds = WATCH[table.name]
    connection = session.connection()
    wanted = [table.c[name] for name in columns] or [table.c.id]
    if state.is_insert:
        before = connection.execute(select(func.max(table.c.id))).scalar() or 0
        result = state.invoke_statement()
        rows = connection.execute(select(*wanted).where(table.c.id > before)).all()
        _write(session, connection, [seed for row in rows for seed in to_seeds(row)])
        return result
    query = select(*wanted, table.c.id)
    where = state.statement.whereclause
    if where is not None:
        query = query.where(where)
    elif isinstance(state.parameters, list):  # bulk UPDATE by primary key: the ids are given
        query = query.where(table.c.id.in_([p["id"] for p in state.parameters if "id" in p]))
    rows = connection.execute(query).all()
    seeds = [seed for row in rows for seed in to_seeds(row)]
    if state.is_update and rows:
        result = state.invoke_statement()
        ids = [row.id for row in rows]
        after = connection.execute(select(*wanted).where(table.c.id.in_(ids))).all()
        _write(session, connection, seeds + [seed for row in after for seed in to_seeds(row)])
        return result
    _write(session, connection, seeds)
    return None


def bump_data_version(connection: Connection) -> None:
    """Add one to the public data's version (creating the state row when it is missing)."""
    table = FindingState.__table__
    done = connection.execute(
        update(table).where(table.c.id == STATE_ID).values(data_version=table.c.data_version + 1)
    )
    if not done.rowcount:
        connection.execute(insert(table).values(id=STATE_ID, data_version=1))


def _before_commit(session: Session) -> None:
    if session.info.get(QUIET) or not session.in_transaction():
        return
    session.flush()  # the last flush of this commit: its changes count too
    if session.info.pop(CHANGED, False):
        bump_data_version(session.connection())
        session.info[BUMPED] = True


def _after_commit(session: Session) -> None:
    session.info.pop(CHANGED, None)
    if session.info.pop(BUMPED, False) and has_app_context():
        committed: Callable[[], None] | None = current_app.extensions.get("public_data_committed")
        if committed is not None:
            committed()  # this process's pages show the change at once (portal/findings_pages.py)
    if session.info.pop(PENDING, False) and has_app_context():
        notify: Callable[[], None] | None = current_app.extensions.get("findings_notify")
        if notify is not None:
            notify()


def _after_soft_rollback(session: Session, _transaction) -> None:
    if not session.in_transaction():
        session.info.pop(PENDING, None)
        session.info.pop(CHANGED, None)
        session.info.pop(BUMPED, None)


_installed = False


def install_listeners() -> None:
    """Listen on every ORM session of the process (idempotent)."""
    global _installed
    if _installed:
        return
    from sqlalchemy import event

    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _bulk_statement)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)
    _installed = True
