"""`<link rel="alternate">` to the JSON and Atom versions of a page, for every page that has one.

`PAGES` names, for each public page (by endpoint), its machine-readable versions: the API's
record or list (with the page's own filters, where the API takes them), the page's JSON export,
its Atom feed. `templates/api/_alternates.html`, included once in the `<head>` of base.html,
writes them. Feeds that a package's own template already links (the disclosures' feed on the
disclosure pages, the inspections' feed on /inspections/) are not repeated here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from api.spec import OPERATIONS
from portal.i18n import current_language

JSON = "application/json"
ATOM = "application/atom+xml"
NEVER_KEPT = frozenset({"limit", "cursor", "lang", "page"})
"""Query parameters of a page that never pass to its alternate (paging and language)."""


@dataclass(frozen=True)
class Alternate:
    """One machine-readable version of a page."""

    endpoint: str
    media_type: str
    title: Any
    path: dict[str, str] = field(default_factory=dict)
    """The alternate's path values, by name, from the page's path values (by name)."""
    filters: str = "none"
    """Which of the page's query parameters pass on: "none", "declared" (those the API
    operation declares) or "all" (the page's JSON twin reads the same query string)."""


def _api(endpoint: str, title: Any, path: dict[str, str] | None = None) -> Alternate:
    return Alternate(endpoint, JSON, title, path or {}, "declared")


OFFICE = {"slug": "slug"}
PAGES: dict[str, tuple[Alternate, ...]] = {
    "portal.home": (
        Alternate("disclosures.feed", ATOM, _l("Disclosures and corrections (Atom feed)")),
        Alternate("oversight.inspections_feed", ATOM, _l("Inspections (Atom feed)")),
    ),
    "portal.office_directory": (
        _api("api.offices", _l("Liaison offices (JSON API)")),
        Alternate("portal.export_json", JSON, _l("Liaison offices (JSON export)")),
    ),
    "portal.office": (
        _api("api.office", _l("This office (JSON API)"), OFFICE),
        Alternate("oversight.office_feed", ATOM, _l("This office's news (Atom feed)"), OFFICE),
    ),
    "portal.government": (
        _api("api.government", _l("This government (JSON API)"), {"code": "code"}),
    ),
    "disclosures.office_disclosures": (
        _api("api.office", _l("This office (JSON API)"), OFFICE),
        Alternate("oversight.office_feed", ATOM, _l("This office's news (Atom feed)"), OFFICE),
    ),
    "disclosures.providers": (_api("api.providers", _l("Service providers (JSON API)")),),
    "disclosures.provider": (
        _api("api.provider", _l("This provider (JSON API)"), {"uscc": "uscc"}),
    ),
    "oversight.approvals": (
        _api("api.approvals", _l("Applications for approval (JSON API)")),
        Alternate("oversight.approvals_json", JSON, _l("Applications for approval (JSON export)")),
    ),
    "oversight.approval": (
        _api(
            "api.approval", _l("This application (JSON API)"), {"application_id": "application_id"}
        ),
    ),
    "oversight.inspections": (
        _api("api.inspections", _l("Published inspections (JSON API)")),
        Alternate("oversight.inspections_json", JSON, _l("Published inspections (JSON export)")),
    ),
    "oversight.inspection": (
        _api(
            "api.inspection", _l("This inspection (JSON API)"), {"inspection_id": "inspection_id"}
        ),
    ),
    "oversight.reports": (_api("api.reports", _l("Reporting rounds (JSON API)")),),
    "oversight.province_report": (
        _api(
            "api.province_report",
            _l("This report (JSON API)"),
            {"round_code": "code", "province_code": "province_code"},
        ),
    ),  # fmt: skip
    "oversight.summary": (
        _api("api.summary", _l("The national summary (JSON API)")),
        Alternate("oversight.summary_as_json", JSON, _l("The national summary (JSON)")),
    ),
    "complaints.stats": (_api("api.complaint_statistics", _l("Complaint statistics (JSON API)")),),
    "complaints.contact": (
        _api("api.governments", _l("Governments that handle complaints (JSON API)")),
    ),
    "search.search_page": (
        Alternate("search.search_json", JSON, _l("These results (JSON)"), filters="all"),
    ),
}


def _declared(endpoint: str) -> frozenset[str]:
    for op in OPERATIONS:
        if op.endpoint == endpoint and op.params is not None:
            return frozenset(op.params().fields) - NEVER_KEPT
    return frozenset()


def _query(alternate: Alternate) -> dict[str, str]:
    if alternate.filters == "none":
        return {}
    kept = _declared(alternate.endpoint) if alternate.filters == "declared" else None
    values = {
        key: value
        for key, value in request.args.items()
        if value and key not in NEVER_KEPT and (kept is None or key in kept)
    }
    if alternate.filters == "declared":
        values["lang"] = current_language()
    return values


def alternate_links() -> list[dict[str, str]]:
    """The current page's alternates: media type, address and title (none for other pages)."""
    alternates = PAGES.get(request.endpoint or "", ())
    if not alternates:
        return []
    page_values = request.view_args or {}
    links = []
    for alternate in alternates:
        if alternate.endpoint not in current_app.view_functions:
            continue  # the package that serves it is not in this app
        try:
            path = {name: page_values[source] for name, source in alternate.path.items()}
            href = url_for(alternate.endpoint, **path, **_query(alternate))
        except (KeyError, BuildError):
            continue
        links.append({"type": alternate.media_type, "href": href, "title": str(alternate.title)})
    return links


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"alternate_links": alternate_links})
