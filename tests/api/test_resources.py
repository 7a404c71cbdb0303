"""What the API gives: the pages' filters and data, cursor pagination, disclosures as exported."""

from __future__ import annotations

from urllib.parse import urlsplit


def get(client, address):
    response = client.get(address)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def follow(client, address):
    """Every item of a list, following `next` from page to page."""
    items, pages = [], 0
    while address:
        page = get(client, address)
        items.extend(page["data"])
        pages += 1
        address = page["next"]
        if address:
            parts = urlsplit(address)
            assert parts.scheme == "http" and parts.netloc == "127.0.0.1:5000"  # PUBLIC_URL
            address = f"{parts.path}?{parts.query}"
    return items, pages


def test_the_directory_filters_and_pages_like_the_page(client, registry):
    hosted = get(client, "/api/v1/offices?host=130000")["data"]
    assert {o["slug"] for o in hosted} == {"laishui-in-shijiazhuang", "shenzhen-in-shijiazhuang"}
    items, pages = follow(client, "/api/v1/offices?limit=2")
    assert pages == 3
    assert len(items) == 5 and len({o["slug"] for o in items}) == 5
    closed = get(client, "/api/v1/offices?status=closed")["data"]
    assert [o["slug"] for o in closed] == ["shenzhen-in-shijiazhuang"]


def test_a_next_page_carries_a_link_header(client, registry):
    response = client.get("/api/v1/offices?limit=2")
    link = response.headers["Link"]
    assert link == f'<{response.get_json()["next"]}>; rel="next"'


def test_a_cursor_belongs_to_its_filters(client, registry):
    cursor = get(client, "/api/v1/offices?limit=2")["next"].split("cursor=")[1]
    mixed = client.get(f"/api/v1/offices?limit=2&status=closed&cursor={cursor}&lang=en")
    assert mixed.status_code == 400
    assert mixed.get_json()["errors"][0]["parameter"] == "cursor"
    forged = client.get("/api/v1/offices?cursor=bm90LWpzb24")
    assert forged.status_code == 400


def test_an_office_shows_its_findings_with_their_facts(client, registry):
    office = get(client, "/api/v1/offices/laishui-in-shijiazhuang")
    assert office["establishing_government"]["code"] == "130623"
    assert office["host_province"]["capital_en"] == "Shijiazhuang"
    assert "R1" in {finding["rule"] for finding in office["findings"]}
    assert office["functions"] == ["promotion"]
    assert office["supervising_government"]["code"] == "130600"
    assert office["links"]["contracts"].endswith("/api/v1/contracts?office=laishui-in-shijiazhuang")
    findings = get(client, "/api/v1/findings?rule=R1")["data"]
    assert "laishui-in-shijiazhuang" in {finding["office"] for finding in findings}


def test_governments_show_their_complaint_channels(client, registry):
    listed = get(client, "/api/v1/governments")["data"]
    hebei = next(g for g in listed if g["code"] == "130000")
    assert hebei["complaint_channels"]["phone"] == "0311-12345678"
    assert "130623" not in {g["code"] for g in listed}  # counties take no complaints
    one = get(client, "/api/v1/governments/130000")
    assert {o["slug"] for o in one["offices_hosted"]} >= {"laishui-in-shijiazhuang"}
    assert "130600" in {child["code"] for child in one["children"]}


def test_contracts_are_the_exported_records_with_the_exports_filters(client, disclosed):
    contracts = get(client, "/api/v1/contracts?office=laishui-in-shijiazhuang")["data"]
    assert [c["reference"] for c in contracts] == ["LS-2023-01", "LS-2023-02"]
    second = contracts[1]
    assert second["amount_fen"] == 1234567 and second["amount_yuan"] == "12345.67"
    assert second["procurement_method"] == "single_source"
    by_province = get(client, "/api/v1/contracts?province=440000")["data"]
    assert [c["reference"] for c in by_province] == ["BD-2024-01"]
    refused = client.get("/api/v1/contracts?office=nowhere&lang=en")
    assert refused.status_code == 400
    assert refused.get_json()["errors"][0]["parameter"] == "office"


def test_a_budget_line_not_yet_spent_is_null_not_zero(client, disclosed):
    lines = get(client, "/api/v1/budgets?year=2023")["data"]
    dining = next(line for line in lines if line["category"] == "dining")
    assert dining["planned_fen"] == 4000000 and dining["actual_fen"] is None


def test_every_export_column_is_in_the_api(app, db, disclosed):
    from api.schemas.disclosures import EXPORT_SCHEMAS
    from disclosures.exports import KINDS, ExportFilter, export_records

    for kind in KINDS:
        columns, _records = export_records(db, kind, ExportFilter())
        assert list(EXPORT_SCHEMAS[kind]().fields) == columns, kind


def test_a_provider_shows_where_its_money_comes_from(client, disclosed):
    from tests.api.conftest import HOTEL

    directory = get(client, "/api/v1/providers?kind=hotel")["data"]
    assert [p["uscc"] for p in directory] == [HOTEL]
    provider = get(client, f"/api/v1/providers/{HOTEL}")
    assert provider["amount_fen"] == 5000000 + 100001
    assert {entry["office"]["slug"] for entry in provider["by_office"]} == {
        "laishui-in-shijiazhuang",
        "baoding-in-guangzhou",
    }


def test_complaint_statistics_are_counts_only(client, registry):
    stats = get(client, "/api/v1/complaint-statistics")
    assert stats["total"] == 0
    assert set(stats) == {
        "total", "by_month", "by_category", "by_province", "by_status", "by_outcome",
        "median_days_to_acknowledge", "median_days_to_resolve", "acknowledged_on_time",
        "resolved_on_time",
    }  # fmt: skip


def test_the_summary_counts_every_province(client, registry):
    summary = get(client, "/api/v1/summary")
    assert [row["province_code"] for row in summary["provinces"]] == ["130000", "220000", "440000"]
    assert summary["national"]["province_code"] == "000000"


def test_the_api_page_explains_and_lists_every_operation(client, registry):
    page = client.get("/api/?lang=en").get_data(as_text=True)
    assert "curl" in page and "urllib.request" in page
    assert "GET /api/v1/offices/{slug}" in page and "CC BY 4.0" in page
    chinese = client.get("/api/?lang=zh").get_data(as_text=True)
    assert "GET /api/v1/contracts" in chinese


def test_a_page_that_stops_reading_early_closes_its_cursor(client, disclosed):
    import gc

    items, pages = follow(client, "/api/v1/contracts?limit=1")
    assert pages == 3 and [c["reference"] for c in items] == [
        "LS-2023-01",
        "LS-2023-02",
        "BD-2024-01",
    ]
    gc.collect()  # an open server-side cursor (PostgreSQL) would warn here: an error in the suite
