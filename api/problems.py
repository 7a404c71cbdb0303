"""Errors of the API as `application/problem+json` (RFC 9457), naming the parameter at fault.

Every error an API client can meet — a bad parameter, an unknown address, a method the API does
not allow, a rate limit, a failure on our side — is one problem document: `type`, `title` (the
HTTP status phrase, as RFC 9457 asks for `about:blank`), `status`, `detail` in the request's
language, `instance` (the path) and, for bad input, `errors`: one `{parameter, detail}` each.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable

from flask import Blueprint, Response, current_app, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, NotFound
from werkzeug.http import HTTP_STATUS_CODES

from portal.errors import PortalError

PROBLEM_TYPE = "application/problem+json"


def problem(
    status: int,
    detail: str | None = None,
    *,
    errors: Iterable[tuple[str, str]] = (),
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem document for `status`; `errors` are (parameter, message) pairs."""
    body = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": str(detail or _default_detail(status)),
        "instance": request.path,
    }
    listed = [{"parameter": name, "detail": str(message)} for name, message in errors]
    if listed:
        body["errors"] = listed
    response = Response(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_TYPE
    )
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _default_detail(status: int) -> str:
    details = {
        400: _("Please check the parameters of the request."),
        404: _("There is nothing at this address."),
        405: _("This method is not allowed here."),
        406: _("This address answers in JSON only."),
        429: _("Too many requests in a short time. Please wait and try again."),
        500: _("Something went wrong on our side. The error has been recorded."),
        503: _("This part of the service is being rebuilt. Please try again in a few minutes."),
    }
    return details.get(status, HTTP_STATUS_CODES.get(status, "Error"))


def bad_parameters(errors: dict[str, str]) -> Response:
    """A 400 naming every bad parameter, with what to send instead."""
    detail = " ".join(errors.values())
    return problem(400, detail, errors=errors.items())


def from_validation_error(error: ValidationError, messages: dict[str, str]) -> Response:
    """A 400 for marshmallow's errors, each parameter with its own translated message."""
    found = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
    errors = {name: messages.get(name) or _("This value is not allowed.") for name in found}
    return bad_parameters(errors)


def from_portal_error(error: PortalError) -> Response:
    """A domain error (BadQuery, DirectoryQueryError, …) as a 400 naming its parameter."""
    many = getattr(error, "errors", None)
    if isinstance(many, dict) and many:
        return bad_parameters({name: str(message) for name, message in many.items()})
    return bad_parameters({error.field or "query": str(error.message)})


def retry_after() -> int:
    """Seconds until the client's exhausted limit opens again (at least 1)."""
    from portal.extensions import limiter

    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - time.time()))


def from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    headers: dict[str, str] = {}
    detail = None
    if status == 429:
        headers["Retry-After"] = str(retry_after())
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    if status >= 500:
        detail = _default_detail(500) if status == 500 else None
    return problem(status, detail, headers=headers)


def _internal_error(error: InternalServerError) -> Response:
    current_app.logger.error("API error on %s", request.path, exc_info=error.original_exception)
    return problem(500)


def not_found(rest: str = "") -> Response:
    """An address under the API that names nothing (or a method the address does not allow)."""
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(request.path, method="GET")
    except MethodNotAllowed:
        pass
    except (NotFound, HTTPException):
        return problem(404)
    else:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return problem(405, headers={"Allow": "GET, HEAD, OPTIONS"})
    return problem(404)


def init_blueprint(bp: Blueprint) -> None:
    """Every error raised under this blueprint becomes a problem document."""
    bp.register_error_handler(ValidationError, lambda e: from_validation_error(e, {}))
    bp.register_error_handler(PortalError, from_portal_error)
    bp.register_error_handler(InternalServerError, _internal_error)
    bp.register_error_handler(HTTPException, from_http_exception)
