"""The Open311 blueprint's HTTP behaviour: errors in the specification's format (JSON or XML,
after the address's suffix), reading open to any page (CORS), no CSRF token (keys instead)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from api.open311.formats import errors
from api.problems import retry_after
from portal.extensions import csrf


def _fmt() -> str:
    return "xml" if request.path.endswith(".xml") else "json"


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    headers = {"Retry-After": str(retry_after())} if status == 429 else {}
    return errors(status, HTTP_STATUS_CODES.get(status, "Error"), _fmt(), headers)


def _internal(error: InternalServerError) -> Response:
    current_app.logger.error("Open311 error on %s", request.path, exc_info=error.original_exception)
    return errors(500, HTTP_STATUS_CODES[500], _fmt())


def _cors(response: Response) -> Response:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def init_blueprint(bp: Blueprint) -> None:
    bp.register_error_handler(InternalServerError, _internal)
    bp.register_error_handler(HTTPException, _http_error)
    bp.after_request(_cors)
    csrf.exempt(bp)

    @bp.route("/open311/v2/<path:rest>", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    def unknown(rest: str):
        return errors(404, HTTP_STATUS_CODES[404], _fmt())
