"""axe-core in both languages on the complaints pages issue 16 asked about (item 6 of h1's brief):
the outcomes pages, the audit page and the Chinese receipt page; and on the pages added with it:
response statistics (item 14), the routing preview (item 4), the queue with its bulk actions
(item 13) and the close form with its outcome template."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.actions import sign_in_as_supervisor
from tests.e2e.conftest import new_page, serious_violations
from tests.e2e.test_complaints_loop import OFFICE_ZH, file_a_complaint

pytestmark = pytest.mark.browser

LANGUAGES = ("zh", "en")


def office_slug(page) -> str:
    page.goto(f"/complaints/new?lang=en&q={OFFICE_ZH}")
    return page.locator('input[name="office"]').first.get_attribute("value")


def check(page, path: str, failures: list[str]) -> None:
    for language in LANGUAGES:
        joiner = "&" if "?" in path else "?"
        response = page.goto(f"{path}{joiner}lang={language}")
        assert response.status < 400, f"{path} ({language}): {response.status}"
        failures += [f"{path} ({language}): {v}" for v in serious_violations(page)]


def test_the_chinese_receipt_page(browser, live_server):
    page = new_page(browser, live_server)  # zh-CN
    page.goto(f"/complaints/new?lang=zh&q={OFFICE_ZH}")
    page.locator('input[name="office"]').first.check()
    page.locator('input[name="category"][value="reception_over_standard"]').check()
    page.locator('textarea[name="body"]').fill("十二位客人在五星级酒店住了三晚。")
    page.get_by_role("button", name="提交投诉").click()
    expect(page.locator("#secret")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert serious_violations(page) == []
    page.context.close()


def test_public_pages_in_both_languages(browser, live_server):
    page = new_page(browser, live_server)
    slug = office_slug(page)
    failures: list[str] = []
    for path in (
        f"/complaints/outcomes/office/{slug}",
        "/complaints/outcomes/government/130000",
        "/complaints/performance",
        "/complaints/performance?by=office&sort=name&order=asc",
        "/complaints/performance/government/130000",
        f"/complaints/performance/office/{slug}",
    ):
        check(page, path, failures)
    # The routing preview, without JavaScript's help: the form posted with "preview".
    for language in LANGUAGES:
        page.goto(f"/complaints/new?lang={language}&q={OFFICE_ZH}")
        page.locator('input[name="office"]').first.check()
        page.locator('button[name="preview"]').click()
        expect(page.locator("#routing-preview li").first).to_be_visible()
        failures += [f"preview ({language}): {v}" for v in serious_violations(page)]
    assert failures == []
    page.context.close()


def test_supervisor_pages_in_both_languages(browser, live_server):
    page = new_page(browser, live_server, locale="en-US")
    sign_in_as_supervisor(page)
    failures: list[str] = []
    check(page, "/supervise/audit", failures)
    check(page, "/supervise/", failures)
    # The close form after "Start from the template of the chosen outcome", on a complaint
    # filed now about an office Hebei supervises, and acknowledged first.
    citizen = new_page(browser, live_server, locale="en-US")
    file_a_complaint(citizen)
    reference = citizen.locator("#reference").inner_text().strip()
    citizen.context.close()
    page.goto(f"/supervise/complaints/{reference}?lang=en")
    page.locator('form[action$="/acknowledge"] button[type="submit"]').click()
    close_form = page.locator('form[action$="/close"]')
    close_form.locator('input[name="outcome"]').first.check()
    close_form.locator('button[name="use_template"]').click()
    expect(page.locator('textarea[name="summary"]')).not_to_be_empty()
    failures += [f"close template: {v}" for v in serious_violations(page)]
    assert failures == []
    page.context.close()
