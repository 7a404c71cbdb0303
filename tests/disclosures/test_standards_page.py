"""Published reception standards (issue 15, item 4): /standards/ per province and year, with
history, CSV and JSON; each reception's verdict shows the figures it was checked against."""

from __future__ import annotations

import csv
import io

import pytest

from disclosures.models import ReceptionStandard
from tests.disclosures.test_public_pages import published, row_of  # noqa: F401 - fixture


@pytest.fixture
def history(db, registry, standard):
    """Hebei's 2023 standard and an older one for 2022; Jilin's for 2023."""
    for province, year, night, meal in (
        (registry.hebei, 2022, 35000, 5000),
        (registry.jilin, 2023, 40000, 5500),
    ):
        db.add(
            ReceptionStandard(
                province_id=province.id,
                year=year,
                night_cap_fen=night,
                meal_cap_fen=meal,
                reference=f"{province.name_zh}{year}年公务接待标准",
            )
        )
    db.commit()
    return registry


def test_the_standards_page_shows_each_provinces_latest_caps(client, history):
    page = client.get("/standards/?lang=en").get_data(as_text=True)
    hebei = row_of(page, "Hebei")
    assert "2023" in hebei and "¥380.00" in hebei and "¥60.00" in hebei and "2 years" in hebei
    assert "/standards/130000" in hebei
    assert "¥400.00" in row_of(page, "Jilin")
    chinese = client.get("/standards/?lang=zh").get_data(as_text=True)
    assert "<h1>接待标准</h1>" in chinese and "380.00 元" in row_of(chinese, "河北省")


def test_a_provinces_page_keeps_every_years_standard(client, history):
    page = client.get("/standards/130000?lang=en").get_data(as_text=True)
    assert page.index('id="2023"') < page.index('id="2022"')
    earlier = page[page.index('id="2022"') :]
    assert "¥350.00" in earlier and "河北省2022年公务接待标准" in earlier
    assert "at most 3 for up to 10 guests" in page and "Not allowed" in page
    assert "only the circular" in client.get("/standards/440000?lang=en").get_data(as_text=True)
    assert client.get("/standards/999999").status_code == 404
    assert client.get("/standards/130600").status_code == 404
    assert client.get("/standards/13%000").status_code == 404


def test_the_standards_as_csv_and_json(client, history):
    response = client.get("/standards/standards.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["province_code"], r["year"], r["night_cap_fen"]) for r in rows] == [
        ("130000", "2023", "38000"),
        ("130000", "2022", "35000"),
        ("220000", "2023", "40000"),
    ]
    data = client.get("/standards/standards.json").get_json()
    assert data["standards"][0]["meal_cap_fen"] == 6000
    assert data["standards"][0]["province_en"] == "Hebei"


def test_a_receptions_verdict_shows_the_figures_and_links_to_the_standard(client, published):  # noqa: F811
    html = client.get("/offices/laishui-in-shijiazhuang/disclosures?year=2023&lang=en").get_data(
        as_text=True
    )
    within = row_of(html, "JD-001")
    # 600 yuan for two guests and one night: 300 a guest-night, against Hebei's 380.
    assert "¥300.00 per guest-night; standard ¥380.00" in within
    assert "¥33.33 per person per meal; standard ¥60.00" in within
    assert 'href="/standards/130000?lang=en#2023"' in within
    over = row_of(html, "JD-002")
    assert "Over the standard" in over and "¥500.00 per guest-night; standard ¥380.00" in over
    chinese = client.get("/offices/laishui-in-shijiazhuang/disclosures?year=2023&lang=zh")
    assert "每人每晚 300.00 元；标准 380.00 元" in row_of(chinese.get_data(as_text=True), "JD-001")


def test_the_home_page_links_to_the_standards(client, registry):
    assert 'href="/standards/?lang=en"' in client.get("/?lang=en").get_data(as_text=True)
