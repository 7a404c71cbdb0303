"""Error pages in the page's language, never a traceback; JSON errors for JSON clients."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError


class BadQuery(Exception):
    """A query parameter a person can correct; the message says how."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


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
