"""Outbox pruning: rows every replica has applied go, a replica behind pruned rows rebuilds."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.clock import frozen, utcnow
from portal.models import Government
from search.indexer import check
from search.models import SearchOutbox
from search.outbox import SearchReplica, prune_outbox, replica_name, report_replica
from tests import factories


def outbox_ids(db) -> list[int]:
    db.expire_all()
    return list(db.scalars(select(SearchOutbox.id).order_by(SearchOutbox.id)))


def add_offices(db, places: tuple[int, int], count: int) -> None:
    jilin, hebei = (db.get(Government, government_id) for government_id in places)
    for number in range(count):
        factories.make_office(db, f"pruned-{number}", jilin, hebei, name_zh=f"修剪{number}办事处")
        db.commit()


def test_pruning_waits_for_the_slowest_replica_and_keeps_the_newest_row(db, registry):
    add_offices(db, (registry.jilin.id, registry.hebei.id), 3)
    ids = outbox_ids(db)
    assert len(ids) >= 3
    report_replica(db, "fast", ids[-1])
    report_replica(db, "slow", ids[1])
    first = prune_outbox(db, utcnow())
    db.commit()
    assert outbox_ids(db) == ids[2:] and first.rows == 2 and first.through == ids[1]
    assert prune_outbox(db, utcnow()).rows == 0  # safe twice: nothing left below the mark
    report_replica(db, "slow", ids[-1])
    prune_outbox(db, utcnow())
    db.commit()
    assert outbox_ids(db) == ids[-1:]  # the newest row stays: a returning replica compares to it


def test_without_any_replica_nothing_is_pruned(db, registry):
    add_offices(db, (registry.jilin.id, registry.hebei.id), 1)
    before = outbox_ids(db)
    assert prune_outbox(db, utcnow()).rows == 0 and outbox_ids(db) == before


def test_a_replica_silent_for_a_week_is_forgotten(db, registry):
    add_offices(db, (registry.jilin.id, registry.hebei.id), 2)
    ids = outbox_ids(db)
    with frozen(utcnow() - timedelta(days=8)):
        report_replica(db, "gone", 0)
    report_replica(db, "alive", ids[-1])
    pruned = prune_outbox(db, utcnow())
    db.commit()
    assert pruned.forgotten == ("gone",) and pruned.replicas == 1
    assert outbox_ids(db) == ids[-1:]
    assert db.scalar(select(func.count()).select_from(SearchReplica)) == 1


def test_follow_reports_the_replica_and_one_behind_pruned_rows_rebuilds(
    app, runner, db, indexed, engine
):
    name = replica_name(app.config["SEARCH_INDEX_DIR"])
    places = (indexed.jilin.id, indexed.hebei.id)  # read before the CLI ends the session
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert db.get(SearchReplica, name).last_applied == engine.state().last_applied
    # This replica is forgotten while others go on: the rows it has not applied are pruned.
    db.delete(db.get(SearchReplica, name))
    add_offices(db, places, 2)
    report_replica(db, "elsewhere", outbox_ids(db)[-1])
    assert prune_outbox(db, utcnow()).rows > 0
    db.commit()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "behind pruned outbox rows; rebuilding" in result.output
    report = check(db, engine)
    assert report.clean, report  # both new offices are in, though their rows were pruned
    db.expire_all()
    assert db.get(SearchReplica, name).last_applied == outbox_ids(db)[-1]
