"""Layout that can be measured in a real browser (issue 15 item 7): the English budget table is
not cut off, the budget chart's labels are drawn at 12 px or more and the chart keeps a readable
size on a wide desktop, "接待记录" does not wrap in the disclosures list, every home card has a
one-line description; axe finds nothing serious on these pages in either language."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.e2e.conftest import new_page, serious_violations

pytestmark = pytest.mark.browser

WIDE = {"width": 1920, "height": 1080}
CHART_LABEL_PX = """(svg) => {
    const box = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / box.width;
    return [...svg.querySelectorAll('text')].map(
        (t) => parseFloat(getComputedStyle(t).fontSize) * scale);
}"""
CUT_OFF = """(wrap) => {
    const table = wrap.querySelector('table');
    const last = table.querySelector('thead th:last-child').getBoundingClientRect();
    return {overflow: table.scrollWidth - wrap.clientWidth,
            beyond: last.right - wrap.getBoundingClientRect().right};
}"""


@pytest.fixture(scope="module")
def office_with_budget(live_server) -> str:
    """An office whose disclosures page shows a budget (the demo's first in the directory)."""
    with urllib.request.urlopen(f"{live_server}/offices/?lang=en", timeout=30) as response:  # noqa: S310
        # an English page's links keep lang=en (issue 15 item 8)
        slugs = re.findall(r'href="/offices/([a-z0-9-]+)(?:\?lang=en)?"', response.read().decode())
    for slug in dict.fromkeys(slugs):
        url = f"{live_server}/offices/{slug}/disclosures?lang=en"
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            if 'id="budget-table"' in response.read().decode():
                return slug
    pytest.fail("no office in the demo's directory shows a budget")


def open_page(browser, live_server, path: str, language: str, viewport: dict | None = None):
    page = new_page(browser, live_server, locale="en-US" if language == "en" else "zh-CN")
    if viewport:
        page.set_viewport_size(viewport)
    separator = "&" if "?" in path else "?"
    response = page.goto(f"{path}{separator}lang={language}")
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("viewport", [None, WIDE], ids=["desktop", "wide desktop"])
def test_the_english_budget_table_and_chart_fit(browser, live_server, office_with_budget, viewport):
    for path, table_id in (
        (f"/offices/{office_with_budget}/disclosures", "budget-table"),
        (f"/offices/{office_with_budget}", "office-budget-table"),
    ):
        page = open_page(browser, live_server, path, "en", viewport)
        wrap = page.locator(f"#{table_id}").locator("xpath=..")
        measured = wrap.evaluate(CUT_OFF)
        assert measured["overflow"] <= 0 and measured["beyond"] <= 0.5, (path, measured)
        assert page.locator(f"#{table_id} thead th").last.inner_text() == "Difference"
        chart = page.locator(".chart-with-table svg.chart").first
        sizes = chart.evaluate(CHART_LABEL_PX)
        assert sizes and min(sizes) >= 12, (path, min(sizes))
        assert max(sizes) <= 20, (path, max(sizes))  # not blown up on a wide screen
        assert chart.bounding_box()["width"] <= 50 * 16 + 1
        page.context.close()


def test_the_chart_labels_stay_readable_on_a_phone(browser, live_server, office_with_budget):
    """On a phone the chart scrolls sideways rather than shrinking its labels."""
    page = new_page(browser, live_server, phone=True)
    page.goto(f"/offices/{office_with_budget}/disclosures?lang=zh")
    sizes = page.locator(".chart-with-table svg.chart").first.evaluate(CHART_LABEL_PX)
    assert min(sizes) >= 12
    page.context.close()


def test_the_disclosures_list_keeps_each_kind_on_one_line(browser, live_server):
    page = open_page(browser, live_server, "/disclosures/", "zh")
    links = page.locator("td.kind-cell a")
    assert links.count() > 0
    lines = links.evaluate_all("(links) => links.map((a) => a.getClientRects().length)")
    assert set(lines) == {1}
    assert "接待记录" in links.all_inner_texts()
    page.context.close()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_home_card_has_a_one_line_description(browser, live_server, language):
    page = open_page(browser, live_server, "/", language)
    cards = page.locator("ul.cards > li.card")
    assert cards.count() >= 8
    texts = cards.evaluate_all(
        "(cards) => cards.map((c) => (c.querySelector('p') || {innerText: ''}).innerText.trim())"
    )
    assert all(texts), texts
    assert serious_violations(page) == []
    page.context.close()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_measured_pages_are_accessible(browser, live_server, office_with_budget, language):
    for path in (f"/offices/{office_with_budget}/disclosures", "/disclosures/"):
        page = open_page(browser, live_server, path, language)
        assert serious_violations(page) == [], path
        page.context.close()
