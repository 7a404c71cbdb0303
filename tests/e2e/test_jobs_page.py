"""The jobs page in headless Chromium: no serious or critical axe issue, in Chinese and English.

The page is served by the test app itself (every request of the browser answered by the Flask
test client, static files included), signed in as an administrator, with recorded runs."""

from __future__ import annotations

import pytest

from portal.models import Role
from tests.e2e.conftest import serious_violations

pytestmark = pytest.mark.browser

ORIGIN = "http://portal.test"


def answer_from(client):
    def handle(route):
        path = route.request.url.removeprefix(ORIGIN) or "/"
        response = client.get(path)
        body = response.get_data()
        response.close()
        route.fulfill(
            status=response.status_code,
            headers={"content-type": response.headers.get("Content-Type", "text/plain")},
            body=body,
        )

    return handle


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_jobs_page_passes_axe(browser, runner, client, db, login, registry, language):
    """(In tests/e2e: the run's one Playwright session, `browser`, serves it; a second sync
    Playwright started beside it fails inside the first one's event loop.)"""
    assert runner.invoke(args=["jobs", "run", "--once"]).exit_code == 0
    db.rollback()
    login(Role.ADMIN)
    page = browser.new_page()
    page.route("**/*", answer_from(client))
    page.goto(f"{ORIGIN}/operations/jobs?lang={language}")
    assert page.locator("h1").inner_text() == ("定期任务" if language == "zh" else "Periodic jobs")
    assert page.locator("tbody tr").count() >= 10  # five jobs, five runs
    assert serious_violations(page) == []
    page.close()
