"""Security headers, proxy trust, cookie flags, privacy-safe request logs, rate-limit keys,
trusted hosts, and the known-device cookie that lets an account's owner past an account-wide
sign-in ceiling."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, abort, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.encryption import keyed_digest
from portal.errors import BadQuery

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


def pseudonym(value: str, purpose: str) -> str:
    """A keyed digest of a value under the secret key, for rate-limit keys that must not reveal
    what they stand for (a client address, an e-mail address)."""
    return keyed_digest(str(current_app.config["SECRET_KEY"]), purpose, value).hex()[:32]


def client_key() -> str:
    """A rate-limit key for the client: a digest of its address, so the raw address is never stored."""
    return pseudonym(request.remote_addr or "unknown", "client")


def account_client_key(email: str) -> str:
    """A rate-limit key for one account tried from one client (neither can be read from it)."""
    return pseudonym(f"{email}\n{request.remote_addr or 'unknown'}", "account-client")


DEVICE_COOKIE = "portal_device"
DEVICE_DAYS = 180
DEVICE_ACCOUNTS = 5
"""A device remembers the last five accounts signed in on it."""


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt="known-device")


def _device_accounts() -> list[str]:
    token = request.cookies.get(DEVICE_COOKIE, "")
    try:
        accounts = _device_serializer().loads(token, max_age=DEVICE_DAYS * 86400) if token else []
    except BadSignature:
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def known_device(email: str) -> bool:
    """Whether the account (by its normalised email) gave its password on this browser before.

    The cookie is signed and holds keyed digests only: it names no account to whoever reads it.
    """
    return pseudonym(email, "device") in _device_accounts()


def remember_device(response, email: str) -> None:
    """Mark this browser as one the account signed in on (after a right password)."""
    mark = pseudonym(email, "device")
    accounts = [mark, *(a for a in _device_accounts() if a != mark)][:DEVICE_ACCOUNTS]
    response.set_cookie(
        DEVICE_COOKIE,
        _device_serializer().dumps(accounts),
        max_age=DEVICE_DAYS * 86400,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure,
        httponly=True,
        samesite="Lax",
    )


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS (or config says so)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


PUBLIC_ENDPOINTS = frozenset(
    {
        "portal.home",
        "portal.office_directory",
        "portal.office",
        "portal.government",
        "portal.export_csv",
        "portal.export_json",
        "disclosures.latest",
        "disclosures.office_disclosures",
        "disclosures.disclosure_history",
        "disclosures.providers",
        "disclosures.provider",
        "disclosures.export",
        "disclosures.export_ocds",
        "oversight.approvals",
        "oversight.approval",
        "oversight.inspections",
        "oversight.inspection",
        "oversight.reports",
        "oversight.province_report",
        "oversight.summary",
        "oversight.summary_as_csv",
        "oversight.summary_as_json",
        "complaints.contact",
        "complaints.stats",
    }
)
"""Pages the same for every anonymous visitor, drawn only from the database: a shared cache may
keep them (ETag from the data's version, `PUBLIC_MAX_AGE`). Search is not among them (its index
follows the data a moment later), nor any page with a form."""

PUBLIC_MAX_AGE = 60
"""Seconds a cache may serve a public page without asking: a correction shows within a minute."""


def public_request() -> bool:
    """An anonymous GET of a public page whose visitor's session holds nothing."""
    return (
        request.method in ("GET", "HEAD")
        and request.endpoint in PUBLIC_ENDPOINTS
        and g.get("account") is None
        and g.get("pending_account") is None
        and not session
    )


def unlimited_public_page() -> bool:
    """A GET of a public page, which no rate limit covers (tests/portal/test_security.py checks
    that none does): the limiter need not look at it, a sixth of what a 304 costs."""
    return request.method in ("GET", "HEAD") and request.endpoint in PUBLIC_ENDPOINTS


def set_security_headers(response):
    """Add the headers every response carries, and say who may cache it.

    Private (`no-store`): pages of a signed-in person, the sign-in pages, any page that carries
    a CSRF token (a form) or sets a cookie. Public (`public, max-age=60`, the ETag the request
    began with, `Vary: Cookie` since the language and the sign-in come from cookies): an
    anonymous GET of a public page. Anything else gets no caching header.
    """
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    if _private_response(response):
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("ETag", None)
        response.vary.add("Cookie")
    elif (
        g.get("public_etag")
        and response.status_code in (200, 304)
        and request.endpoint != "static"
        and public_request()
    ):
        response.set_etag(g.public_etag, weak=True)
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        response.vary.add("Cookie")
    return response


def _private_response(response=None) -> bool:
    """Pages for a signed-in person, the sign-in pages themselves, and responses that carry a
    CSRF token or set a cookie are never stored by caches."""
    if request.endpoint == "static":
        return False
    signed_in = g.get("account") is not None or g.get("pending_account") is not None
    endpoint = request.endpoint or ""
    if signed_in or endpoint.startswith(("portal.login", "portal.account")):
        return True
    token_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    # The session cookie is written after these hooks: a modified session means one will be.
    sets_cookie = session.modified or (response is not None and "Set-Cookie" in response.headers)
    return token_field in g or sets_cookie


class AddressFreeLogFilter(logging.Filter):
    """Strip the client address werkzeug's development server writes at the start of each line.

    Query strings are dropped from the logged request line too: they may carry what a person typed.
    """

    _leading_address = re.compile(r"^\S+ - - ")
    _query = re.compile(r"\?[^ \"]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self._leading_address.sub("- - - ", record.msg)
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (self._query.sub("", record.args[0]), *record.args[1:])
        return True


LANGUAGE_PARAMETER = "lang"
"""Read only by the choice of language, which ignores a value it does not know."""


def refuse_nul_in_address() -> None:
    """A NUL character in the path is a 404 (no such page can exist), in the query string a 400,
    before any view runs.

    No address of the portal holds one, and PostgreSQL cannot store or compare text that does:
    every lookup by slug, reference or search text would otherwise end in a server error.
    Form fields are the forms' own business: they name the field at fault.
    """
    if "\x00" in request.path:
        abort(404)
    if any(
        "\x00" in text
        for name, values in request.args.lists()
        if name != LANGUAGE_PARAMETER
        for text in (name, *values)
    ):
        raise BadQuery(
            _l("This address contains a NUL character, which no page of the portal accepts.")
        )


def untrusted_host(_error: SecurityError) -> Response:
    """A request for a host name not in TRUSTED_HOSTS: a plain 400 (no page, no links).

    Flask refuses the host before it can build any address, so the usual error page, whose
    links need one, cannot be drawn; plain text in the page's language says what happened.
    """
    message = _("This portal does not answer for that host name.")
    return Response(message + "\n", status=400, content_type="text/plain; charset=utf-8")


def init_security(app: Flask) -> None:
    """Trust X-Forwarded-* only for the number of proxies configured; refuse untrusted hosts and
    NUL characters in addresses; add headers; clean logs."""
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.session_interface = HttpsAwareSessionInterface()
    app.register_error_handler(SecurityError, untrusted_host)
    app.before_request(refuse_nul_in_address)
    app.after_request(set_security_headers)
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, AddressFreeLogFilter) for f in werkzeug_logger.filters):
        werkzeug_logger.addFilter(AddressFreeLogFilter())
