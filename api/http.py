"""HTTP for public data: JSON bodies with ETag and Last-Modified (304 on revalidation),
Cache-Control, CORS open for reading only, per-client rate limits, no cookies."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, g, request

from portal.extensions import csrf, limiter

JSON_TYPE = "application/json"
READ_METHODS = "GET, HEAD, OPTIONS"
EXPOSED = "ETag, Last-Modified, Link, Retry-After, Cache-Control, Content-Language"
ASKED = "Accept, Accept-Language, If-None-Match, If-Modified-Since"


def json_body(document: Any) -> bytes:
    """The one JSON encoding of the API: UTF-8, no ASCII escapes, keys in schema order."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def public_json(
    document: Any,
    *,
    last_modified: datetime | None = None,
    links: dict[str, str] | None = None,
    content_type: str = JSON_TYPE,
) -> Response:
    """A public JSON answer that caches may keep and clients may revalidate.

    The strong ETag is a digest of the exact body, so two answers with the same bytes share it
    whatever produced them; `If-None-Match` / `If-Modified-Since` turn the answer into a 304.
    """
    body = json_body(document)
    response = Response(body, content_type=content_type)
    response.set_etag(hashlib.sha256(body).hexdigest()[:40])
    if last_modified is not None:
        response.last_modified = last_modified.replace(microsecond=0)
    seconds = int(current_app.config.get("API_CACHE_SECONDS", 60))
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    if links:
        response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    return response.make_conditional(request)


def api_rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _cors(response: Response) -> Response:
    """Anyone's page may read public data (GET); nobody's may write through a browser."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = READ_METHODS
        response.headers["Access-Control-Allow-Headers"] = ASKED
        response.headers["Access-Control-Max-Age"] = "86400"
        response.headers["Allow"] = READ_METHODS
    return response


def _no_language_cookie(response: Response) -> Response:
    # `?lang=` chooses the language of one answer; an API client keeps no cookie, and a cookie
    # would make the public answer private to caches.
    if request.path.startswith("/api/v1/"):
        g.pop("language_chosen", None)
    return response


def init_blueprint(bp: Blueprint) -> None:
    """CORS, no cookie, and one rate limit per client shared by every route of the blueprint.

    Called once, when the views are first imported (a blueprint is set up before any app
    registers it; several test apps share it)."""
    bp.after_request(_cors)
    bp.after_request(_no_language_cookie)
    limiter.shared_limit(api_rate_limit, scope=bp.name)(bp)
    csrf.exempt(bp)
