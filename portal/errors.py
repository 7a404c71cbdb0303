"""Domain errors and error pages: the one error base, putting it on a form, pages per status.

Every named domain error (`RoutingError`, `PublicationError`, …) derives from `PortalError`, which
carries a message for a person and the form field it concerns. A view shows one on its form with
`show_on_form`. An error a person cannot correct becomes an error page in the page's language,
never a traceback; JSON clients get JSON.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError


class PortalError(Exception):
    """A request the portal's rules refuse; `message` is for a person, `field` names the form
    field (or query parameter) it concerns, or None when it concerns the whole request."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class BadQuery(PortalError):
    """A query parameter a person can correct (answered with 400); the message says how."""


def show_on_form(form, error: PortalError, *, whole_form: frozenset[str] = frozenset()) -> None:
    """Put a domain error on the form field it names, or at the top of the form.

    A field named in `whole_form` (or one the form does not have) shows at the top, in the
    form's error summary: for example a hidden field that the person cannot see or correct.
    """
    field = None
    if error.field and error.field not in whole_form:
        field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*(field.errors or []), str(error)]
    else:
        form.form_errors.append(str(error))


def _wants_json() -> bool:
    return request.path.endswith(".json") or request.path.startswith("/api/")


def _titles() -> dict[int, str]:
    return {
        400: _("The request could not be understood"),
        403: _("You may not do this"),
        404: _("Page not found"),
        405: _("This action is not allowed here"),
        413: _("What you sent is too large"),
        429: _("Too many requests"),
        500: _("Something went wrong on our side"),
        503: _("Temporarily unavailable"),
    }


def _explanations() -> dict[int, str]:
    return {
        400: _("Please check what you entered and try again."),
        403: _("Your account does not allow this action."),
        404: _("There is nothing at this address. It may have been mistyped or removed."),
        405: _("Please use the page's own buttons and links."),
        413: _("Please send smaller files or less text."),
        429: _("You have made too many requests in a short time. Please wait and try again."),
        500: _("The error has been recorded. Please try again later."),
        503: _("This part of the portal is being rebuilt. Please try again in a few minutes."),
    }


def render_error(status: int, message: str | None = None):
    """The error page (or JSON body) for a status, with an optional specific message."""
    title = _titles().get(status, _("Error"))
    detail = message or _explanations().get(status, "")
    if _wants_json():
        return jsonify({"error": title, "message": detail, "status": status}), status
    return render_template("errors/error.html", status=status, title=title, detail=detail), status


def handle_http_exception(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def handle_bad_query(error: BadQuery):
    return render_error(400, error.message)


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(BadQuery, handle_bad_query)
    app.register_error_handler(InternalServerError, lambda e: render_error(500))
