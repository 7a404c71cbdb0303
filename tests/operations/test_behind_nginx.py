"""The deployment's nginx site (deploy/nginx/portal.conf) in front of gunicorn, on free ports.

HTTPS headers, Secure cookies, PORTAL_PROXY_COUNT=1 with the client's real address for the
rate limits (a forged X-Forwarded-For is replaced by nginx), static files from disk, the body
limit and the page cache. Both servers run for this module only (a few seconds) and stop.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.nginx_conf import local_trial, nginx_command
from tests.conftest import USE_POSTGRES

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None,
    reason="nginx is not installed (apt-get install nginx; .ci/run installs it)",
)
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing answers on port {port}:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def proxy(migrated_database, tmp_path_factory):
    """gunicorn (1 worker) behind nginx; yields a function making HTTPS requests through it.

    One pair for the module (starting gunicorn is most of the time); no test writes data."""
    tmp_path = tmp_path_factory.mktemp("behind-nginx")
    if USE_POSTGRES:
        database_url = migrated_database
    else:
        shutil.copyfile(migrated_database, tmp_path / "portal.sqlite3")
        database_url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    gunicorn_port, http_port, https_port = free_port(), free_port(), free_port()
    conf, certificate = local_trial(tmp_path, f"127.0.0.1:{gunicorn_port}", http_port, https_port)
    origin = f"https://127.0.0.1:{https_port}"
    environment = {
        **os.environ,
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": "behind-nginx-secret",
        "PORTAL_DATA_KEY": "ab" * 32,
        "PORTAL_PROXY_COUNT": "1",
        "PORTAL_PUBLIC_URL": origin,
        "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "PORTAL_SEARCH_SYNC": "external",
        "PORTAL_UPLOAD_DIR": str(tmp_path / "uploads"),
        "PORTAL_RATELIMIT_STORAGE_URI": "memory://",
        "PORTAL_API_RATE_LIMIT": "3 per minute",
        "PORTAL_BIND": f"127.0.0.1:{gunicorn_port}",
        "WEB_CONCURRENCY": "1",
    }
    gunicorn_log = tmp_path / "gunicorn.log"
    nginx_log = tmp_path / "nginx.log"
    with gunicorn_log.open("w") as out, nginx_log.open("w") as err:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        nginx = subprocess.Popen(nginx_command(conf), stdout=err, stderr=subprocess.STDOUT)
    context = ssl.create_default_context(cafile=str(certificate))

    def request(method, path, headers=None, secure=True):
        if secure:
            connection = http.client.HTTPSConnection("127.0.0.1", https_port, context=context)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", http_port)
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        connection.close()
        return response

    try:
        wait_for(gunicorn_port, gunicorn, gunicorn_log)
        wait_for(https_port, nginx, nginx_log)
        request.gunicorn_log = gunicorn_log
        request.access_log = tmp_path / "nginx" / "logs" / "access.log"
        request.https_port = https_port
        request.context = context
        yield request
    finally:
        stop(nginx)
        stop(gunicorn)


def test_https_headers_secure_cookies_and_the_plain_port_redirects(proxy):
    home = proxy("GET", "/")
    assert home.status == 200, home.text[:500]
    assert home.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
    form = proxy("GET", "/complaints/new?lang=en")
    cookies = form.headers.get_all("Set-Cookie")
    assert cookies and all("; Secure" in cookie for cookie in cookies), cookies
    plain = proxy("GET", "/offices?x=1", secure=False)
    assert plain.status == 301
    assert plain.getheader("Location") == f"https://127.0.0.1:{proxy.https_port}/offices?x=1"


def test_a_forged_forwarded_address_does_not_escape_the_rate_limit(proxy):
    statuses = [
        proxy("GET", f"/api/v1/offices?limit=1&n={n}", {"X-Forwarded-For": f"203.0.113.{n}"}).status
        for n in range(1, 5)
    ]
    # nginx replaces the header with the address it saw: one client, limited after three
    assert statuses == [200, 200, 200, 429]


def test_static_files_come_from_disk_not_from_gunicorn(proxy):
    css = proxy("GET", "/static/css/portal.css")
    assert css.status == 200 and css.getheader("Content-Type", "").startswith("text/css")
    assert css.text == (ROOT / "static" / "css" / "portal.css").read_text()
    assert css.getheader("Strict-Transport-Security") and css.getheader("X-Content-Type-Options")
    assert proxy("GET", "/").status == 200  # one request through, so the log is not empty
    logged = proxy.gunicorn_log.read_text()
    assert '"GET / HTTP' in logged and "/static/" not in logged


def test_the_access_log_keeps_no_address_agent_or_query(proxy):
    sent = proxy(
        "GET", "/complaints/new?lang=en&note=canary-query", {"User-Agent": "CanaryAgent/1"}
    )
    assert sent.status == 200
    logged = proxy.access_log.read_text()
    assert '"GET /complaints/new HTTP/1.1" 200' in logged  # the request is there, and nothing else
    assert "127.0.0.1" not in logged and "CanaryAgent" not in logged and "canary" not in logged


def test_public_pages_are_cached_and_private_ones_never(proxy):
    first, second = proxy("GET", "/offices/"), proxy("GET", "/offices/")
    assert first.getheader("Cache-Control") == "public, max-age=60"
    assert (first.getheader("X-Cache-Status"), second.getheader("X-Cache-Status")) == (
        "MISS",
        "HIT",
    )
    with_cookie = proxy("GET", "/offices/", {"Cookie": "lang=en"})
    assert with_cookie.getheader("X-Cache-Status") == "BYPASS"
    forms = [proxy("GET", "/complaints/new") for _ in range(2)]
    assert [form.getheader("Cache-Control") for form in forms] == ["no-store"] * 2
    assert [form.getheader("X-Cache-Status") for form in forms] == ["MISS"] * 2


def test_a_body_over_the_limit_is_refused_by_nginx(proxy):
    raw = socket.create_connection(("127.0.0.1", proxy.https_port), timeout=5)
    with proxy.context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        tls.sendall(
            b"POST /complaints/new HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 70000000\r\nConnection: close\r\n\r\n"
        )
        answer = tls.recv(200).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413")
