"""The API's description: the OpenAPI 3.1 document (generated from the operations' schemas), the
human page at /api/ with examples, and problem answers for addresses the API does not have."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l

from api import bp
from api.http import public_json
from api.problems import not_found
from api.spec import OPERATIONS, openapi_document
from portal.atom import public_base

TAG_LABELS = {
    "Registry": _l("Registry"),
    "Disclosures": _l("Disclosures"),
    "Oversight": _l("Oversight"),
    "Complaints": _l("Complaints"),
    "Search": _l("Search"),
}


def cached_document() -> dict[str, Any]:
    """The OpenAPI document, built once per app (the operations do not change while it runs)."""
    document = current_app.extensions.get("api_openapi")
    if document is None:
        document = openapi_document(public_base())
        current_app.extensions["api_openapi"] = document
    return document


@bp.get("/api/v1/openapi.json")
def openapi():
    return public_json(cached_document())


@bp.get("/api/")
def index():
    document = cached_document()
    return render_template(
        "api/index.html",
        document=document,
        operations=sorted(OPERATIONS, key=lambda op: (op.tag, op.rule)),
        base=public_base(),
        tag_labels=TAG_LABELS,
    )


@bp.route(
    "/api/v1/<path:rest>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
)
def unknown(rest: str):
    return not_found(rest)
