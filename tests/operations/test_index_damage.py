"""The search index truncated, or with bytes flipped, on this replica (issue 20 item 4).

Deleted and garbage-filled indexes are tests/search/test_faults.py. Here the damage is what a
bad disk or an interrupted copy leaves: files cut short, or a few bytes changed. Every other
page stays 200, /healthz tells, and the follower (`flask search sync`) repairs the index by
itself; `flask search check` is clean afterwards.
"""

from __future__ import annotations

import pytest

from portal.database import database
from search.indexer import rebuild
from search.runtime import get_engine


@pytest.fixture(params=["whoosh", "tantivy"])
def app_config(app_config, request):
    return {**app_config, "SEARCH_ENGINE": request.param}


def damage(folder, how: str) -> int:
    """Replace each index file by a damaged copy (never rewritten in place: readers map them)."""
    damaged = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name == "dictionary.txt" or path.stat().st_size < 64:
            continue
        data = bytearray(path.read_bytes())
        if how == "truncated":
            data = data[: len(data) // 2]
        else:
            for offset in range(len(data) // 3, len(data), max(len(data) // 7, 1)):
                data[offset] ^= 0xFF
        copy = path.with_name(path.name + ".damaged")
        copy.write_bytes(bytes(data))
        copy.replace(path)
        damaged += 1
    return damaged


@pytest.mark.parametrize("how", ["truncated", "flipped"])
def test_a_damaged_index_is_noticed_and_repaired_by_the_follower(
    app, client, runner, db, registry, how
):
    engine = get_engine(app)
    rebuild(db, engine)
    assert client.get("/search.json?q=Hebei").get_json()["total"] >= 1
    assert damage(engine.store.current_path(), how) > 0
    engine = get_engine(app)

    for path in ("/", "/offices/", "/offices/laishui-in-shijiazhuang", "/complaints/new"):
        assert client.get(path).status_code == 200, path
    searched = client.get("/search?q=Hebei&lang=en")
    assert searched.status_code == 503 and "Search is being rebuilt" in searched.text
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["database"] == "ok"
    assert health.get_json()["search"]["state"] == "corrupt"

    assert_a_sync_repairs_it(runner, client)


def assert_a_sync_repairs_it(runner, client) -> None:
    """`flask search sync` rebuilds a damaged index; `check` is clean and search answers again."""
    database.session.remove()
    synced = runner.invoke(args=["search", "sync"])
    assert synced.exit_code == 0, synced.output
    assert "after a full rebuild" in synced.output
    checked = runner.invoke(args=["search", "check"])
    assert checked.exit_code == 0, checked.output
    assert "the index matches the database" in checked.output
    assert client.get("/search.json?q=Hebei").get_json()["total"] >= 1
    assert client.get("/healthz").get_json()["search"]["state"] == "ready"
