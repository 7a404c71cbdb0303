"""Above a cap, Whoosh estimates its total and facet counts from a sample, and says so; below it
and on tantivy, counts are exact. Facet filters never change the order of what they keep."""

from __future__ import annotations

import pytest

from search.documents import Document
from search.engine import Filters
from search.query_language import parse_query

PROVINCES = ("130000", "220000", "440000", "360000")


@pytest.fixture
def crowd(indexed, engine):
    """1,200 documents: every third mentions 集中, the provinces in turn; the kinds in blocks of
    300 (as a rebuild writes them, one kind after another)."""
    documents = []
    for n in range(1200):
        kind = ("reception", "contract", "service", "budget")[n // 300]
        words = "集中 统计" if n % 3 == 0 else "分散"
        documents.append(
            Document(kind, str(50_000 + n), f"文档{n}", f"Document {n}",
                     f"{words} 样本 sample{n % 7}", host=PROVINCES[n % 4], year="2023")
        )  # fmt: skip
    engine.index(documents, [], 0)
    return documents


def test_below_the_cap_counts_are_exact(client, crowd):
    data = client.get("/search.json?q=集中").get_json()
    assert data["total"] == 400 and data["total_estimated"] is False
    assert {f["value"]: f["count"] for f in data["facets"]["kind"]} == {
        "reception": 100, "contract": 100, "service": 100, "budget": 100,
    }  # fmt: skip


def test_above_the_cap_whoosh_estimates_and_the_page_says_about(
    client, crowd, engine, engine_name, monkeypatch
):
    import search.whoosh_engine

    monkeypatch.setattr(search.whoosh_engine, "ESTIMATE_ABOVE", 120)
    page = engine.query(parse_query("集中"))
    if engine_name == "tantivy":
        assert page.total == 400 and not page.estimated
        return
    assert page.estimated and 300 <= page.total <= 500
    kinds = dict(page.facets["kind"])
    assert set(kinds) == {"reception", "contract", "service", "budget"}
    assert all(70 <= count <= 130 for count in kinds.values()), kinds
    assert len(page.hits) == 20  # the first page itself is exact: Whoosh's own top hits
    html = client.get("/search?q=集中&lang=en").get_data(as_text=True)
    assert "About " in html and "results found" in html and "Counts are estimates." in html
    # sorted and ranged searches read every match: exact
    assert engine.query(parse_query("集中"), sort="amount").total == 400
    exact = engine.query(parse_query("集中"), Filters(kind="budget"))
    assert exact.total == 100 and not exact.estimated


def test_a_facet_filter_keeps_the_order_of_what_it_keeps(crowd, engine):
    query = parse_query("集中 sample3")
    everything = [hit.id for hit in engine.query(query, per_page=200).hits]
    kept = [hit.id for hit in engine.query(query, Filters(host="220000"), per_page=200).hits]
    assert kept and kept == [i for i in everything if int(i.split(":")[1]) % 4 == 1]
