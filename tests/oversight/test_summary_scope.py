"""The national summary's scope (issue 15, items 1-3): the 31 mainland divisions, the 2015
baseline of offices established by then, and before - closed + new = now."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from portal.models import Government, OfficeStatus, Role
from tests import factories

OUTSIDE = ("710000", "810000", "820000")


@pytest.fixture
def fixed_register(db, registry, first_round):
    """The test registry plus Taiwan, Hong Kong and Macao, an office pending approval with no
    establishment date, and offices set up after the circular with and without approval."""
    for code, zh, en in (
        ("710000", "台湾省", "Taiwan"),
        ("810000", "香港特别行政区", "Hong Kong"),
        ("820000", "澳门特别行政区", "Macao"),
    ):
        factories.make_government(db, code, zh, en, "provincial", registry.national)
    factories.make_office(
        db,
        "laishui-in-guangzhou",
        registry.laishui,
        registry.guangdong,
        status=OfficeStatus.PENDING_APPROVAL,
        established_on=None,
    )
    factories.make_office(
        db,
        "baoding-in-changchun",
        registry.baoding,
        registry.jilin,
        established_on=date(2017, 3, 1),
        approved_on=date(2017, 2, 1),
        approving_government=registry.jilin,
        approval_reference="吉政函〔2017〕1号",
    )
    factories.make_office(
        db,
        "yanji-in-guangzhou",
        registry.yanji,
        registry.guangdong,
        established_on=date(2016, 6, 1),
        status=OfficeStatus.CLOSED,
        closed_on=date(2018, 1, 31),
    )
    factories.make_office(
        db, "yanji-in-shijiazhuang", registry.yanji, registry.hebei, established_on=date(2019, 1, 1)
    )
    db.commit()
    return registry


def test_taiwan_hong_kong_and_macao_owe_no_report_and_count_in_no_total(client, fixed_register):
    data = client.get("/reports/summary.json").get_json()
    codes = [row["province_code"] for row in data["provinces"]]
    assert codes == ["130000", "220000", "440000"]
    assert [row["province_code"] for row in data["not_applicable"]] == list(OUTSIDE)
    # Three mainland provinces miss the 2015 round, not six.
    assert data["national"]["reports_missing"] == 3
    assert data["national"]["findings_R8"] == 3


def test_the_summary_csv_marks_the_three_not_applicable_without_figures(client, fixed_register):
    response = client.get("/reports/summary.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_code = {row["province_code"]: row for row in rows}
    assert [row["province_code"] for row in rows] == [
        "130000",
        "220000",
        "440000",
        "000000",
        *OUTSIDE,
    ]
    assert by_code["000000"]["reports_missing"] == "3" and by_code["000000"]["findings_R8"] == "3"
    hong_kong = by_code["810000"]
    assert hong_kong["scope"] == "not_applicable"
    assert hong_kong["reports_missing"] == "" and hong_kong["offices_now"] == ""
    assert by_code["130000"]["scope"] == "circular"


def test_the_reports_page_lists_hong_kong_as_not_applicable(client, fixed_register):
    page = client.get("/reports/?lang=en").get_data(as_text=True)
    hong_kong = page[page.index("Hong Kong") :]
    row = hong_kong[: hong_kong.index("</tr>")]
    assert "Not applicable" in row and "Missing" not in row
    page = client.get("/reports/?lang=zh").get_data(as_text=True)
    row = page[page.index("香港特别行政区") :]
    assert "不适用" in row[: row.index("</tr>")]
    summary = client.get("/reports/summary?lang=zh").get_data(as_text=True)
    macao = summary[summary.index("澳门特别行政区") :]
    assert "不适用" in macao[: macao.index("</tr>")]


def test_no_report_can_be_submitted_for_hong_kong(client, fixed_register, login, db):
    hong_kong = db.scalar(select(Government).where(Government.code == "810000"))
    login(Role.SUPERVISOR, government=hong_kong)
    assert client.get("/reports/2015/810000/submit").status_code == 404
    page = client.get("/reports/2015/810000?lang=en").get_data(as_text=True)
    assert "Not applicable" in page and "Missing:" not in page


def test_the_baseline_counts_only_offices_established_by_the_circular(client, fixed_register):
    data = client.get("/reports/summary.json").get_json()
    # Five offices of the test registry were established in 2008; one closed in 2015.
    # The pending office with no date, and those set up in 2016, 2017, 2019, are not "before".
    assert data["national"]["offices_before"] == 5
    provinces = {row["province_code"]: row for row in data["provinces"]}
    assert provinces["130000"]["offices_before"] == 2


def test_before_minus_closed_plus_new_is_now_for_every_province_and_the_nation(
    client, fixed_register
):
    data = client.get("/reports/summary.json").get_json()
    rows = [*data["provinces"], data["national"]]
    for row in rows:
        new = row["new_with_approval"] + row["new_without_approval"]
        assert row["offices_before"] - row["closures"] + new == row["offices_now"], row
    national = data["national"]
    assert (national["new_with_approval"], national["new_without_approval"]) == (1, 2)
    assert (national["offices_before"], national["closures"], national["offices_now"]) == (5, 2, 6)
    page = client.get("/reports/summary?lang=en").get_data(as_text=True)
    assert "New since the circular, approved" in page
