"""A real server process with the demo loaded, and headless Chromium driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.live import CHROMIUM, chromium, new_context, running_portal

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}
NO_CHROMIUM = "Debian's Chromium is not installed (.ci/run installs it): browser tests skipped"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """The portal served by a real server process on a free port, with the small demo loaded.

    PORTAL_E2E_BASE_URL points the tests at a server already running with the small demo
    (a shortcut while writing tests; the journeys then change its data).
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(NO_CHROMIUM)
    if os.environ.get("PORTAL_E2E_BASE_URL"):
        yield os.environ["PORTAL_E2E_BASE_URL"].rstrip("/")
        return
    with running_portal(tmp_path_factory.mktemp("live")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(NO_CHROMIUM)
    with chromium() as browser:
        yield browser


class ForeignRequests:
    """Every request a page made to a host other than the portal's own."""

    def __init__(self, base_url: str) -> None:
        self.own_host = urlsplit(base_url).netloc
        self.foreign: list[str] = []

    def record(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != self.own_host:
            self.foreign.append(request.url)


def new_page(browser, base_url: str, *, phone: bool = False, locale: str = "zh-CN"):
    """A fresh browser context and page that records requests to other hosts."""
    context = new_context(browser, base_url, phone=phone, locale=locale)
    page = context.new_page()
    recorder = ForeignRequests(base_url)
    page.on("request", recorder.record)
    page.foreign_requests = recorder
    return page


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]
