"""Open data: the directory's CSV and JSON exports honour its filters and hold every match."""

from __future__ import annotations

import csv
import io

import pytest

from portal.clock import today_in_china
from portal.compliance import offices_with_findings
from portal.exports import COLUMNS
from tests.factories import make_office


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PAGE_SIZE": 2}


def read_csv(response) -> list[dict[str, str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads Chinese"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_has_a_header_and_every_office_not_just_a_page(client, registry):
    response = client.get("/offices/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header = response.get_data().decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == COLUMNS
    rows = read_csv(response)
    assert len(rows) == 5  # the page size is 2; the export has them all


def test_csv_row_holds_the_office_facts_in_chinese_and_english(client, registry):
    rows = {row["slug"]: row for row in read_csv(client.get("/offices/export.csv"))}
    row = rows["laishui-in-shijiazhuang"]
    assert row["name_zh"] == "涞水县驻石家庄市办事处"
    assert row["name_en"] == "Laishui County Office in Shijiazhuang"
    assert row["establishing_government_code"] == "130623"
    assert row["establishing_province_code"] == "130000"
    assert row["host_province_code"] == "130000" and row["host_capital_zh"] == "石家庄市"
    assert row["status"] == "operating" and row["kind"] == "standing"
    assert row["established_on"] == "2008-05-01"
    assert row["functions"] == "promotion"
    assert {"R1", "R9"} <= set(row["finding_rules"].split(";"))
    assert row["url"].endswith("/offices/laishui-in-shijiazhuang")
    assert "R1" not in rows["baoding-in-guangzhou"]["finding_rules"].split(";")
    assert rows["shenzhen-in-changchun"]["mission_ends_on"] == "2014-06-30"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("host=130000", {"laishui-in-shijiazhuang", "shenzhen-in-shijiazhuang"}),
        ("origin=440000&status=operating", {"shenzhen-in-changchun"}),
        ("q=%E5%BB%B6%E5%90%89", {"yanji-in-changchun"}),  # 延吉
    ],
)
def test_exports_honour_the_directory_filters(client, registry, query, expected):
    rows = read_csv(client.get(f"/offices/export.csv?{query}"))
    assert {row["slug"] for row in rows} == expected
    response = client.get(f"/offices/export.json?{query}")
    assert response.status_code == 200 and response.is_json
    records = response.get_json()
    assert isinstance(records, list)
    assert {record["slug"] for record in records} == expected


def test_exports_filter_on_findings(client, db, registry):
    flagged = offices_with_findings(db, today_in_china())
    in_jilin = {"yanji-in-changchun", "shenzhen-in-changchun"}
    assert in_jilin <= flagged  # R2 and R5
    rows = read_csv(client.get("/offices/export.csv?findings=yes&host=220000"))
    assert {row["slug"] for row in rows} == in_jilin
    records = client.get("/offices/export.json?findings=no").get_json()
    assert {record["slug"] for record in records}.isdisjoint(flagged)
    assert len(records) == 5 - len(flagged)


def test_json_records_have_the_same_fields_with_lists(client, registry):
    records = client.get("/offices/export.json?q=laishui").get_json()
    assert list(records[0]) == COLUMNS
    assert records[0]["functions"] == ["promotion"]
    rules = records[0]["finding_rules"]
    assert {"R1", "R9"} <= set(rules)
    assert rules == sorted(rules, key=lambda code: int(code[1:]))
    assert records[0]["name_zh"] == "涞水县驻石家庄市办事处"
    assert records[0]["closed_on"] is None


def test_bad_filters_give_400_in_the_export_format(client, registry):
    response = client.get("/offices/export.json?host=999999&lang=en")
    assert response.status_code == 400
    assert response.is_json
    assert "There is no province with the code" in response.get_json()["message"]
    response = client.get("/offices/export.csv?status=bogus&lang=zh")
    assert response.status_code == 400
    assert "未知的办事机构状态" in response.get_data(as_text=True)


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(client, db, registry):
    make_office(
        db,
        "formula-office",
        registry.baoding,
        registry.jilin,
        address='=HYPERLINK("http://evil.example","click")',
    )
    db.commit()
    rows = read_csv(client.get("/offices/export.csv?q=formula"))
    assert rows[0]["address"].startswith("'=HYPERLINK")
    # JSON is data, not a spreadsheet: it keeps the text as it is.
    records = client.get("/offices/export.json?q=formula").get_json()
    assert records[0]["address"].startswith("=HYPERLINK")


def test_the_directory_links_to_its_exports(client, registry):
    page = client.get("/offices/?status=operating").get_data(as_text=True)
    assert 'href="/offices/export.csv?status=operating"' in page
    assert 'href="/offices/export.json?status=operating"' in page
