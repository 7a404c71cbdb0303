"""Faults: a missing or corrupt index never breaks a page; rebuild recovers; one writer."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

from search.indexer import sync
from search.store import WriterBusy
from tests import factories


def _break(engine, how: str) -> None:
    path = engine.store.current_path()
    if how == "deleted":
        shutil.rmtree(engine.root)
        return
    # New garbage files replace the index's files (as a bad copy or a disk fault would leave
    # them); rewriting them in place would crash any process that has them memory-mapped.
    for child in path.iterdir():
        if child.is_file() and child.name != "dictionary.txt":
            broken = child.with_name(child.name + ".broken")
            broken.write_bytes(b"\x00garbage\xff" * 7)
            broken.replace(child)


@pytest.mark.parametrize("how", ["deleted", "corrupt"])
def test_a_broken_index_never_breaks_a_page_and_rebuild_recovers(
    client, runner, indexed, engine, how
):
    assert client.get("/search.json?q=Hebei").status_code == 200
    _break(engine, how)
    page = client.get("/search?q=Hebei&lang=en")
    assert page.status_code == 503
    assert "Search is being rebuilt" in page.get_data(as_text=True)
    assert client.get("/search.json?q=Hebei").status_code == 503
    health = client.get("/healthz").get_json()
    assert health["search"]["state"] == ("missing" if how == "deleted" else "corrupt")
    assert (health["database"], health["status"]) == ("ok", "degraded")
    assert "127.0.0.1" not in json.dumps(health) and "/" not in json.dumps(health["search"])
    assert client.get("/offices/laishui-in-shijiazhuang").status_code == 200
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert client.get("/search.json?q=Hebei").get_json()["total"] >= 1
    assert client.get("/healthz").get_json()["search"]["state"] == "ready"
    assert client.get("/healthz").get_json()["status"] in ("ok", "degraded")  # findings may lag


def test_healthz_reports_the_lag(client, db, indexed, engine):
    assert client.get("/healthz").get_json()["search"]["lag"] == 0
    factories.make_office(db, "lagging", indexed.jilin, indexed.hebei, name_zh="滞后办事处")
    db.commit()
    search = client.get("/healthz").get_json()["search"]
    assert search["lag"] >= 1 and search["outbox_head"] > search["last_applied"]
    sync(db, engine)
    assert client.get("/healthz").get_json()["search"]["lag"] == 0


def test_sync_rebuilds_a_missing_index(runner, indexed, engine):
    shutil.rmtree(engine.root)
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "full rebuild" in result.output
    assert engine.state().state == "ready"


HOLD_LOCK = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+")
fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_one_writer_at_a_time_with_a_timeout_then_retry(app, db, indexed, engine):
    engine.store.lock_timeout = 0.3
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(engine.root / "write.lock"), "1.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        factories.make_office(db, "waiting", indexed.jilin, indexed.hebei, name_zh="排队办事处")
        db.commit()
        with pytest.raises(WriterBusy):
            sync(db, engine)
        engine.store.lock_timeout = 10
        started = time.monotonic()
        report = sync(db, engine)  # waits for the other writer, then applies
        assert time.monotonic() - started > 0.3
        assert report.applied_rows >= 1
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_rebuild_shows_its_progress_with_counts(runner, indexed, engine, monkeypatch):
    import search.cli

    monkeypatch.setattr(search.cli, "PROGRESS_EVERY", 2)
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "search: 2 documents segmented and indexed" in result.output
    assert "index rebuilt with" in result.output


def test_an_index_built_with_older_fields_is_rebuilt_not_misread(client, runner, indexed, engine):
    """A deployment that changes the index's fields finds the old index "outdated": the page
    answers 503 (never a 500 from a missing field) and a sync rebuilds it."""
    from search.store import SCHEMA

    (engine.store.current_path() / SCHEMA).write_text(f"{engine.name} 1", encoding="utf-8")
    engine.store.forget()
    assert engine.state().state == "outdated"
    assert client.get("/search?q=Hebei&lang=en").status_code == 503
    assert client.get("/healthz").get_json()["search"]["state"] == "outdated"
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "full rebuild" in result.output
    assert client.get("/search.json?q=Hebei").get_json()["total"] >= 1
