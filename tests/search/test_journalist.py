"""What a journalist asks of search (issue 17): sort, ranges, findings, coded values in both
languages, credit codes as people write them, prefixes. Both engines, through /search.json."""

from __future__ import annotations

import pytest

from search.documents import Document
from search.indexer import sync
from search.query_language import MAX_EXPANSIONS


def _search(client, **args) -> dict:
    response = client.get("/search.json", query_string={"lang": "en", **args})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _titles(data: dict) -> list[str]:
    return [result["title"] for result in data["results"]]


def _urls(data: dict) -> set[str]:
    return {result["url"] for result in data["results"]}


LAISHUI = "Laishui County Office in Shijiazhuang"


# -- 1. sort ------------------------------------------------------------------------------
def test_contracts_newest_oldest_and_largest_first(client, newsroom):
    newest = _search(client, q="contract", sort="newest")
    assert [r["date"] for r in newest["results"]] == ["2023-06-01", "2023-01-01", "2022-02-01"]
    oldest = _search(client, q="contract", sort="oldest")
    assert [r["date"] for r in oldest["results"]] == ["2022-02-01", "2023-01-01", "2023-06-01"]
    largest = _search(client, q="contract", sort="amount")
    assert [r["amount_fen"] for r in largest["results"]] == [20_000_000, 5_000_000, 800_000]
    assert largest["sort"] == "amount" and largest["total"] == 3


def test_records_without_a_date_or_amount_come_last(client, newsroom):
    by_amount = _search(client, q="Laishui", sort="amount")["results"]
    amounts = [r["amount_fen"] for r in by_amount]
    assert amounts[:5] == [15_000_000, 5_000_000, 800_000, 212_000, 75_000]
    assert set(amounts[5:]) == {None} and len(amounts) > 5
    kinds = [r["kind"] for r in by_amount[:5]]
    assert kinds == ["budget", "contract", "contract", "reception", "reception"]
    oldest = _search(client, q="Laishui", sort="oldest")["results"]
    dates = [r["date"] for r in oldest]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # undated ones last


def test_sorting_holds_across_index_segments(client, db, newsroom, engine):
    """A contract published later (a new segment, for Whoosh) takes its place in the order."""
    from disclosures.items import read_row
    from disclosures.models import DisclosureKind
    from disclosures.publication import publish_items

    row = {"reference": "YJ-2023-09", "uscc": newsroom.hotel_code, "category": "venues",
           "amount": "900,000", "procurement_method": "inquiry", "starts_on": "2023-09-09",
           "ends_on": "2023-12-31"}  # fmt: skip
    item = read_row(DisclosureKind.CONTRACTS, row, 2023)[1]
    office = newsroom.yanji_office
    publish_items(db, office, DisclosureKind.PROVIDERS, 2023, [(2, _provider(newsroom))], None)
    publish_items(db, office, DisclosureKind.CONTRACTS, 2023, [(2, item)], None)
    db.commit()
    sync(db, engine)
    largest = _search(client, q="contract", sort="amount")["results"]
    assert [r["amount_fen"] for r in largest] == [90_000_000, 20_000_000, 5_000_000, 800_000]
    newest = _search(client, q="contract", sort="newest")["results"]
    assert newest[0]["date"] == "2023-09-09"


def _provider(tree) -> dict:
    return {"uscc": tree.hotel_code, "name_zh": "石家庄燕赵国际大酒店有限公司",
            "name_en": "Yanzhao Grand Hotel", "kind": "hotel", "city": "石家庄市",
            "services": None, "owner_code": None}  # fmt: skip


def test_the_page_offers_the_orders_and_keeps_the_chosen_one(client, newsroom):
    html = client.get("/search?q=contract&sort=amount&lang=en").get_data(as_text=True)
    assert '<option value="amount" selected>Amount (largest first)</option>' in html
    assert html.index("Baoding Office in Guangzhou") < html.index("Baiyun Restaurant (2023)")
    assert "¥200,000.00" in html
    # a facet link keeps the order …
    assert "sort=amount" in html.split('aria-label="Narrow the results"')[1].split("</aside>")[0]
    zh = client.get("/search?q=contract&sort=newest&lang=zh").get_data(as_text=True)
    assert "最新在前" in zh and "50,000.00 元" in zh


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"sort": "cheapest"}, "sort"),
        ({"sort": "amount", "kind": "office"}, "sort"),
        ({"from": "2023-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "2023-06-01", "to": "2023-01-01"}, "to"),
        ({"min": "abc"}, "min"),
        ({"min": "-5"}, "min"),
        ({"max": "1.234"}, "max"),
        ({"min": "100", "max": "10"}, "max"),
        ({"rule": "six"}, "rule"),
        ({"over": "maybe"}, "over"),
    ],
)
def test_bad_orders_and_ranges_are_a_400_naming_the_field(client, newsroom, args, field):
    response = client.get("/search.json", query_string={"q": "Laishui", **args})
    assert response.status_code == 400
    assert response.get_json()["field"] == field and response.get_json()["error"]
    page = client.get("/search", query_string={"q": "Laishui", "lang": "en", **args})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and 'class="error-summary"' in html
    if field not in ("rule", "over"):  # hidden inputs: the summary alone names them
        assert f'href="#{field}"' in html and 'aria-invalid="true"' in html
    if field in ("from", "to", "min", "max"):  # what was typed stays, to be corrected
        assert f'value="{args[field]}"' in html


# -- 2. ranges ----------------------------------------------------------------------------
def test_a_date_range_keeps_the_records_dated_within_it(client, newsroom):
    data = _search(client, q="Laishui", **{"from": "2023-03-01", "to": "2023-05-31"})
    assert sorted(r["date"] for r in data["results"]) == ["2023-03-10", "2023-05-20"]
    assert {r["kind"] for r in data["results"]} == {"reception"}
    assert _search(client, q="contract", to="2022-12-31")["total"] == 1
    assert _search(client, q="contract", **{"from": "2023-06-01"})["total"] == 1


def test_an_amount_range_in_yuan_combines_with_facets(client, newsroom):
    data = _search(client, q="Laishui", min="1,000", max="60000")
    assert sorted(r["amount_fen"] for r in data["results"]) == [212_000, 800_000, 5_000_000]
    kinds = {f["value"]: f["count"] for f in data["facets"]["kind"]}
    assert kinds == {"contract": 2, "reception": 1}  # counts within the range
    narrowed = _search(client, q="Laishui", min="1000", max="60000", kind="contract")
    assert narrowed["total"] == 2
    exact = _search(client, q="contract", min="8000", max="8000")
    assert [r["amount_fen"] for r in exact["results"]] == [800_000]  # inclusive
    assert _search(client, q="Laishui", min="0.01", kind="office")["total"] == 0


# -- 3. findings --------------------------------------------------------------------------
OVER = "Laishui County Office in Shijiazhuang: reception of 易县商务代表团 (2023-05-20)"
WITHIN = "Laishui County Office in Shijiazhuang: reception of 涿州市考察团 (2023-03-10)"


@pytest.mark.parametrize("q", ["超标", "超标准接待", '"over the standard"'])
def test_a_reception_over_the_standard_is_found_by_what_it_is(client, newsroom, q):
    receptions = _titles(_search(client, q=q, kind="reception"))
    assert receptions == [OVER]


@pytest.mark.parametrize("q", ["R6", "违规", "violation", '"over the standard"'])
def test_findings_are_searchable_with_the_office(client, newsroom, q):
    data = _search(client, q=q)
    assert LAISHUI in _titles(data) and OVER in _titles(data)
    assert WITHIN not in _titles(data)


def test_facets_by_rule_and_over_the_standard(client, newsroom):
    data = _search(client, q="Laishui")
    rules = {f["value"]: f["count"] for f in data["facets"]["rule"]}
    assert rules["R6"] == 2  # the office and its reception
    labels = {f["value"]: f["label"] for f in data["facets"]["rule"]}
    assert labels["R6"] == "R6 Receptions must keep to the standard"
    assert {f["value"]: f["count"] for f in data["facets"]["over"]} == {"yes": 1}
    assert set(_titles(_search(client, q="Laishui", rule="R6"))) == {LAISHUI, OVER}
    assert _titles(_search(client, q="接待", over="yes")) == [OVER]
    reception = _search(client, q="超标")["results"]
    assert reception[0]["rules"] == ["R6"] and reception[0]["over_standard"] is True


def test_the_page_shows_the_rule_and_standard_facets(client, newsroom):
    html = client.get("/search?q=Laishui&lang=en").get_data(as_text=True)
    assert "Rule broken" in html and "R6 Receptions must keep to the standard" in html
    assert "Over the standard" in html and "over=yes" in html


def test_a_changed_standard_reaches_the_index_and_check_stays_clean(
    client, db, runner, newsroom, engine
):
    """Raising Hebei's cap clears the breach: the outbox refreshes the reception and its office."""
    from disclosures.models import ReceptionStandard

    assert runner.invoke(args=["search", "check"]).exit_code == 0
    standard = db.query(ReceptionStandard).one()
    standard.night_cap_fen = 200_000
    db.commit()
    sync(db, engine)
    assert _search(client, q="超标")["total"] == 0
    assert "R6" not in {f["value"] for f in _search(client, q="Laishui")["facets"]["rule"]}
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output


def test_a_second_office_in_the_same_capital_gives_both_their_finding(
    client, db, runner, newsroom, engine
):
    """R3 counts a government's offices in a capital: adding one refreshes its sibling."""
    from tests import factories

    assert _urls(_search(client, q="R3")) == set()
    factories.make_office(db, "shenzhen-in-changchun-2", newsroom.shenzhen, newsroom.jilin)
    db.commit()
    sync(db, engine)
    after = _urls(_search(client, q="R3"))
    assert after == {"/offices/shenzhen-in-changchun", "/offices/shenzhen-in-changchun-2"}
    assert runner.invoke(args=["search", "check"]).exit_code == 0


# -- 4. coded values in both languages ----------------------------------------------------
@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("单一来源", "single source"),
        ("公开招标", "open tender"),
        ("框架协议", "framework agreement"),
        ("餐饮", "dining"),
        ("运行中", "operating"),
        ("餐厅", "restaurant"),
    ],
)
def test_a_coded_value_is_found_in_chinese_as_in_english(client, newsroom, chinese, english):
    found_zh = _urls(_search(client, q=chinese))
    assert found_zh and found_zh == _urls(_search(client, q=english))


def test_single_source_finds_exactly_the_single_source_contract(client, newsroom):
    assert _titles(_search(client, q="单一来源")) == [
        "Laishui County Office in Shijiazhuang — Baiyun Restaurant (2023)"
    ]


# -- 5. credit codes ----------------------------------------------------------------------
def _grouped(code: str) -> list[str]:
    return [
        f"{code[:4]} {code[4:8]} {code[8:12]} {code[12:]}",
        f"{code[:8]}-{code[8:]}",
        f"{code[:8]} - {code[8:]}".lower(),
    ]


def test_a_credit_code_written_in_groups_finds_the_provider(client, newsroom):
    code = newsroom.hotel_code
    plain = _search(client, q=code)
    assert plain["results"][0]["url"] == f"/providers/{code}"
    for written in _grouped(code):
        data = _search(client, q=written)
        assert data["results"][0]["url"] == f"/providers/{code}", written
        assert _urls(data) == _urls(plain)


def test_a_wrong_check_character_suggests_the_provider(client, newsroom):
    code = newsroom.hotel_code
    wrong = code[:17] + ("X" if code[17] != "X" else "Y")
    data = _search(client, q=wrong)
    assert data["total"] == 0
    assert {"typed": wrong, "code": code, "name": "Yanzhao Grand Hotel"} in data["suggestions"]
    swapped = code[:9] + code[10] + code[9] + code[11:]
    assert code in {s["code"] for s in _search(client, q=swapped)["suggestions"]}
    html = client.get("/search", query_string={"q": wrong, "lang": "en"}).get_data(as_text=True)
    assert f"Did you mean {code}, Yanzhao Grand Hotel?" in html
    assert f"/search?q={code}" in html
    assert _search(client, q=code)["suggestions"] == []


# -- 8. prefixes --------------------------------------------------------------------------
def test_a_latin_prefix_finds_the_words_it_begins(client, newsroom):
    assert _urls(_search(client, q="baiy*")) == _urls(_search(client, q="baiyun"))
    assert _urls(_search(client, q="yanzh*")) == _urls(_search(client, q="yanzhao"))
    found = _search(client, q="Bai* restaurant")
    assert "Baiyun Restaurant" in found["results"][0]["title"]
    assert "<mark>Baiyun</mark>" in found["results"][0]["snippet"]
    assert _search(client, q="qqqzz*")["total"] == 0


def test_a_short_or_chinese_prefix_is_searched_as_a_word_with_a_note(client, newsroom):
    short = _search(client, q="ba*")
    assert any("at least 3 letters" in note for note in short["notes"])
    chinese = _search(client, q="涞水*")
    assert chinese["total"] >= 1 and any("Latin letters" in note for note in chinese["notes"])


def test_a_prefix_expands_to_a_bounded_number_of_words(client, newsroom, engine):
    words = [f"zqx{n:03d}" for n in range(MAX_EXPANSIONS + 10)]
    documents = [
        Document("office", str(90_000 + n), "前缀", "Prefix", f"{word} prefix test")
        for n, word in enumerate(words)
    ]
    engine.index(documents, [], 0)
    capped = _search(client, q="zqx*")
    assert capped["total"] == MAX_EXPANSIONS
    assert any("the 50 most common" in note for note in capped["notes"])
    assert _search(client, q="zqx00*")["total"] == 10 and not _search(client, q="zqx00*")["notes"]
