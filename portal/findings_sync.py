"""Keeping the `finding` table: apply the outbox, re-evaluate daily, rebuild, and check.

- `apply_outbox` re-evaluates the offices the outbox names (every registered rule check, asked
  for those offices only) and replaces their rows; a NULL row asks the checks for the findings
  that name no office (an empty `office_ids`). When the table was evaluated for another day than
  today, it re-evaluates everything instead (`refresh_everything`): that is the daily refresh
  for the rules that depend on the date, and it is idempotent.
- `rebuild` replaces every row in one transaction (a finding already there keeps its `since`).
- `compare` is `flask compliance check`: the table against a fresh evaluation.

One writer at a time: each runs under a transaction-scoped lock (PostgreSQL: an advisory lock;
SQLite: its write lock, taken at BEGIN by every transaction that may write). Services flush,
never commit: the command, the background thread or the after-commit hook commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from portal.clock import utcnow
from portal.demo.progress import Progress
from portal.findings import Identity, keyed, plain_facts, row_values, stored_values
from portal.findings_models import STATE_ID, FindingOutbox, FindingRecord, FindingState
from portal.findings_outbox import bump_data_version
from portal.models import Office
from portal.registry import get_registry
from portal.rules import Finding

BATCH = 2000
"""Outbox rows applied per transaction: a burst of changes never holds the lock for long."""

LOCK_KEY = 1_447_814
"""The PostgreSQL advisory lock of the findings writers (any number unique in the database)."""

CHUNK = 500


@dataclass
class Outcome:
    """What one application changed: offices re-evaluated, rows added, removed and changed."""

    applied: int = 0
    offices: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    everything: bool = False
    changed_offices: set[int] = field(default_factory=set)
    """The offices whose rows were added, removed or changed (the watchers are told)."""

    @property
    def changes(self) -> int:
        return self.added + self.removed + self.changed


@dataclass
class Differences:
    """The table against a fresh evaluation: what is missing, extra, or stale in the table."""

    today: date
    evaluated_on: date | None
    pending: int
    missing: list[Identity] = field(default_factory=list)
    extra: list[Identity] = field(default_factory=list)
    stale: list[Identity] = field(default_factory=list)
    total: int = 0

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def lock(db: Session) -> None:
    """Take the findings writers' lock for the rest of the transaction (call it first)."""
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    elif dialect == "sqlite":
        # SQLite's write lock, now: a transaction that began deferred (in a GET-like context)
        # and wrote only later would fail at once if another writer came in between, where
        # a first statement that writes waits for the lock (up to the busy timeout).
        db.execute(text("UPDATE finding_state SET id = id WHERE id = 0"))


def evaluate(db: Session, today: date, office_ids: Iterable[int] | None = None) -> list[Finding]:
    """Every registered check, over every office (None) or over `office_ids` only."""
    ids = list(office_ids) if office_ids is not None else None
    return [finding for check in get_registry().rule_checks for finding in check(db, today, ids)]


def evaluated_on(db: Session) -> date | None:
    """The day the table was last evaluated for (None: never)."""
    return db.scalar(select(FindingState.evaluated_on).where(FindingState.id == STATE_ID))


def pending_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(FindingOutbox)) or 0


def _slug_ids(db: Session, office_ids: list[int] | None = None) -> dict[str, int]:
    query = select(Office.slug, Office.id)
    if office_ids is not None:
        query = query.where(Office.id.in_(office_ids))
    return dict(db.execute(query).all())


def _existing(db: Session, office_ids: list[int] | None, registry: bool) -> dict[Identity, Any]:
    """The stored rows (of `office_ids` and, when `registry`, those naming no office; all when
    `office_ids` is None), by identity."""
    table = FindingRecord.__table__
    query = select(table)
    if office_ids is not None:
        condition = table.c.office_id.in_(office_ids)
        if registry:
            condition = condition | table.c.office_id.is_(None)
        query = query.where(condition)
    return {(row.rule, row.office_id, row.subject): row for row in db.execute(query)}


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_values(identity: Identity, finding: Finding, since: date) -> dict[str, Any]:
    severity, zh, en, _facts = stored_values(finding)
    rule, office_id, subject = identity
    return {
        "rule": rule,
        "office_id": office_id,
        "subject": subject,
        "severity": severity,
        "message_zh": zh,
        "message_en": en,
        "facts": plain_facts(finding),
        "since": since,
    }


def _replace(
    db: Session, today: date, existing: dict[Identity, Any], fresh: dict[Identity, Finding]
) -> Outcome:
    """Make the stored rows `existing` equal to `fresh`: delete, update, insert (flush only)."""
    table = FindingRecord.__table__
    gone = [row.id for identity, row in existing.items() if identity not in fresh]
    changed, new = [], []
    for identity, finding in fresh.items():
        row = existing.get(identity)
        if row is None:
            new.append(_insert_values(identity, finding, today))
        elif row_values(row) != stored_values(finding):
            values = _insert_values(identity, finding, row.since)
            changed.append({**values, "row_id": row.id})
    for ids in _chunks(gone):
        db.execute(delete(table).where(table.c.id.in_(ids)))
    if changed:
        columns = ("severity", "message_zh", "message_en", "facts")
        db.connection().execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({name: bindparam(name) for name in columns}),
            [{name: row[name] for name in (*columns, "row_id")} for row in changed],
        )
    for rows in _chunks(new):
        db.connection().execute(insert(table), rows)
    touched = {row.office_id for identity, row in existing.items() if identity not in fresh}
    touched |= {row["office_id"] for row in (*changed, *new)}
    touched.discard(None)
    _tell_watchers(db, touched)
    return Outcome(added=len(new), removed=len(gone), changed=len(changed), changed_offices=touched)


def _tell_watchers(db: Session, office_ids: set[int]) -> None:
    """The packages watching the table learn which offices' findings changed (same transaction)."""
    if office_ids:
        for watcher in get_registry().findings_watchers:
            watcher(db, office_ids)


def _set_state(db: Session, today: date, changed: bool = True) -> None:
    """Record the day evaluated for (untouched when it already is and nothing changed, so a
    refresh that finds nothing new writes nothing)."""
    table = FindingState.__table__
    if not changed and evaluated_on(db) == today:
        return
    done = db.execute(
        update(table)
        .where(table.c.id == STATE_ID)
        .values(evaluated_on=today, refreshed_at=utcnow())
    )
    if not done.rowcount:
        db.execute(
            insert(table).values(
                id=STATE_ID, evaluated_on=today, refreshed_at=utcnow(), data_version=1
            )
        )


def _forget(db: Session, outbox_ids: list[int]) -> None:
    for ids in _chunks(outbox_ids):
        db.execute(delete(FindingOutbox).where(FindingOutbox.id.in_(ids)))


def apply_outbox(db: Session, today: date, batch: int = BATCH) -> Outcome:
    """Re-evaluate the offices of up to `batch` outbox rows and replace their findings.

    Everything is re-evaluated instead when the table was evaluated for another day. Flushes;
    the caller commits. Returns what changed (`applied`: the outbox rows consumed).
    """
    lock(db)
    if evaluated_on(db) != today:
        return refresh_everything(db, today)
    rows = db.execute(
        select(FindingOutbox.id, FindingOutbox.office_id).order_by(FindingOutbox.id).limit(batch)
    ).all()
    if not rows:
        return Outcome()
    named = {row.office_id for row in rows}
    office_ids = sorted(office_id for office_id in named if office_id is not None)
    registry = None in named
    slug_ids = _slug_ids(db, office_ids)
    findings = evaluate(db, today, office_ids) if office_ids else []
    if registry:
        findings += [f for f in evaluate(db, today, []) if f.office_slug is None]
    fresh = keyed(
        (f for f in findings if f.office_slug is None or f.office_slug in slug_ids), slug_ids
    )
    fresh = {key: f for key, f in fresh.items() if key[1] is not None or registry}
    outcome = _replace(db, today, _existing(db, office_ids, registry), fresh)
    _forget(db, [row.id for row in rows])
    if outcome.changes:
        bump_data_version(db.connection())
    outcome.applied, outcome.offices = len(rows), len(office_ids)
    return outcome


def _lock_and_evaluate_everything(
    db: Session, today: date, progress: Progress
) -> tuple[list[int], dict[Identity, Finding]]:
    """Lock the table, note the outbox rows waiting now (the evaluation covers them), then run
    every check over every office as of `today`: (those outbox ids, the findings by identity)."""
    lock(db)
    seen = list(db.scalars(select(FindingOutbox.id)))
    findings: list[Finding] = []
    for check in progress.iter(get_registry().rule_checks, "Rule checks"):
        findings.extend(check(db, today, None))
    return seen, keyed(findings, _slug_ids(db))


def refresh_everything(db: Session, today: date, progress: Progress | None = None) -> Outcome:
    """Re-evaluate every rule over every office as of `today` and store the differences.

    The daily refresh (the rules that depend on the date) and the repair after a change the
    outbox missed. The outbox rows seen before the evaluation are consumed; later ones stay.
    Flushes; the caller commits.
    """
    progress = progress or Progress(enabled=False)
    seen, fresh = _lock_and_evaluate_everything(db, today, progress)
    outcome = _replace(db, today, _existing(db, None, True), fresh)
    _forget(db, seen)
    _set_state(db, today, changed=bool(outcome.changes))
    if outcome.changes:
        bump_data_version(db.connection())
    outcome.applied, outcome.everything = len(seen), True
    return outcome


def rebuild(db: Session, today: date, progress: Progress | None = None) -> Outcome:
    """Rebuild the table from scratch in the caller's transaction: nothing half-written is
    ever seen. A finding that was already there keeps its `since`. Flushes; the caller commits.
    """
    progress = progress or Progress(enabled=False)
    seen, fresh = _lock_and_evaluate_everything(db, today, progress)
    since = {
        (row.rule, row.office_id, row.subject): row.since
        for row in db.execute(
            select(
                FindingRecord.rule,
                FindingRecord.office_id,
                FindingRecord.subject,
                FindingRecord.since,
            )
        )
    }
    before = set(db.scalars(select(FindingRecord.office_id).distinct()))
    removed = db.execute(delete(FindingRecord)).rowcount or 0
    rows = [
        _insert_values(identity, finding, since.get(identity, today))
        for identity, finding in fresh.items()
    ]
    with progress("Findings", total=len(rows)) as bar:
        for chunk in _chunks(rows):
            db.connection().execute(insert(FindingRecord.__table__), chunk)
            bar.update(len(chunk))
    _forget(db, seen)
    _set_state(db, today)
    bump_data_version(db.connection())
    touched = (before | {row["office_id"] for row in rows}) - {None}
    _tell_watchers(db, touched)
    return Outcome(
        applied=len(seen),
        added=len(rows),
        removed=removed,
        everything=True,
        changed_offices=touched,
    )


def compare(db: Session, today: date) -> Differences:
    """The table against a fresh evaluation as of `today` (reads only)."""
    fresh = keyed(evaluate(db, today), _slug_ids(db))
    existing = _existing(db, None, True)
    result = Differences(today, evaluated_on(db), pending_count(db), total=len(existing))
    for identity, finding in fresh.items():
        row = existing.get(identity)
        if row is None:
            result.missing.append(identity)
        elif row_values(row) != stored_values(finding):
            result.stale.append(identity)
    result.extra = [identity for identity in existing if identity not in fresh]
    return result
