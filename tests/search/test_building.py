"""A rebuild read, built and segmented by worker processes gives the index one process gives,
and an interrupted rebuild leaves the live index as it was (issue 17, item 10)."""

from __future__ import annotations

import multiprocessing

import pytest

from search import building, whoosh_engine
from search.documents import Places, all_documents
from search.indexer import check, rebuild
from search.store import DICTIONARY

QUERIES = ["Laishui", "超标", "单一来源", "baiy*", '"人民政府驻"', "over the standard", "R10"]


@pytest.fixture
def small_jobs(monkeypatch):
    """Workers for any rebuild of more than three rows, three ids a job (the defaults suit the
    demo); with Whoosh, as many writing processes."""
    monkeypatch.setattr(building, "THRESHOLD", 3)
    monkeypatch.setattr(building, "CHUNK", 3)
    # Whoosh's writing sub-processes get two documents a batch: they are running by the time
    # an interrupted rebuild stops.
    monkeypatch.setattr(whoosh_engine, "WRITER_BATCH", 2)


def stored_documents(engine) -> dict[str, dict]:
    """Every document of the live index, id -> its stored fields (the index's meta document
    included)."""
    reader = engine.store.reader(engine)
    if engine.name == "whoosh":
        return {fields["id"]: dict(fields) for fields in reader.all_stored_fields()}
    import tantivy

    result = reader.search(tantivy.Query.all_query(), limit=reader.num_docs, count=False)
    found = {}
    for _score, address in result.hits:
        document = reader.doc(address)
        found[document.get_first("id")] = document.to_dict()
    return found


def generations(engine) -> list[str]:
    return sorted(path.name for path in engine.root.iterdir() if path.name.startswith("g-"))


def test_workers_build_the_index_one_process_builds(
    client, db, runner, newsroom, engine, small_jobs
):
    def answers():
        asked = [*QUERIES, newsroom.hotel_code]
        return {q: client.get("/search.json", query_string={"q": q}).get_json() for q in asked}

    count = rebuild(db, engine, workers=1)
    alone, alone_answers = stored_documents(engine), answers()
    dictionary = (engine.store.current_path() / DICTIONARY).read_text(encoding="utf-8")
    assert rebuild(db, engine, workers=2) == count > building.THRESHOLD
    assert stored_documents(engine) == alone  # every document, every stored value
    assert answers() == alone_answers
    assert (engine.store.current_path() / DICTIONARY).read_text(encoding="utf-8") == dictionary
    assert check(db, engine).clean
    result = runner.invoke(args=["search", "rebuild", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert f"rebuilt with {count} documents" in result.output and "2 workers" in result.output
    assert stored_documents(engine) == alone
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [1, 2])
def test_an_interrupted_rebuild_leaves_the_live_index_as_it_was(
    client, db, newsroom, engine, small_jobs, workers
):
    """Ctrl-C halfway: the half-built generation is discarded, the live one still answers, and
    no worker process is left behind."""
    before = stored_documents(engine)
    live, kept = engine.store.current_path(), generations(engine)
    answer = client.get("/search.json?q=超标").get_json()

    def interrupt(count: int) -> None:
        if count == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rebuild(db, engine, on_document=interrupt, workers=workers)
    assert engine.store.current_path() == live
    assert generations(engine) == kept
    assert multiprocessing.active_children() == []
    assert stored_documents(engine) == before
    assert client.get("/search.json?q=超标").get_json() == answer
    assert check(db, engine).clean


def test_every_name_a_document_adds_is_read_before_anything_is_segmented(db, newsroom):
    """The workers get the whole user dictionary up front, read from the kinds' `names`
    columns: a kind that adds names its columns do not list would segment differently."""
    read = set(building.dictionary_names(db))
    named = {
        name
        for document in all_documents(db, Places(db))
        for name in document.names
        if len(name.strip()) >= 2
    }
    assert named and named <= read
