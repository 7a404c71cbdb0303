"""Feeding the index from the database: sync (apply the outbox in order), rebuild, check.

The index records the id of the last outbox row it applied. Outbox ids can commit out of
order on PostgreSQL (a transaction that took id 10 may commit after the one that took 11),
so the recorded id never passes a gap younger than GAP_SECONDS: the rows after a gap are
applied (that is harmless: applying a row re-reads the entity) and applied again later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from portal.clock import utcnow
from search import analysis
from search.building import plan, processes_for, ready_documents
from search.documents import KINDS, Document, Places, all_documents, dependents, load_documents
from search.engine import SearchEngine
from search.models import SearchOutbox
from search.store import IndexUnavailable

log = logging.getLogger(__name__)

GAP_SECONDS = 30
BATCH = 500


@dataclass
class SyncReport:
    """What one sync did."""

    applied_rows: int = 0
    documents: int = 0
    last_applied: int = 0
    rebuilt: bool = False


@dataclass
class CheckReport:
    """Differences between the index and the database."""

    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def outbox_head(db) -> int:
    """The id of the newest outbox row (0 when empty)."""
    return db.scalar(select(func.max(SearchOutbox.id))) or 0


def _watermark(rows: list[SearchOutbox], last: int) -> int:
    """The highest id up to which every row is known to have been applied."""
    horizon = utcnow() - timedelta(seconds=GAP_SECONDS)
    mark = last
    for row in rows:
        if row.id != mark + 1 and row.created_at > horizon:
            break  # a younger gap: an earlier transaction may still commit
        mark = row.id
    return mark


def _documents_for(db, rows: list[SearchOutbox]) -> tuple[list[Document], list[str]]:
    changed: dict[str, set[int]] = {}
    for row in rows:
        if row.key.isdigit():
            changed.setdefault(row.entity, set()).add(int(row.key))
    # A changed entity refreshes its own document (when it is a kind) and its dependents; an
    # entity that is no kind (a province's standard, an office's findings) only the latter.
    keys = {entity: set(ids) for entity, ids in changed.items() if entity in KINDS}
    for entity, ids in changed.items():
        for kind, more in dependents(db, entity, sorted(ids)).items():
            keys.setdefault(kind, set()).update(more)
    places = Places(db)
    upserts, deletes = [], []
    for kind_name, ids in keys.items():
        for key, document in load_documents(db, KINDS[kind_name], ids, places).items():
            if document is None:
                deletes.append(f"{kind_name}:{key}")
            else:
                upserts.append(document)
    for document in upserts:
        analysis.add_words(document.names)
    return upserts, deletes


def sync(db, engine: SearchEngine, rebuild_if_unusable: bool = True) -> SyncReport:
    """Apply every outbox row after the index's last applied one, in order, in batches.

    A missing or corrupt index is rebuilt from scratch first (when `rebuild_if_unusable`).
    Raises IndexUnavailable otherwise, and WriterBusy when the writer lock stays taken.
    """
    report = SyncReport()
    state = engine.state()
    if state.state != "ready":
        if not rebuild_if_unusable:
            raise IndexUnavailable(state.state, state.detail)
        rebuild(db, engine)
        report.rebuilt = True
        state = engine.state()
    last = state.last_applied
    while True:
        rows = list(
            db.scalars(
                select(SearchOutbox)
                .where(SearchOutbox.id > last)
                .order_by(SearchOutbox.id)
                .limit(BATCH)
            )
        )
        if not rows:
            break
        upserts, deletes = _documents_for(db, rows)
        mark = _watermark(rows, last)
        engine.index(upserts, deletes, mark)
        report.applied_rows += len(rows)
        report.documents += len(upserts) + len(deletes)
        db.rollback()  # end the read transaction: the next batch sees newer commits
        if mark == last or len(rows) < BATCH:
            last = mark
            break
        last = mark
    db.rollback()  # never leave a read transaction open (on SQLite it may hold the write lock)
    report.last_applied = last
    if report.documents:
        engine.store.save_dictionary()
    return report


def rebuild(db, engine: SearchEngine, on_document=None, workers: int = 1) -> int:
    """Build a fresh index from the database beside the live one and swap it in.

    Readers keep using the old generation until the swap; they never see a half-built index
    (an interrupted rebuild leaves the live index as it was). `on_document(n)`, when given, is
    called with the running count (for a progress display). With `workers` > 1, a large
    rebuild reads, builds and segments its documents in that many worker processes
    (search/building.py), and any rebuild writes with that many where the engine can (Whoosh
    forks its writers: they cost no start-up). Returns the number of documents.
    """
    head = outbox_head(db)
    jobs, rows = plan(db)
    built = ready_documents(db, jobs, processes_for(rows, workers))

    def documents():
        for count, document in enumerate(built, start=1):
            if on_document is not None:
                on_document(count)
            yield document

    try:
        count = engine.rebuild(documents(), head, workers)
    finally:
        built.close()  # stops the workers now, even when an exception keeps its frames alive
    db.rollback()
    return count


def check(db, engine: SearchEngine) -> CheckReport:
    """Compare the index with the database: missing, extra and stale documents (by version)."""
    indexed = engine.all_versions()
    report = CheckReport()
    seen = set()
    for document in all_documents(db, Places(db)):
        seen.add(document.id)
        version = indexed.get(document.id)
        if version is None:
            report.missing.append(document.id)
        elif version != document.version:
            report.stale.append(document.id)
    report.extra = sorted(set(indexed) - seen)
    db.rollback()
    return report
