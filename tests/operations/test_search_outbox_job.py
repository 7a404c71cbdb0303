"""The search-outbox job: this machine's replica reported, applied rows pruned, safe twice."""

from __future__ import annotations

from sqlalchemy import select

from operations.models import JobRun, RunResult
from portal.database import database
from search.indexer import rebuild
from search.models import SearchOutbox
from search.outbox import SearchReplica, replica_name
from search.runtime import get_engine
from tests import factories


def test_the_job_prunes_what_the_local_index_applied_and_a_second_run_finds_nothing(
    app, runner, db, registry
):
    office = factories.make_office(db, "pruning", registry.jilin, registry.hebei)
    db.commit()
    rebuild(db, get_engine(app))  # the index has applied every row so far
    head = db.scalar(select(SearchOutbox.id).order_by(SearchOutbox.id.desc()).limit(1))
    assert head > 1 and office.id
    db.rollback()  # SQLite: the test's own read must not hold the write lock

    first = runner.invoke(args=["jobs", "run", "--once", "--job", "search-outbox"])
    second = runner.invoke(args=["jobs", "run", "--once", "--job", "search-outbox"])
    assert f"deleted {head - 1} outbox rows (through {head - 1}), 1 replicas" in first.output
    assert f"deleted 0 outbox rows (through {head - 1}), 1 replicas" in second.output

    db = database.session
    assert list(db.scalars(select(SearchOutbox.id))) == [head]
    replica = db.get(SearchReplica, replica_name(app.config["SEARCH_INDEX_DIR"]))
    assert replica.last_applied == head
    recorded = db.scalars(select(JobRun).where(JobRun.job == "search-outbox")).all()
    assert [run.result for run in recorded] == [RunResult.SUCCEEDED] * 2


def test_without_a_local_index_the_job_prunes_nothing(runner, db, registry):
    before = list(db.scalars(select(SearchOutbox.id)))
    db.rollback()
    result = runner.invoke(args=["jobs", "run", "--once", "--job", "search-outbox"])
    assert "search-outbox: succeeded: deleted 0 outbox rows (through 0), 0 replicas" in (
        result.output
    )
    assert list(database.session.scalars(select(SearchOutbox.id))) == before
