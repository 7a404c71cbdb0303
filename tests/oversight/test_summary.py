"""The national summary: per-province figures, totals, exports, charts, print stylesheet."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from portal.oversight.approvals import decide_application


def _data(db, registry, first_round, publish, apply, supervisor):
    publish(registry.laishui_office, "ordered_to_close", date(2016, 4, 1))
    publish(registry.yanji_office, "rectification_required", date(2016, 4, 1), due=date(2016, 5, 1))
    refused = apply(registry.baoding, registry.jilin)
    decide_application(
        db, refused, supervisor(registry.jilin), False, "No.", today=date(2016, 3, 9)
    )
    apply(registry.shenzhen, registry.jilin, urgent=True)
    db.commit()


def test_summary_json_counts_per_province_and_nationally(
    client, db, registry, first_round, publish, apply, supervisor
):
    _data(db, registry, first_round, publish, apply, supervisor)
    data = client.get("/reports/summary.json").get_json()
    provinces = {row["province_code"]: row for row in data["provinces"]}
    hebei, jilin, guangdong = provinces["130000"], provinces["220000"], provinces["440000"]
    assert (hebei["offices_before"], hebei["offices_now"], hebei["closures"]) == (2, 2, 0)
    assert (guangdong["offices_before"], guangdong["offices_now"], guangdong["closures"]) == (
        2,
        1,
        1,
    )
    assert hebei["inspections_ordered_to_close"] == 1
    assert jilin["inspections_rectification_required"] == 1
    assert jilin["findings_R11"] == 1
    assert (jilin["approvals_refused"], jilin["approvals_pending"], jilin["approvals_urgent"]) == (
        1,
        1,
        1,
    )
    assert all(row["reports_missing"] == 1 for row in data["provinces"])
    national = data["national"]
    assert national["offices_before"] == 5 and national["closures"] == 1
    assert national["reports_missing"] == 3 and national["findings_R8"] == 3
    # The complaints package registers its counter: no complaint filed yet, so zero, not "—".
    assert national["complaints_received"] == 0 and data["complaints_available"] is True


def test_complaint_counts_come_from_the_registered_hook(app, client, registry):
    app.extensions["portal_registry"].add_summary_source(
        "complaints", lambda db, today: {"130000": (5, 4), "220000": (2, 1)}
    )
    data = client.get("/reports/summary.json").get_json()
    provinces = {row["province_code"]: row for row in data["provinces"]}
    assert provinces["130000"]["complaints_received"] == 5
    assert provinces["130000"]["complaints_handled_in_time"] == 4
    assert provinces["440000"]["complaints_received"] == 0
    assert data["national"]["complaints_received"] == 7


def test_summary_csv_has_a_row_per_province_and_the_total(client, registry, first_round):
    response = client.get("/reports/summary.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["province_code"] for r in rows] == ["130000", "220000", "440000", "000000"]
    assert rows[-1]["offices_before"] == "5"


def test_summary_page_has_charts_with_tables_in_both_languages(
    client, db, registry, first_round, publish, apply, supervisor
):
    _data(db, registry, first_round, publish, apply, supervisor)
    page = client.get("/reports/summary?lang=en").get_data(as_text=True)
    assert page.count('<svg class="chart"') == 3 and page.count("<table") >= 4
    assert "National total" in page and "Hebei" in page
    assert "css/oversight.css" in page
    page = client.get("/reports/summary?lang=zh").get_data(as_text=True)
    assert "全国合计" in page and "河北省" in page and "责令撤销" in page


def test_the_print_stylesheet_hides_navigation():
    css = (Path(__file__).parents[2] / "static" / "css" / "oversight.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and "display: none" in print_rules


def test_the_summary_follows_a_change_at_once_without_a_cache(client, registry, publish):
    before = client.get("/reports/summary.json").get_json()
    assert before["national"]["inspections_compliant"] == 0
    publish(registry.laishui_office, "compliant", date(2016, 4, 1))
    after = client.get("/reports/summary.json").get_json()
    assert after["national"]["inspections_compliant"] == 1
