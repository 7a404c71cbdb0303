"""An index whose bytes change under readers that have it open (issue 20 item 4, under load).

tests/operations/test_index_damage.py replaces each file by a damaged copy, so readers that
mapped the old files never see the damage. A bad disk, or a careless copy into the live
folder, changes the bytes in place: the readers already open then read garbage, and tantivy's
Rust code panics (pyo3's PanicException is not an Exception). Found by
bench/faults_under_load.py: searches answered 500, /healthz answered 500, and the follower
died. Now every search says 503, /healthz says corrupt, other pages stay 200, and a sync
rebuilds the index.
"""

from __future__ import annotations

import pytest

from search.indexer import rebuild
from search.runtime import get_engine
from tests.operations.test_index_damage import assert_a_sync_repairs_it

QUERIES = ("Hebei", "河北", "budget", "石家庄", "office", "hotel")


@pytest.fixture
def app_config(app_config):
    # tantivy only: its readers map the files and panic on what they read. Whoosh's readers of
    # an index this small answer from what they already loaded (200, the old content), and its
    # damage is tested by replacing files (tests/operations/test_index_damage.py).
    return {**app_config, "SEARCH_ENGINE": "tantivy"}


def invert_in_place(folder) -> int:
    """Every byte of the segments' files inverted, written into the same files. The files
    that tell readers a new generation exists (tantivy's meta.json, Whoosh's table of
    contents) are left alone: the readers already open keep reading, now garbage."""
    changed = 0
    for path in sorted(folder.rglob("*")):
        if path.name == "meta.json" or path.suffix == ".toc":
            continue
        if path.is_file() and path.stat().st_size:
            with path.open("r+b") as handle:
                data = handle.read()
                handle.seek(0)
                handle.write(bytes(255 - byte for byte in data))
            changed += 1
    return changed


def test_bytes_changed_under_open_readers_give_503_never_500(app, client, runner, db, registry):
    engine = get_engine(app)
    rebuild(db, engine)
    for query in QUERIES:  # readers are open and have read the files
        assert client.get("/search.json", query_string={"q": query}).status_code == 200
    assert invert_in_place(engine.store.current_path()) > 0

    statuses = {
        query: client.get("/search", query_string={"q": query, "lang": "en"}).status_code
        for query in QUERIES
    }
    assert set(statuses.values()) == {503}, statuses
    for _ in range(3):
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.get_json()["search"]["state"] in {"corrupt", "unavailable"}
    for path in ("/", "/offices/", "/complaints/new"):
        assert client.get(path).status_code == 200, path

    assert_a_sync_repairs_it(runner, client)
