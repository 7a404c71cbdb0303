"""Headers, cookies, proxy trust, and logs that never hold a client address or user agent."""

from __future__ import annotations

import logging
import runpy
import threading
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal.models import Role
from portal.security import client_key
from tests import factories
from tests.disclosures.conftest import providers, request_context, standard  # noqa: F401
from tests.disclosures.test_public_pages import published  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
FORGED = "198.51.100.23"


def sign_in(client, **kwargs):
    return client.post(
        "/login",
        data={"email": "editor@example.test", "password": factories.TEST_PASSWORD},
        **kwargs,
    )


def test_every_page_carries_the_security_headers(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == "'self' data:"
    assert all("http" not in value and "*" not in value for value in directives.values())
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_error_pages_carry_them_too(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_session_cookie_is_httponly_and_lax_but_not_secure_over_http(client, editor):
    cookie = sign_in(client).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_over_https_hsts_and_secure_cookies(client, editor):
    response = sign_in(client, base_url="https://portal.example.cn")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_forwarded_proto_is_ignored_without_a_proxy(client, editor):
    response = sign_in(client, headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers["Set-Cookie"]


def probe(app, client, headers) -> tuple[str, str]:
    """The rate-limit key and the address the app sees for a request with these headers."""
    from flask import request

    seen = {}

    def record():
        seen["key"] = client_key()
        seen["address"] = request.remote_addr

    app.before_request_funcs.setdefault(None, []).append(record)
    client.get("/login", headers=headers)
    app.before_request_funcs[None].remove(record)
    return seen["key"], seen["address"]


def test_forged_forwarded_for_changes_nothing_without_a_proxy(app, client):
    plain_key, plain_address = probe(app, client, {})
    key, address = probe(app, client, {"X-Forwarded-For": FORGED})
    assert address == plain_address == "127.0.0.1"
    assert key == plain_key


class TestBehindOneProxy:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "PROXY_COUNT": 1}

    def test_the_proxy_address_and_scheme_are_trusted(self, app, client, editor):
        key, address = probe(app, client, {"X-Forwarded-For": FORGED, "X-Forwarded-Proto": "https"})
        assert address == FORGED
        response = sign_in(client, headers={"X-Forwarded-Proto": "https"})
        assert "Secure" in response.headers["Set-Cookie"]
        assert "Strict-Transport-Security" in response.headers

    def test_only_the_last_hop_is_trusted(self, app, client):
        _key, address = probe(app, client, {"X-Forwarded-For": f"10.9.9.9, {FORGED}"})
        assert address == FORGED


class TestRateLimitKey:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "2 per minute"}

    def test_forged_forwarded_for_does_not_escape_the_limit(self, client):
        for number in range(2):
            response = client.post(
                "/login",
                data={"email": f"guess{number}@example.test", "password": "x" * 12},
                headers={"X-Forwarded-For": f"203.0.113.{number}"},
            )
            assert response.status_code == 401
        response = client.post(
            "/login",
            data={"email": "guess7@example.test", "password": "x" * 12},
            headers={"X-Forwarded-For": "203.0.113.99"},
        )
        assert response.status_code == 429


def test_development_server_logs_hold_no_address_agent_or_query(app, caplog):
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            request = urllib.request.Request(
                f"http://127.0.0.1:{server.server_port}/login?email=someone%40example.cn",
                headers={"User-Agent": "Distinctive-Agent/9.9", "X-Forwarded-For": FORGED},
            )
            with urllib.request.urlopen(request) as response:  # noqa: S310 - our own local server
                assert response.status == 200
    finally:
        server.shutdown()
        thread.join()
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("GET /login" in line and " 200 " in line for line in lines), lines
    for line in lines:
        assert "127.0.0.1" not in line
        assert FORGED not in line
        assert "Distinctive-Agent" not in line
        assert "someone" not in line


def test_gunicorn_access_log_holds_no_address_agent_or_query():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    fmt = settings["access_log_format"]
    for forbidden in ("%(h)s", "%(a)s", "%(r)s", "%(q)s", "%(f)s"):
        assert forbidden not in fmt
    assert "{x-forwarded-for}" not in fmt.lower() and "{user-agent}" not in fmt.lower()
    config = Config()
    config.set("accesslog", None)
    logger = Logger(config)
    environ = {
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_USER_AGENT": "Distinctive-Agent/9.9",
        "HTTP_X_FORWARDED_FOR": FORGED,
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/login?email=someone",
        "PATH_INFO": "/login",
        "QUERY_STRING": "email=someone",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }

    class Response:
        status = "200 OK"
        sent = 512
        headers = [("Content-Type", "text/html")]

    request_headers = [("X-FORWARDED-FOR", FORGED), ("USER-AGENT", "Distinctive-Agent/9.9")]
    atoms = logger.atoms_wrapper_class(
        logger.atoms(Response(), request_headers, environ, timedelta(milliseconds=12))
    )
    line = fmt % atoms
    assert "GET /login HTTP/1.1" in line and " 200 " in line
    for secret in ("203.0.113.5", FORGED, "Distinctive-Agent", "someone"):
        assert secret not in line
    assert settings["forwarded_allow_ips"] == ""


def test_private_pages_are_not_stored_by_caches(client, login):
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login(Role.ADMIN)
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/account/").headers["Cache-Control"] == "no-store"


PUBLIC = "https://portal.example.cn"
FORGED_HOST = "evil.example"


class TestForgedHost:
    """Absolute links come from PUBLIC_URL: a forged Host header plants none of its own."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "PUBLIC_URL": PUBLIC}

    @pytest.mark.parametrize(
        "address",
        [
            "/feeds/inspections.atom",
            "/feeds/disclosures.atom",
            "/offices/laishui-in-shijiazhuang/feed.atom",
            "/offices/export.json",
            "/disclosures/export/contracts.ocds.json",
        ],
    )
    @pytest.mark.usefixtures("published")
    def test_feeds_exports_and_ocds_link_to_the_public_url(self, client, address):
        response = client.get(address, headers={"Host": FORGED_HOST})
        body = response.get_data(as_text=True)
        response.close()
        assert response.status_code == 200
        assert FORGED_HOST not in body
        assert f"{PUBLIC}/" in body

    def test_the_default_public_url_is_documented_in_config(self, tmp_path):
        from flask import Flask

        from portal.config import configure

        app = Flask("host_test", instance_path=str(tmp_path))
        configure(app, {"SECRET_KEY": "k", "DATA_KEY": "d"})
        assert app.config["PUBLIC_URL"] == "http://127.0.0.1:5000"
        assert app.config["TRUSTED_HOSTS"] is None


class TestTrustedHosts:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "TRUSTED_HOSTS": "portal.example.cn, .gov.example"}

    @pytest.mark.parametrize(
        "host", [FORGED_HOST, "portal.example.cn.evil.example", "127.0.0.1", "evil.example:80"]
    )
    def test_a_request_for_another_host_is_refused(self, client, host):
        for address in ("/", "/feeds/inspections.atom", "/login?lang=en"):
            response = client.get(address, headers={"Host": host})
            assert response.status_code == 400
            body = response.get_data(as_text=True)
            assert body == "This portal does not answer for that host name.\n" or (
                "本网站不以该主机名提供服务" in body
            )
            assert FORGED_HOST not in body

    def test_a_forged_host_cannot_post_either(self, client, editor):
        response = client.post(
            "/login",
            data={"email": "editor@example.test", "password": factories.TEST_PASSWORD},
            headers={"Host": FORGED_HOST},
        )
        assert response.status_code == 400
        assert "Set-Cookie" not in response.headers

    @pytest.mark.parametrize(
        "host", ["portal.example.cn", "portal.example.cn:8443", "x.gov.example"]
    )
    def test_the_trusted_hosts_are_served(self, client, host):
        assert client.get("/", headers={"Host": host}).status_code == 200

    def test_the_refusal_speaks_the_chosen_language(self, client):
        response = client.get("/?lang=zh", headers={"Host": FORGED_HOST})
        assert response.get_data(as_text=True) == "本网站不以该主机名提供服务。\n"


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("/offices/%00", 404),
        ("/offices/laishui%00-in-shijiazhuang/feed.atom", 404),
        ("/governments/130000%00", 404),
        ("/offices/?q=%00", 400),
        ("/offices/?q=1%00", 400),
        ("/offices/?sort%00=name", 400),
        ("/offices/export.csv?q=%00", 400),
        ("/complaints/contact?province=%00", 400),
        ("/?lang=%00", 200),  # the language choice ignores what it does not know
    ],
)
def test_a_nul_character_in_an_address_is_refused_before_any_view(
    client, registry, address, status
):
    """PostgreSQL cannot compare text holding NUL: refused up front, whatever the page."""
    response = client.get(address + ("&" if "?" in address else "?") + "lang=en")
    assert response.status_code == status
    if status == 400:
        assert "This address contains a NUL character" in response.get_data(as_text=True)


def test_no_rate_limit_covers_a_public_page_the_limiter_skips(app):
    """The limiter skips GETs of public pages (portal.security.unlimited_public_page) because no
    limit covers one: a limit added to such a page would silently never apply."""
    from portal.extensions import limiter
    from portal.security import PUBLIC_ENDPOINTS

    with app.test_request_context():
        for endpoint in sorted(PUBLIC_ENDPOINTS):
            blueprint = endpoint.split(".")[0]
            limits = limiter.limit_manager.resolve_limits(app, endpoint, blueprint)
            assert limits == ([], []), endpoint
        login = limiter.limit_manager.resolve_limits(app, "portal.login", "portal")
        assert any(login), "the sign-in page keeps its limit: the check above can see limits"
