"""Regression tests for the known traps of Whoosh and jieba (see search/README.md)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from search import analysis
from search.documents import Document
from search.engine import Filters
from search.indexer import sync
from search.query_language import parse_query
from tests import factories

# A fixed corpus and fixed queries: (query, the office slugs a person expects, exactly).
CORPUS = [
    ("jx-gov-bj", "江西省人民政府驻北京办事处", "江西省人民政府"),
    ("jx-gov-gz", "江西省人民政府驻广州办事处", "江西省人民政府"),
    ("hn-gov-bj", "湖南省人民政府驻北京办事处", "湖南省人民政府"),
    ("jx-mz-bj", "江西省民政厅驻北京联络处", "江西省民政厅"),
    ("hn-mz-cs", "湖南省民政厅驻长沙联络处", "湖南省民政厅"),
    ("nc-gov-bj", "南昌市人民政府驻北京联络处", "南昌市人民政府"),
    ("jx-hosp", "江西省人民医院驻北京联络处", "江西省人民医院"),
    ("hn-edu", "湖南省教育厅驻北京联络处", "湖南省教育厅"),
]
QUERIES = [
    ("人民政府", {"jx-gov-bj", "jx-gov-gz", "hn-gov-bj", "nc-gov-bj"}),
    ("江西省人民政府", {"jx-gov-bj", "jx-gov-gz"}),
    ("民政", {"jx-mz-bj", "hn-mz-cs"}),
    ("民政厅", {"jx-mz-bj", "hn-mz-cs"}),
    ("江西", {"jx-gov-bj", "jx-gov-gz", "jx-mz-bj", "jx-hosp"}),
    ("湖南省", {"hn-gov-bj", "hn-mz-cs", "hn-edu"}),
    ('"人民政府驻北京"', {"jx-gov-bj", "hn-gov-bj", "nc-gov-bj"}),
    ('"江西省人民政府驻广州办事处"', {"jx-gov-gz"}),
    ("人民医院", {"jx-hosp"}),
    ("联络处 湖南", {"hn-mz-cs", "hn-edu"}),
    ("办事处 -湖南", {"jx-gov-bj", "jx-gov-gz"}),
]


@pytest.fixture
def corpus(db, indexed, engine):
    """The fixed corpus as real offices (their departments go into the user dictionary)."""
    tree = indexed
    for slug, name, department in CORPUS:
        factories.make_office(
            db,
            slug,
            tree.baoding,
            tree.hebei,
            name_zh=name,
            name_en=None,
            department_zh=department,
            established_on=date(2009, 1, 1),
        )
    db.commit()
    sync(db, engine)
    return tree


def _found(engine, text: str) -> set[str]:
    page = engine.query(parse_query(text), per_page=50)
    slugs = {slug for slug, _name, _dep in CORPUS}
    return {hit.ref for hit in page.hits if hit.kind == "office" and hit.ref in slugs}


@pytest.mark.parametrize(("text", "expected"), QUERIES, ids=[q for q, _e in QUERIES])
def test_each_query_finds_exactly_what_a_person_expects(corpus, engine, text, expected):
    assert _found(engine, text) == expected


def test_precision_and_recall_over_the_query_set(corpus, engine):
    relevant = retrieved = hits = 0
    for text, expected in QUERIES:
        found = _found(engine, text)
        relevant += len(expected)
        retrieved += len(found)
        hits += len(found & expected)
    assert hits / retrieved >= 0.95, "precision"
    assert hits / relevant >= 0.95, "recall"


def test_positions_are_consecutive_so_phrases_match():
    """jieba's ChineseAnalyzer put character offsets in positions: phrases never matched."""
    analysis.add_words(["江西省人民政府"])
    tokens = analysis.index_tokens("江西省人民政府驻北京办事处")
    at = {}
    for token in tokens:
        at.setdefault(token.position, set()).add(token.text)
    # one position per finest unit, consecutive, whatever the characters' offsets
    assert sorted(at) == list(range(len(at)))
    assert [min(at[p], key=len) for p in sorted(at)] == [
        "江西",
        "省",
        "人民",
        "政府",
        "驻",
        "北京",
        "办事",
        "处",
    ]
    # a longer word and its tiles are stacked on the position of their first unit
    assert {"江西省人民政府", "江西省", "江西"} <= at[0]
    assert "人民政府" in at[2]
    assert "民政" not in {t.text for t in tokens}


def test_a_phrase_in_the_wrong_order_does_not_match(corpus, engine):
    assert _found(engine, '"北京驻人民政府"') == set()
    assert _found(engine, "北京驻人民政府") == {"jx-gov-bj", "hn-gov-bj", "nc-gov-bj"}


def test_thirty_commits_with_merges_count_each_document_once(engine, engine_name, app):
    """whoosh-reloaded 2.7.5 / whoosh3 returned 105 hits for 30 documents after refresh()."""
    from search.indexer import rebuild

    rebuild(app.extensions["sqlalchemy"].session, engine)
    commits = 30 if engine_name == "whoosh" else 10  # the trap is Whoosh's; tantivy commits fsync
    for number in range(commits):
        document = Document("office", str(10_000 + number), "甲", "A", f"merge test 合并 {number}")
        engine.index([document], [], 0)
        assert engine.query(parse_query("合并")).total == number + 1
    assert engine.query(parse_query("merge")).total == commits
    assert engine.state().documents == commits


def test_whoosh_refresh_is_never_called(monkeypatch, indexed, engine, engine_name, db):
    if engine_name != "whoosh":
        pytest.skip("Whoosh only")
    from whoosh.searching import Searcher

    def forbidden(self):
        raise AssertionError("Searcher.refresh() must never be called")

    monkeypatch.setattr(Searcher, "refresh", forbidden)
    engine.query(parse_query("涞水县"))
    factories.make_office(
        db, "refresh-check", indexed.jilin, indexed.hebei, name_zh="吉林省测试办事处"
    )
    db.commit()
    sync(db, engine)
    assert engine.query(parse_query("吉林省测试办事处")).total == 1


def test_only_jiebas_core_is_imported():
    """jieba.analyse costs about 100 MB per worker; the analyzer must not pull it in."""
    code = (
        "import sys; from search import analysis; analysis.index_tokens('江西省人民政府'); "
        "import search.whoosh_engine, search.tantivy_engine; "
        "print('jieba.analyse' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_engines_import_cleanly_with_warnings_as_errors():
    code = "import search.whoosh_engine, search.tantivy_engine, search.analysis"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_whoosh_can_skip_a_facet_filter_by_quality(engine, engine_name, app):
    """Whoosh skips blocks by their quality and divides by a term's boost to do it: a facet
    filter weighing exactly nothing made filtered searches over several segments fail with
    ZeroDivisionError (found on the full demo's index, 2026-12-01): its weight is next to
    nothing instead."""
    if engine_name != "whoosh":
        pytest.skip("Whoosh only")
    from search.indexer import rebuild
    from search.whoosh_engine import facet_term

    rebuild(app.extensions["sqlalchemy"].session, engine)
    for number in range(2):  # two commits, two segments
        engine.index([Document("office", str(number), "甲", "A", "facet", host="130000")], [], 0)
    searcher = engine.store.reader(engine)
    for segment, _first in searcher.subsearchers:
        matcher = facet_term("host", "130000").matcher(segment)
        if matcher.is_active():
            matcher.skip_to_quality(0.5)
    assert engine.query(parse_query("facet"), Filters(host="130000")).total == 2
