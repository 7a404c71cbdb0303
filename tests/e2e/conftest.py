"""A real server process with the demo loaded, and headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _flask(env: dict, *args: str, timeout: int = 900) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, check=True, timeout=timeout
    )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """The portal served by a real server process on a free port, with the small demo loaded."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Debian's Chromium is not installed (.ci/run installs it): browser tests skipped"
        )
    workdir = tmp_path_factory.mktemp("live")
    env = {
        **os.environ,
        "FLASK_APP": "app:create_app",
        "PORTAL_DATABASE_URL": f"sqlite:///{workdir / 'portal.sqlite3'}",
        "PORTAL_SECRET_KEY": "browser-test-secret",
        "PORTAL_DATA_KEY": "1" * 64,
        "PORTAL_SEARCH_INDEX_DIR": str(workdir / "index"),
        "PORTAL_UPLOAD_DIR": str(workdir / "uploads"),
        "PORTAL_RATELIMIT_STORAGE_URI": "memory://",
    }
    _flask(env, "db", "upgrade", "heads")
    _flask(env, "demo", "load", "--scale", "small")
    _flask(env, "search", "rebuild")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=2)  # noqa: S310 - our own server
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the portal's server did not start") from None
            time.sleep(0.3)
    yield base_url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Debian's Chromium is not installed (.ci/run installs it): browser tests skipped"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


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
    options = {"locale": locale, "base_url": base_url}
    if phone:
        options.update(
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
        )
    else:
        options.update(viewport={"width": 1366, "height": 900})
    context = browser.new_context(**options)
    page = context.new_page()
    recorder = ForeignRequests(base_url)
    page.on("request", recorder.record)
    page.foreign_requests = recorder
    return page
