"""CSV and JSON of the approvals and inspections lists honour the lists' filters."""

from __future__ import annotations

import csv
import io
from datetime import date


def _csv_rows(response) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_inspections_export_with_filters(client, registry, publish):
    publish(registry.laishui_office, "compliant", date(2016, 4, 1), text="=HYPERLINK(evil)")
    publish(registry.yanji_office, "rectification_required", date(2017, 5, 2), due=date(2017, 8, 1))
    rows = _csv_rows(client.get("/inspections/export.csv"))
    assert {r["office_slug"] for r in rows} == {"laishui-in-shijiazhuang", "yanji-in-changchun"}
    assert next(r for r in rows if r["result"] == "compliant")["findings_markdown"].startswith("'=")
    data = client.get("/inspections/export.json?province=220000").get_json()
    assert data["count"] == 1 and data["items"][0]["rectification_due_on"] == "2017-08-01"
    assert client.get("/inspections/export.json?year=x").status_code == 400
    page = client.get("/inspections/?year=2017&lang=en").get_data(as_text=True)
    assert "/inspections/export.csv?year=2017" in page


def test_approvals_export(client, registry, apply):
    apply(registry.baoding, registry.jilin, urgent=True)
    apply(registry.shenzhen, registry.hebei)
    rows = _csv_rows(client.get("/approvals/export.csv?urgent=1"))
    assert [(r["applicant_code"], r["urgent"], r["planned_budget_fen"]) for r in rows] == [
        ("130600", "true", "125000000")
    ]
    data = client.get("/approvals/export.json").get_json()
    assert data["count"] == 2
    assert data["items"][0]["functions"] == ["migrant_workers", "promotion"]


def test_approvals_csv_neutralises_formulas_in_free_text(client, registry, apply):
    apply(registry.baoding, registry.jilin, reason='=HYPERLINK("http://evil.example","x")')
    response = client.get("/approvals/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.get_data().startswith(b"\xef\xbb\xbf")
    (row,) = _csv_rows(response)
    assert row["reason"].startswith("'=HYPERLINK")
    assert client.get("/approvals/export.json").get_json()["items"][0]["reason"].startswith("=")


def test_export_links_come_from_the_configured_address(app, client, registry, apply):
    app.config["PUBLIC_URL"] = "https://portal.example.cn"
    application = apply(registry.baoding, registry.jilin)
    (row,) = _csv_rows(client.get("/approvals/export.csv", headers={"Host": "evil.example"}))
    assert row["url"] == f"https://portal.example.cn/approvals/{application.id}"
