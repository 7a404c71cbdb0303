"""The search page and /search.json: what a journalist sees, and odd input never a 500."""

from __future__ import annotations

import pytest

from search.indexer import sync
from tests import factories


def test_the_navigation_links_to_search(client, registry):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert 'href="/search?lang=en"' in html and ">Search<" in html


def test_search_page_shows_results_with_highlights_and_facets(client, indexed):
    response = client.get("/search?q=涞水县&lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/offices/laishui-in-shijiazhuang?lang=en"' in html
    assert 'href="/governments/130623?lang=en"' in html
    assert "<mark>涞水县</mark>" in html
    assert "Host province" in html and "Hebei" in html
    assert "Results found: 2" in html


def test_the_page_works_in_chinese(client, indexed):
    html = client.get("/search?q=涞水县&lang=zh").get_data(as_text=True)
    assert "共找到 2 条结果" in html and "所在省份" in html


def test_chinese_and_english_in_one_query(client, indexed):
    data = client.get("/search.json?q=延吉市 Changchun").get_json()
    assert [r["url"] for r in data["results"]] == ["/offices/yanji-in-changchun"]


def test_phrases_in_quotes_keep_their_order(client, indexed):
    assert client.get('/search.json?q="Office in Changchun"').get_json()["total"] == 2
    assert client.get('/search.json?q="Changchun in Office"').get_json()["total"] == 0
    assert client.get("/search.json?q=Changchun in Office").get_json()["total"] == 2


def test_english_words_are_stemmed(client, indexed):
    assert client.get("/search.json?q=offices changchun").get_json()["total"] == 2


def test_filters_and_facet_counts(client, indexed):
    data = client.get("/search.json?q=办事处").get_json()
    assert data["total"] == 5
    provinces = {f["value"]: f["count"] for f in data["facets"]["province"]}
    assert provinces == {"130000": 2, "220000": 2, "440000": 1}
    origins = {f["value"]: f["count"] for f in data["facets"]["origin"]}
    assert origins == {"130000": 2, "220000": 1, "440000": 2}
    narrowed = client.get("/search.json?q=办事处&province=220000").get_json()
    assert narrowed["total"] == 2
    assert {r["url"] for r in narrowed["results"]} == {
        "/offices/yanji-in-changchun",
        "/offices/shenzhen-in-changchun",
    }
    assert client.get("/search.json?q=办事处&kind=government").get_json()["total"] == 0


def test_json_has_the_documented_shape(client, indexed):
    data = client.get("/search.json?q=Hebei").get_json()
    assert isinstance(data["total"], int) and data["total"] >= 1
    assert set(data["results"][0]) == {
        "kind", "title", "url", "snippet", "date", "amount_fen", "rules", "over_standard",
    }  # fmt: skip
    assert set(data["facets"]) == {"kind", "province", "origin", "year", "rule", "over"}
    assert data["sort"] == "relevance" and data["total_estimated"] is False


def test_titles_are_in_the_pages_language_falling_back_to_chinese(client, db, indexed, engine):
    factories.make_office(
        db, "no-english", indexed.laishui, indexed.jilin, name_zh="无英文名测试办事处", name_en=None
    )
    db.commit()
    sync(db, engine)
    english = client.get("/search.json?q=无英文名测试&lang=en").get_json()
    assert [r["title"] for r in english["results"]] == ["无英文名测试办事处"]
    titles = {
        lang: [
            r["title"]
            for r in client.get(f"/search.json?q=延吉市 Changchun&lang={lang}").get_json()[
                "results"
            ]
        ]
        for lang in ("en", "zh")
    }
    assert titles["en"] != titles["zh"] and titles["zh"][0].endswith("办事处")


def test_pagination(client, db, indexed, engine):
    for number in range(45):
        factories.make_office(
            db, f"paged-{number}", indexed.laishui, indexed.jilin, name_zh=f"分页测试办事处{number}"
        )
    db.commit()
    sync(db, engine)
    first = client.get("/search.json?q=分页测试&page=1").get_json()
    third = client.get("/search.json?q=分页测试&page=3").get_json()
    assert first["total"] == 45 and first["pages"] == 3
    assert len(first["results"]) == 20 and len(third["results"]) == 5
    html = client.get("/search?q=分页测试&page=2&lang=en").get_data(as_text=True)
    assert 'rel="next"' in html and 'rel="prev"' in html


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ('"unbalanced', 200),  # repaired: the quote is closed, with a note
        ("OR", 400),  # operators alone: nothing to search for
        ("-", 400),
        ("NOT", 400),
        ("AND OR", 400),
        ("x" * 5000, 400),  # longer than MAX_QUERY_LENGTH
        ("   ", 200),  # blank: the empty search page, no search run
        ("(((", 400),  # punctuation only: no terms
        ('"" ""', 400),
        ("*:*", 400),
        ("\\", 400),
    ],
    ids=[
        "quote",
        "or",
        "minus",
        "not",
        "ops",
        "long",
        "blank",
        "parens",
        "empty-quotes",
        "star",
        "bs",
    ],
)
def test_malformed_queries_get_a_friendly_answer(client, indexed, query, status):
    response = client.get("/search", query_string={"q": query, "lang": "en"})
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert "Something went wrong" not in html
    if status == 400:
        assert 'class="error-summary"' in html
    data = client.get("/search.json", query_string={"q": query})
    assert data.status_code == status and data.is_json
    if status == 400:
        assert data.get_json()["field"] == "q"


def test_an_unbalanced_quote_is_closed_with_a_note(client, indexed):
    html = client.get('/search?q="Office in Changchun&lang=en').get_data(as_text=True)
    assert "A closing quotation mark was missing" in html
    assert "Results found: 2" in html


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ("kind=complaint", "kind"),
        ("province=abc", "province"),
        ("year=15", "year"),
        ("page=0", "page"),
        ("page=9999", "page"),
    ],
)
def test_bad_parameters_name_the_field(client, indexed, args, field):
    response = client.get(f"/search.json?q=Hebei&{args}")
    assert response.status_code == 400
    assert response.get_json()["field"] == field
