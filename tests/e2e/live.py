"""A real portal server with the small demo loaded, and Debian's Chromium: for tests and screenshots."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
SECRET_KEY = "browser-test-secret"
DATA_KEY = "1" * 64


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(workdir: Path) -> dict[str, str]:
    """The environment of a portal whose database, index and uploads live in `workdir`."""
    return {
        **os.environ,
        "FLASK_APP": "app:create_app",
        "PORTAL_DATABASE_URL": f"sqlite:///{workdir / 'portal.sqlite3'}",
        "PORTAL_SECRET_KEY": SECRET_KEY,
        "PORTAL_DATA_KEY": DATA_KEY,
        "PORTAL_SEARCH_INDEX_DIR": str(workdir / "index"),
        "PORTAL_UPLOAD_DIR": str(workdir / "uploads"),
        "PORTAL_RATELIMIT_STORAGE_URI": "memory://",
        "PORTAL_REQUIRE_2FA": "true",
        # Every browser test comes from 127.0.0.1: the limits of one citizen would trip.
        "PORTAL_COMPLAINT_RATE_LIMIT": "100 per hour",
        "PORTAL_COMPLAINT_TRACK_RATE_LIMIT": "100 per hour",
    }


def _flask(env: dict, *args: str, timeout: int = 900) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, check=True, timeout=timeout
    )


@contextmanager
def running_portal(workdir: Path) -> Iterator[str]:
    """Migrate, load the small demo, build the search index, serve; yield the base URL.

    The server is `flask run` on a free port of 127.0.0.1, stopped when the block ends.
    """
    env = server_env(workdir)
    _flask(env, "db", "upgrade", "heads")
    _flask(env, "demo", "load", "--scale", "small")
    _flask(env, "search", "rebuild")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base_url}/healthz", timeout=2)  # noqa: S310 - ours
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the portal's server did not start") from None
                time.sleep(0.3)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextmanager
def chromium() -> Iterator:
    """Debian's headless Chromium driven by Playwright (no browser is downloaded)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser, base_url: str, *, phone: bool = False, locale: str = "zh-CN"):
    """A fresh browser context: a phone (390×844, touch) or a desktop (1366×900) screen."""
    options: dict = {"locale": locale, "base_url": base_url}
    if phone:
        options.update(
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
        )
    else:
        options.update(viewport={"width": 1366, "height": 900})
    return browser.new_context(**options)
