"""Snippets from the field that matched, in the page's language; exports of a search as CSV and
JSON (issue 17, items 6 and 7). Both engines."""

from __future__ import annotations

import csv
import io
import json

import pytest

from search import exports
from search.documents import Document, Part
from search.snippets import make_snippet


def _first(client, q: str, lang: str, **args) -> dict:
    data = client.get("/search.json", query_string={"q": q, "lang": lang, **args}).get_json()
    return data["results"][0]


# -- 6. snippets --------------------------------------------------------------------------
def test_a_coded_value_shows_in_the_pages_language_with_the_match_marked(client, newsroom):
    english = _first(client, "单一来源", "en")["snippet"]
    assert english == "Procurement method: Single source (<mark>单一来源</mark>采购)"
    chinese = _first(client, "单一来源", "zh")["snippet"]
    assert chinese == "采购方式：<mark>单一来源</mark>采购"
    both = _first(client, "single source", "en")["snippet"]
    assert both == "Procurement method: <mark>Single</mark> <mark>source</mark>"


def test_a_snippet_is_the_matching_field_not_the_whole_document(client, newsroom):
    code = newsroom.hotel_code
    results = client.get(f"/search.json?q={code}&kind=contract&lang=en").get_json()["results"]
    assert results and all(r["snippet"] == f"Credit code: <mark>{code}</mark>" for r in results)
    reception = _first(client, "易县商务代表团", "en")["snippet"]
    assert reception.startswith("Visiting party: <mark>易县商务代表团</mark>")
    assert "JD-2023-02" not in reception and "\n" not in reception


def test_a_name_found_in_the_other_language_shows_both(client, newsroom):
    snippet = _first(client, "Yanzhao", "zh", kind="provider")["snippet"]
    assert snippet == "名称：石家庄燕赵国际大酒店有限公司 (<mark>Yanzhao</mark> Grand Hotel)"
    assert _first(client, "Yanzhao", "en", kind="provider")["snippet"] == (
        "Name: <mark>Yanzhao</mark> Grand Hotel"
    )


def test_the_page_shows_the_snippet_escaped_and_marked(client, newsroom):
    html = client.get("/search?q=超标&lang=en").get_data(as_text=True)
    assert "Standard: over the standard (<mark>超标</mark>准接待（<mark>超标</mark>）)" in html
    assert "Over the standard" in html  # the result line says so


def test_snippets_escape_what_they_quote():
    parts = (Part("purpose", "<script>alert(1)</script> 考察"),)
    snippet = make_snippet(parts, {"考察"}, "en")
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>考察</mark>" in snippet


def test_hidden_words_are_never_quoted_and_a_miss_falls_back_to_a_field():
    parts = (Part("_words", "inquiry"), Part("services", "会议服务", "meeting services"))
    assert make_snippet(parts, {"inquiri"}, "en") == "Services: meeting services"


# -- 7. exports ---------------------------------------------------------------------------
def _csv(response) -> list[dict]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_csv_export_holds_the_search_with_its_filters_and_sort(client, newsroom):
    response = client.get("/search/export.csv?q=contract&sort=amount&min=5000")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert [row["amount_yuan"] for row in rows] == ["200000.00", "50000.00", "8000.00"]
    assert rows[0]["url"].startswith("http") and rows[0]["url"].endswith(
        "/offices/baoding-in-guangzhou/disclosures?year=2022"
    )
    assert rows[0]["date"] == "2022-02-01" and rows[0]["kind"] == "contract"
    assert list(rows[0]) == list(exports.COLUMNS)


def test_the_json_export_says_what_it_holds(client, newsroom):
    response = client.get("/search/export.json?q=Laishui&kind=reception&sort=oldest")
    assert response.status_code == 200 and response.is_json
    data = json.loads(response.get_data(as_text=True))
    assert data["query"] == "Laishui"
    assert data["parameters"] == {"q": "Laishui", "kind": "reception", "sort": "oldest"}
    assert [r["date"] for r in data["results"]] == ["2023-03-10", "2023-05-20"]
    assert data["results"][1]["rules"] == ["R6"] and data["results"][1]["over_standard"] is True
    assert data["count"] == 2 and data["complete"] is True


def test_an_export_stops_at_its_limit_and_says_so(client, newsroom, monkeypatch):
    monkeypatch.setattr(exports, "MAX_EXPORT", 2)
    data = json.loads(client.get("/search/export.json?q=Laishui").get_data(as_text=True))
    assert data["count"] == 2 and data["complete"] is False
    assert len(_csv(client.get("/search/export.csv?q=Laishui"))) == 2


def test_a_cell_a_spreadsheet_would_run_is_quoted(client, newsroom, engine):
    document = Document("service", "777001", "=HYPERLINK(1)", "=HYPERLINK(1)", "formula cell")
    engine.index([document], [], 0)
    rows = _csv(client.get("/search/export.csv?q=formula"))
    assert rows[0]["title_zh"] == "'=HYPERLINK(1)"


def test_the_results_page_links_to_both_exports_with_the_current_search(client, newsroom):
    html = client.get("/search?q=contract&sort=amount&kind=contract&lang=en").get_data(as_text=True)
    assert 'href="/search/export.csv?q=contract&amp;sort=amount&amp;kind=contract"' in html
    assert 'href="/search/export.json?q=contract&amp;sort=amount&amp;kind=contract"' in html


@pytest.mark.parametrize(
    ("query", "field"),
    [("q=", "q"), ("q=OR", "q"), ("q=contract&sort=cheapest", "sort"), ("q=x&min=-1", "min")],
)
def test_a_bad_export_is_a_400_never_a_half_written_file(client, newsroom, query, field):
    response = client.get(f"/search/export.json?{query}")
    assert response.status_code == 400 and response.is_json
    assert response.get_json()["message"]
    page = client.get(f"/search/export.csv?{query}&lang=en")
    assert page.status_code == 400 and "text/html" in page.headers["Content-Type"]


def test_an_export_while_the_index_is_missing_is_a_503(client, newsroom, engine):
    import shutil

    shutil.rmtree(engine.root)
    assert client.get("/search/export.csv?q=contract").status_code == 503
    assert client.get("/search/export.json?q=contract").status_code == 503
