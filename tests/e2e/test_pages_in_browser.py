"""Every public page type in a real browser: no request to another host, no serious axe violation."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import new_page, serious_violations

pytestmark = pytest.mark.browser

OFFICE = "130600-gov-in-shijiazhuang"  # an office of the small demo with disclosures

PUBLIC_PAGES = [
    "/",
    "/offices/",
    "/offices/?findings=yes&host=130000",
    "/offices/?rule=R3",
    "/rules/",
    f"/offices/{OFFICE}",
    "/governments/130000",
    "/governments/130600",
    f"/offices/{OFFICE}/disclosures",
    "/providers/",
    "{provider}",
    "/disclosures/",
    "/standards/",
    "/standards/130000",
    "/search?q=锦江酒店",
    "/search?q=Baoding",
    f"/complaints/new?office={OFFICE}",
    "/complaints/new?q=保定",
    "/complaints/track",
    "/complaints/contact",
    "/complaints/stats",
    "/approvals/",
    "{approval}",
    "/inspections/",
    "{inspection}",
    "/reports/",
    "/reports/summary",
    "/login",
]
"""A page of each public type; `{name}` is the first item linked from its list page."""

FIRST_LINKED = {
    "provider": ("/providers/", r'href="(/providers/[0-9A-Z]{18})"'),
    "approval": ("/approvals/", r'href="(/approvals/\d+)"'),
    "inspection": ("/inspections/", r'href="(/inspections/\d+)"'),
}


@pytest.fixture(scope="session")
def linked_pages(live_server) -> dict[str, str]:
    """The first provider, approval and inspection each list page links to."""
    found = {}
    for name, (path, pattern) in FIRST_LINKED.items():
        with urllib.request.urlopen(f"{live_server}{path}", timeout=30) as response:  # noqa: S310
            match = re.search(pattern, response.read().decode())
        assert match, f"{path} links to no {name}"
        found[name] = match.group(1)
    return found


def check_page(page) -> None:
    page.wait_for_load_state("networkidle")
    assert page.foreign_requests.foreign == []
    assert serious_violations(page) == []


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible_and_self_hosted(
    browser, live_server, linked_pages, path, language
):
    path = path.format(**linked_pages)
    # Chinese on a phone, English on a desktop: both widths are checked without doubling the run.
    page = new_page(
        browser,
        live_server,
        phone=language == "zh",
        locale="zh-CN" if language == "zh" else "en-US",
    )
    separator = "&" if "?" in path else "?"
    response = page.goto(f"{path}{separator}lang={language}")
    assert response is not None and response.status == 200, path
    assert page.locator("html").get_attribute("lang") == ("zh-CN" if language == "zh" else "en")
    check_page(page)
    page.context.close()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_complaint_form_showing_its_errors_is_accessible(browser, live_server, language):
    page = new_page(browser, live_server, locale="zh-CN" if language == "zh" else "en-US")
    page.goto(f"/complaints/new?lang={language}")
    page.get_by_role(
        "button", name="提交投诉" if language == "zh" else "Send the complaint"
    ).click()
    summary = page.get_by_role("alert")
    # expect() waits for the page the click loads; is_visible() would look too early.
    expect(summary.get_by_role("heading", level=2)).to_be_visible()
    # Each problem is a link to its field.
    category = "投诉事项" if language == "zh" else "What is the complaint about?"
    expect(summary.get_by_role("link", name=re.compile(re.escape(category)))).to_be_visible()
    check_page(page)
    page.context.close()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_sign_in_form_showing_its_errors_is_accessible(browser, live_server, language):
    page = new_page(browser, live_server, locale="zh-CN" if language == "zh" else "en-US")
    page.goto(f"/login?lang={language}")
    page.get_by_role("main").get_by_role("button").click()
    expect(page.get_by_role("alert")).to_have_count(1)
    check_page(page)
    page.context.close()
