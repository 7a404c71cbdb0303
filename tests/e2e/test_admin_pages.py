"""axe on every administration page a province's supervisor reaches, in Chinese and English
(issue 19: "axe stays clean on every new page in both languages"). The pages behind a one-time
link (invitation, password reset) and the recovery sign-in are met in test_administration.py."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.actions import sign_in_as_supervisor
from tests.e2e.conftest import new_page, serious_violations

pytestmark = pytest.mark.browser

FIXED_PAGES = [
    "/admin/",
    "/admin/accounts/",
    "/admin/accounts/invite",
    "/admin/governments/130000/channels",
    "/admin/offices/new",
    "/admin/standards/130000",
    "/admin/progress-reports",
    "/account/recovery-codes",
    "/password/forgotten",
]


def test_every_administration_page_is_clean_in_both_languages(live_server, browser):
    page = new_page(browser, live_server, locale="en-GB")
    sign_in_as_supervisor(page)  # Hebei's supervisor
    page.goto("/admin/accounts/?lang=en")
    account = page.locator("main table a").first.get_attribute("href")
    page.goto("/governments/130000?lang=en")
    links = page.locator("main a[href^='/offices/']").evaluate_all("els => els.map(e => e.href)")
    office = next(link for link in links if re.search(r"/offices/[a-z0-9-]+$", link))
    page.goto(f"{office.removeprefix(live_server)}?lang=en")
    page.get_by_role("link", name="Change this office's record").click()
    expect(page.get_by_role("heading", level=2, name="History of changes")).to_be_visible()
    pages = [*FIXED_PAGES, account, page.url.split("?")[0].removeprefix(live_server)]
    found = {}
    for path in pages:
        for language in ("zh", "en"):
            response = page.goto(f"{path}?lang={language}")
            assert response is not None and response.status == 200, path
            if violations := serious_violations(page):
                found[f"{path}?lang={language}"] = violations
    assert found == {}
