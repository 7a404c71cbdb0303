"""A rebuild's segmentation in worker processes gives what one process gives (issue 17, 10)."""

from __future__ import annotations

import pytest

from search import analysis, segmenting
from search.documents import Document
from search.indexer import rebuild


@pytest.fixture
def small_chunks(monkeypatch):
    """Workers from the fourth document on, in chunks of three (the defaults suit the demo)."""
    monkeypatch.setattr(segmenting, "THRESHOLD", 3)
    monkeypatch.setattr(segmenting, "CHUNK", 3)


def test_workers_segment_as_this_process_does_with_the_words_added_so_far(small_chunks):
    texts = [f"江西省人民政府驻北京办事处 Office {n}" for n in range(8)]
    texts += [f"赣南脐橙特约{n}店 湖南省教育厅 office {n}" for n in range(8, 14)]
    documents = [Document("office", str(n), "甲", "A", text) for n, text in enumerate(texts)]

    def source():
        for number, document in enumerate(documents):
            if number == 8:  # a name read halfway, as a rebuild reads them, before its text
                analysis.add_words(["赣南脐橙"])
            yield document

    out = list(segmenting.segmented(source(), workers=2))
    assert [d.key for d in out] == [str(n) for n in range(14)]  # the order is kept
    assert all(d.segmented is None for d in out[:3])
    assert all(d.segmented is not None for d in out[3:])
    for document in out[3:]:
        tokens, pairs = document.segmented
        assert tokens == [tuple(token) for token in analysis.index_tokens(document.text)]
        assert pairs == analysis.index_pairs(document.text)
    assert "赣南脐橙" in {text for text, _position, _start, _end in out[-1].segmented[0]}


def test_a_rebuild_with_workers_finds_and_checks_as_one_without(
    client, db, runner, newsroom, engine, small_chunks
):
    queries = ["Laishui", "超标", "单一来源", newsroom.hotel_code, "baiy*", '"人民政府驻"']

    def answers():
        return {q: client.get("/search.json", query_string={"q": q}).get_json() for q in queries}

    before = answers()
    assert rebuild(db, engine, workers=2) > segmenting.THRESHOLD
    assert answers() == before
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["search", "rebuild", "--workers", "2"]).exit_code == 0
    assert answers() == before
