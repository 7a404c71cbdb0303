"""The public disclosure pages: an office's year, the office-page section, history, latest."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from disclosures.items import read_row
from disclosures.models import DisclosureKind
from disclosures.publication import publish_items
from tests.disclosures.conftest import HOTEL_CODE, RESTAURANT_CODE

BUDGET = [
    {"category": "accommodation", "planned": "120,000", "actual": "98,000.50"},
    {"category": "dining", "planned": "40000", "actual": "45,000"},
    {"category": "vehicles", "planned": "8000.25", "actual": ""},
]
CONTRACTS = [
    {
        "reference": "LS-2023-01",
        "uscc": HOTEL_CODE,
        "category": "accommodation",
        "amount": "50,000",
        "procurement_method": "open_tender",
        "starts_on": "2023-01-01",
        "ends_on": "2023-12-31",
    },
    {
        "reference": "LS-2023-02",
        "uscc": HOTEL_CODE,
        "category": "venues",
        "amount": "12345.67",
        "procurement_method": "inquiry",
        "starts_on": "2023-03-01",
        "ends_on": "2023-06-30",
    },
    {
        "reference": "LS-2023-03",
        "uscc": RESTAURANT_CODE,
        "category": "dining",
        "amount": "8000",
        "procurement_method": "single_source",
        "starts_on": "2023-01-01",
        "ends_on": "2023-12-31",
    },
]
SERVICES = [
    {"title": "农民工法律援助", "audience": "migrant_workers", "channel": "电话 0311-000"},
]
ELEMENTS = {
    "letter_reference": "涞政函〔2023〕1号",
    "approval_reference": "审批 7",
    "standard_applied": "河北省2023年标准",
    "reception_list_reference": "清单 7",
}
RECEPTIONS = [
    {
        "reference": "JD-001",
        "date": "2023-04-02",
        "visiting_party": "涞水县商务局",
        "purpose": "招商洽谈",
        "guests": 2,
        "hosts": 1,
        "nights": 1,
        "work_meals": 1,
        "accommodation": "600",
        "dining": "100",
        "vehicles": "0",
        "venues": "0",
        "other": "0",
        "provider_uscc": HOTEL_CODE,
        "payment_method": "bank_transfer",
        **ELEMENTS,
    },
]
# The second reception is the first one again but for a dearer hotel: 1,000 yuan for two guests
# and one night is 500 a person, over Hebei's 380 yuan a person and night.
RECEPTIONS.append(
    {
        **RECEPTIONS[0],
        "reference": "JD-002",
        "date": "2023-05-09",
        "visiting_party": "涞水县农业局",
        "purpose": "考察",
        "accommodation": "1000",
    }
)


def items(kind, rows, year):
    return [(n, read_row(kind, row, year)[1]) for n, row in enumerate(rows, 2)]


def publish(db, office, kind, year, rows, reason=None, when=None):
    return publish_items(db, office, kind, year, items(kind, rows, year), None, reason, when)


@pytest.fixture
def published(db, registry, providers, standard, request_context):
    """Laishui's 2023 disclosures (one over-standard reception), a corrected budget, Baoding 2024."""
    office = registry.laishui_office
    first = datetime(2024, 1, 10, 8, tzinfo=UTC)
    publish(db, office, DisclosureKind.BUDGETS, 2023, BUDGET[:2], when=first)
    publish(db, office, DisclosureKind.CONTRACTS, 2023, CONTRACTS, when=first)
    publish(db, office, DisclosureKind.SERVICES, 2023, SERVICES, when=first)
    publish(db, office, DisclosureKind.RECEPTIONS, 2023, RECEPTIONS, when=first)
    publish(
        db,
        office,
        DisclosureKind.BUDGETS,
        2023,
        BUDGET,
        reason="The vehicles line was left out.",
        when=datetime(2024, 2, 1, 9, tzinfo=UTC),
    )
    baoding = registry.baoding_office
    publish(
        db,
        baoding,
        DisclosureKind.CONTRACTS,
        2024,
        [
            {
                **CONTRACTS[0],
                "reference": "BD-2024-01",
                "amount": "1000.01",
                "starts_on": "2024-01-01",
                "ends_on": "2024-12-31",
            },
        ],
        when=datetime(2024, 3, 1, tzinfo=UTC),
    )
    db.commit()
    return registry


def row_of(html: str, marker: str) -> str:
    """The <tr> … </tr> that contains `marker`."""
    for row in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S):
        if marker in row:
            return row
    raise AssertionError(f"no row with {marker!r}")


@pytest.mark.parametrize(
    ("lang", "planned", "actual"),
    [("en", "¥120,000.00", "¥98,000.50"), ("zh", "120,000.00 元", "98,000.50 元")],
)
def test_office_year_page_in_both_languages(client, published, lang, planned, actual):
    page = client.get(f"/offices/laishui-in-shijiazhuang/disclosures?year=2023&lang={lang}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    row = row_of(html, 'data-category="accommodation"')
    assert planned in row and actual in row
    assert "LS-2023-02" in html and "农民工法律援助" in html
    assert ("Reception budget" if lang == "en" else "接待预算") in html


def test_chart_and_its_table_show_the_published_numbers(client, published):
    html = client.get("/offices/laishui-in-shijiazhuang/disclosures?lang=en").get_data(as_text=True)
    table = html[html.index('id="budget-table"') :]
    fen = [int(v) for v in re.findall(r'data-fen="(-?\d+)"', table.split("</table>")[0])]
    # accommodation planned/actual, dining planned/actual, vehicles planned, totals planned/actual
    assert fen == [12_000_000, 9_800_050, 4_000_000, 4_500_000, 800_025, 16_800_025]
    assert "Not known yet" in row_of(table, 'data-category="vehicles"')
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert "Dining, Actual: ¥45,000.00 (over budget)" in svg
    assert "Accommodation, Planned: ¥120,000.00" in svg


def test_receptions_over_the_standard_are_marked_with_the_reason(client, published):
    html = client.get("/offices/laishui-in-shijiazhuang/disclosures?year=2023&lang=en").get_data(
        as_text=True
    )
    over = row_of(html, 'data-reference="JD-002"')
    assert 'class="over-standard"' in over
    assert "Over the standard" in over
    assert "per person per night" in over and "¥380.00" in over
    fine = row_of(html, 'data-reference="JD-001"')
    assert "over-standard" not in fine and "Within the standard" in fine


def test_year_selector_and_bad_years(client, published):
    form = client.get("/offices/laishui-in-shijiazhuang/disclosures?lang=en").get_data(as_text=True)
    assert '<select id="year" name="year">' in form and '<option value="2023" selected>' in form
    empty = client.get("/offices/laishui-in-shijiazhuang/disclosures?year=2019&lang=en")
    assert empty.status_code == 200
    assert "has published nothing for 2019" in empty.get_data(as_text=True)
    bad = client.get("/offices/laishui-in-shijiazhuang/disclosures?year=20x3&lang=en")
    assert bad.status_code == 400
    assert "four digits" in bad.get_data(as_text=True)
    assert client.get("/offices/no-such-office/disclosures").status_code == 404


def test_office_page_has_the_disclosures_section(client, published):
    html = client.get("/offices/laishui-in-shijiazhuang?lang=en").get_data(as_text=True)
    section = html[html.index('id="disclosures"') :]
    assert "Latest year published: 2023." in section
    assert "/offices/laishui-in-shijiazhuang/disclosures?year=2023" in section
    assert "<svg" in section and "¥168,000.25" in section
    nothing = client.get("/offices/yanji-in-changchun?lang=en").get_data(as_text=True)
    assert "has not published any disclosures yet" in nothing
    chinese = client.get("/offices/laishui-in-shijiazhuang?lang=zh").get_data(as_text=True)
    section = chinese[chinese.index('id="disclosures"') :]
    assert "最近公开年份：2023年。" in section and "168,000.25 元" in section


def test_office_section_runs_a_bounded_number_of_queries(app, db, published):
    from sqlalchemy import event

    from disclosures.office_section import office_section
    from portal.database import database

    office = published.baoding_office
    publish(db, office, DisclosureKind.BUDGETS, 2024, BUDGET)
    db.commit()

    def selects() -> int:
        statements = []

        def record(_conn, _cursor, statement, *args):
            if statement.lstrip().upper().startswith("SELECT"):
                statements.append(statement)

        db.expire_all()
        assert office.slug  # loaded before counting
        event.listen(database.engine, "before_cursor_execute", record)
        try:
            with app.test_request_context("/?lang=en"):
                assert "<svg" in office_section(office)
        finally:
            event.remove(database.engine, "before_cursor_execute", record)
        return len(statements)

    selects()  # once first: the search indexer may catch up on the commit above
    small = selects()
    more = [
        {**RECEPTIONS[0], "reference": f"X-{n:03d}", "date": f"2024-02-{n % 27 + 1:02d}"}
        for n in range(40)
    ]
    publish(db, office, DisclosureKind.RECEPTIONS, 2024, more)
    db.commit()
    selects()
    assert selects() == small <= 4


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Revision 2", "Revision 1", "Added:", "Vehicles"]),
        ("zh", ["第 2 版", "第 1 版", "新增：", "用车"]),
    ],
)
def test_history_shows_the_reason_and_what_changed(client, published, lang, words):
    address = "/offices/laishui-in-shijiazhuang/disclosures/budgets/2023/history"
    page = client.get(f"{address}?lang={lang}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The vehicles line was left out." in html
    for word in words:
        assert word in html
    for bad in (
        "/offices/laishui-in-shijiazhuang/disclosures/nonsense/2023/history",
        "/offices/laishui-in-shijiazhuang/disclosures/budgets/1999/history",
        "/offices/nobody/disclosures/budgets/2023/history",
    ):
        assert client.get(bad).status_code == 404


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_latest_lists_publications_and_corrections_with_reasons(client, published, lang):
    page = client.get(f"/disclosures/?lang={lang}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The vehicles line was left out." in html
    kept = "?lang=en" if lang == "en" else ""  # an English page's links keep its language
    assert (
        f"/offices/laishui-in-shijiazhuang/disclosures/budgets/2023/history{kept}#revision-2"
        in html
    )
    corrections = client.get(f"/disclosures/?corrections=1&lang={lang}").get_data(as_text=True)
    assert corrections.count("<tr>") == 2  # the header and the one correction
    assert client.get("/disclosures/?page=0").status_code == 400
    assert client.get("/disclosures/?page=abc").status_code == 400


def test_navigation_links_to_disclosures_and_providers(client, registry):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert 'href="/disclosures/?lang=en"' in html and ">Disclosures<" in html
    assert 'href="/providers/?lang=en"' in html and ">Providers<" in html
