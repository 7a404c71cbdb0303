"""GeoReport v2 endpoints: discovery, services and their definitions, requests (read the public
status; file through the complaints intake service with a partner key), tokens. JSON and XML."""

from __future__ import annotations

from datetime import date, datetime

from flask import request
from flask_babel import force_locale
from flask_babel import gettext as _

from api.open311 import bp
from api.open311.formats import errors, render
from api.open311.queries import RequestFilter, public_requests
from complaints.labels import CATEGORY_LABELS, OUTCOME_LABELS
from complaints.models import ComplaintCategory, ComplaintStatus
from portal.atom import public_url
from portal.clock import CHINA
from portal.database import database
from portal.errors import PortalError
from portal.i18n import current_language
from portal.names import name_in
from portal.queries import provinces

FORMATS = "<any(json, xml):fmt>"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
ATTRIBUTES = ("office", "unlisted_name", "unlisted_city", "unlisted_province", "occurred_on",
              "occurred_where")  # fmt: skip


def _label(labels: dict, member, language: str) -> str:
    with force_locale(language):
        return str(labels[member])


@bp.get(f"/open311/v2/discovery.{FORMATS}")
def discovery(fmt: str):
    document = {
        "changeset": "2026-11-30T00:00:00Z",
        "contact": _("Write to the portal's operators through the address on the data page."),
        "key_service": public_url("data.catalogue") + "#open311",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": public_url("open311.discovery", fmt=fmt).rsplit("/", 1)[0],
                "changeset": "2026-11-30T00:00:00Z",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return render(document, "discovery", fmt)


def _service(category: ComplaintCategory) -> dict:
    language = current_language()
    return {
        "service_code": category.value,
        "service_name": _label(CATEGORY_LABELS, category, language),
        "service_name_zh": _label(CATEGORY_LABELS, category, "zh"),
        "service_name_en": _label(CATEGORY_LABELS, category, "en"),
        "description": _("A complaint about a liaison office: %(category)s.",
                         category=_label(CATEGORY_LABELS, category, language)),
        "metadata": True,
        "type": "realtime",
        "keywords": "liaison office, complaint",
        "group": _("Liaison offices"),
    }  # fmt: skip


@bp.get(f"/open311/v2/services.{FORMATS}")
def services(fmt: str):
    return render([_service(c) for c in ComplaintCategory], "services", fmt)


def _attribute(code: str, datatype: str, order: int, description: str, values=None) -> dict:
    entry = {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": False,
        "datatype_description": "",
        "order": order,
        "description": description,
    }
    if values is not None:
        entry["values"] = values
    return entry


@bp.get(f"/open311/v2/services/<service_code>.{FORMATS}")
def service_definition(service_code: str, fmt: str):
    if service_code not in {c.value for c in ComplaintCategory}:
        return errors(404, _("There is no service with this code."), fmt)
    province_values = [
        {"key": p.code, "name": p.name(current_language())} for p in provinces(database.session)
    ]
    attributes = [
        _attribute("office", "string", 1, _("The office's slug, as in its address on the portal.")),
        _attribute("unlisted_name", "string", 2, _("An office not in the registry: its name.")),
        _attribute("unlisted_city", "string", 3, _("An office not in the registry: its city.")),
        _attribute("unlisted_province", "singlevaluelist", 4,
                   _("An office not in the registry: its province."), province_values),
        _attribute("occurred_on", "datetime", 5, _("When it happened (a date).")),
        _attribute("occurred_where", "string", 6, _("Where it happened.")),
    ]  # fmt: skip
    return render(
        {"service_code": service_code, "attributes": attributes}, "service_definition", fmt
    )


def _day(instant: datetime | None) -> str | None:
    """An instant as the start of its China day: a public date without the time of filing."""
    if instant is None:
        return None
    day = instant.astimezone(CHINA).date()
    return datetime.combine(day, datetime.min.time(), CHINA).isoformat()


def _public(row) -> dict:
    language = current_language()
    closed = row.status == ComplaintStatus.CLOSED
    notes = None
    if closed and row.outcome is not None:
        notes = _label(OUTCOME_LABELS, row.outcome, language)
        if row.outcome_summary:
            notes += ": " + row.outcome_summary
    return {
        "service_request_id": row.reference,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": _label(CATEGORY_LABELS, row.category, language),
        "service_code": row.category.value,
        "agency_responsible": name_in(row.handler_zh, row.handler_en, language),
        "requested_datetime": _day(row.submitted_at),
        "updated_datetime": _day(row.closed_at) if closed else None,
        "expected_datetime": datetime.combine(row.resolve_due_on, datetime.min.time(), CHINA)
        .isoformat(),
        "address": name_in(row.office_name_zh, row.office_name_en, language)
        if row.office_slug else None,
    }  # fmt: skip


def _date_arg(name: str) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        raise PortalError(
            _("“%(name)s” must be a date such as 2016-05-01.", name=name), name
        ) from None


def _filter() -> RequestFilter:
    ids = (request.args.get("service_request_id") or "").strip()
    references = tuple(r.strip() for r in ids.split(",") if r.strip())[:50]
    if not all(r.isprintable() and len(r) <= 20 for r in references):
        raise PortalError(_("There is no request with this id."), "service_request_id")
    code = (request.args.get("service_code") or "").strip()
    category = None
    if code:
        try:
            category = ComplaintCategory(code)
        except ValueError:
            raise PortalError(_("There is no service with this code."), "service_code") from None
    status = (request.args.get("status") or "").strip()
    if status not in ("", "open", "closed"):
        raise PortalError(_("“status” must be open or closed."), "status")
    return RequestFilter(references, category, _date_arg("start_date"), _date_arg("end_date"),
                         None if not status else status == "closed")  # fmt: skip


@bp.get(f"/open311/v2/requests.{FORMATS}")
def requests_list(fmt: str):
    try:
        wanted = _filter()
    except PortalError as error:
        return errors(400, error.message, fmt)
    rows = public_requests(database.session, wanted)
    return render([_public(row) for row in rows], "service_requests", fmt)


@bp.get(f"/open311/v2/requests/<service_request_id>.{FORMATS}")
def request_detail(service_request_id: str, fmt: str):
    reference = service_request_id.strip()[:20]
    rows = []
    if reference.isprintable():  # PostgreSQL refuses NUL in text: no such id, asked or not
        rows = public_requests(database.session, RequestFilter(references=(reference,)), limit=1)
    if not rows:
        return errors(404, _("There is no request with this id."), fmt)
    return render([_public(rows[0])], "service_requests", fmt)


@bp.get(f"/open311/v2/tokens/<token>.{FORMATS}")
def token(token: str, fmt: str):
    # Requests are filed at once and answered with their id: this service never issues tokens.
    return errors(
        404, _("This service answers with the request id at once; it has no tokens."), fmt
    )
