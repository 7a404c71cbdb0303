"""Every public page type in a real browser: no request to another host, no serious axe violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import new_page

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}

PUBLIC_PAGES = [
    "/",
    "/offices/",
]


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible_and_self_hosted(browser, live_server, path, language):
    page = new_page(browser, live_server)
    separator = "&" if "?" in path else "?"
    response = page.goto(f"{path}{separator}lang={language}")
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("networkidle")
    assert page.foreign_requests.foreign == []
    assert serious_violations(page) == []
    page.context.close()
