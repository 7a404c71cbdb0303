"""The registry in the API: offices (with findings), governments (with complaint channels), the
rules and the findings. Each view calls the query its page calls."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import abort, request, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from api import bp
from api.params import ListParams, Params, choice_param, province_param, text_param
from api.queries import stored_findings
from api.schemas.common import FindingSchema, described
from api.schemas.registry import (
    GovernmentDetailSchema,
    GovernmentSchema,
    OfficeDetailSchema,
    OfficeSchema,
    RuleSchema,
)
from api.spec import Result, operation
from complaints.queries import supervising_governments
from disclosures.queries import disclosure_years
from portal.atom import public_base, public_url
from portal.clock import today_in_china
from portal.database import database
from portal.directory import parse_directory_query
from portal.findings import findings_of_office
from portal.i18n import current_language
from portal.labels import ORDER_LABELS, SORT_LABELS
from portal.models import Government, GovernmentLevel, Office, OfficeKind, OfficeStatus
from portal.queries import (
    children_of,
    directory_page,
    load_government,
    load_office,
    offices_established_by,
    offices_hosted_in,
    provinces,
)
from portal.rule_texts import RULES

TAG = "Registry"
HOSTED_LIMIT = 50


class OfficeParams(ListParams):
    host = province_param("Hosted in this province's capital (its 6-digit code).")
    origin = province_param("Set up by this province or a government below it.")
    level = choice_param([m.value for m in GovernmentLevel], "Level of the founding government.")
    status = choice_param([m.value for m in OfficeStatus], "The office's status.")
    kind = choice_param([m.value for m in OfficeKind], "standing or special_mission.")
    findings = choice_param(["yes", "no"], "Only offices with (yes) or without (no) findings.")
    q = text_param("Part of the office's name (Chinese or English) or slug.")
    sort = choice_param(list(SORT_LABELS), "Sort by name (default), host, status, established.")
    order = choice_param(list(ORDER_LABELS), "asc (default) or desc.")


def _office_record(office: Office, findings: list) -> dict[str, Any]:
    return {
        **{column: getattr(office, column) for column in OFFICE_COLUMNS},
        "establishing_government": office.establishing_government,
        "host_province": office.host_province,
        "approving_government": office.approving_government,
        "findings": [finding.as_dict() for finding in findings],
        "url": public_url("portal.office", slug=office.slug),
    }


OFFICE_COLUMNS = (
    "slug", "name_zh", "name_en", "status", "kind", "mission_ends_on", "department_zh",
    "department_en", "approved_on", "approval_reference", "established_on", "closed_on",
    "address", "phone", "email",
)  # fmt: skip


@operation(
    bp,
    "/api/v1/offices",
    summary=_l("Liaison offices"),
    tag=TAG,
    response=OfficeSchema,
    params=OfficeParams,
    many=True,
)
def offices(args: dict, **_):
    """The office directory with the directory page's filters and sort orders; each office
    with the findings of every rule."""
    db = database.session
    codes = {province.code for province in provinces(db)}
    # The directory's own parser reads the raw query string (validated in shape above).
    query = parse_directory_query(request.args, codes, paged=False)
    window = args["window"]
    page = directory_page(
        db, replace(query, page=window.page), current_language(), today_in_china(), window.size
    )
    records = [_office_record(o, page.findings.get(o.slug, [])) for o in page.offices]
    return Result(records, has_next=window.page < page.pages)


@operation(
    bp,
    "/api/v1/offices/<slug>",
    summary=_l("One liaison office"),
    tag=TAG,
    response=OfficeDetailSchema,
    params=Params,
    errors=(404,),
)
def office(args: dict, slug: str):
    """An office's facts, functions and findings (from the findings table, like its page), and
    the addresses of its records."""
    db = database.session
    found = load_office(db, slug) if slug.isprintable() and len(slug) <= 120 else None
    if found is None:
        abort(404)
    record = _office_record(found, findings_of_office(db, found))
    base = public_base()
    record.update(
        functions=found.function_codes,
        disclosure_years=disclosure_years(db, found.id),
        supervising_government=found.establishing_government.parent,
        links={
            kind: base + url_for(f"api.{kind}", office=found.slug)
            for kind in ("budgets", "provider_listings", "contracts", "services", "receptions")
        }
        | {"inspections": base + url_for("api.office_inspection_list", slug=found.slug)},
    )
    return Result(record)


class GovernmentParams(Params):
    province = province_param("This province and the prefectures under it.")
    q = text_param("Part of the government's name.")


def _government_record(government: Government) -> dict[str, Any]:
    return {
        "code": government.code,
        "name_zh": government.name_zh,
        "name_en": government.name_en,
        "level": government.level,
        "autonomous": bool(government.autonomous),
        "capital_zh": government.capital_zh,
        "capital_en": government.capital_en,
        "complaint_channels": government,
        "url": public_url("portal.government", code=government.code),
    }


@operation(
    bp,
    "/api/v1/governments",
    summary=_l("Governments that handle complaints"),
    tag=TAG,
    many=True,
    paged=False,
    response=GovernmentSchema,
    params=GovernmentParams,
)
def governments(args: dict, **_):
    """The governments that supervise offices and take complaints, with their channels: the
    filters of the contact page (at most 200; without filters, the national and provincial)."""
    rows = supervising_governments(database.session, args.get("province"), args.get("q"))
    return Result([_government_record(g) for g in rows])


@operation(
    bp,
    "/api/v1/governments/<code>",
    summary=_l("One government"),
    tag=TAG,
    response=GovernmentDetailSchema,
    params=Params,
    errors=(404,),
)
def government(args: dict, code: str):
    """A government with its complaint channels, the governments below it and its offices."""
    db = database.session
    found = load_government(db, code) if code.isdigit() and len(code) == 6 else None
    if found is None:
        abort(404)
    hosted, hosted_total = [], 0
    if found.level is GovernmentLevel.PROVINCIAL:
        hosted, hosted_total = offices_hosted_in(db, found, HOSTED_LIMIT)
    record = _government_record(found)
    record.update(
        parent=found.parent,
        children=children_of(db, found),
        offices_established=offices_established_by(db, found),
        offices_hosted=hosted,
        offices_hosted_total=hosted_total,
    )
    return Result(record)


@operation(
    bp,
    "/api/v1/rules",
    summary=_l("The circular's rules"),
    tag=TAG,
    many=True,
    paged=False,
    response=RuleSchema,
    params=Params,
    errors=(400,),
)
def rules(args: dict, **_):
    """Every rule the portal checks, with its title, explanation and quote, in both languages."""
    return Result(sorted(RULES.values(), key=lambda r: (len(r.code), r.code)))


@operation(
    bp,
    "/api/v1/rules/<rule_code>",
    summary=_l("One rule"),
    tag=TAG,
    response=RuleSchema,
    params=Params,
    errors=(404,),
)
def rule(args: dict, rule_code: str):
    """One rule of the circular."""
    found = RULES.get(rule_code)
    if found is None:
        abort(404)
    return Result(found)


class FindingParams(ListParams):
    rule = fields.String(
        metadata=described("Only this rule's findings (R1 … R13).", pattern="^R[0-9]{1,2}$")
    )
    severity = choice_param(["info", "warning", "violation"], "Only findings of this severity.")
    office = text_param("Only this office's findings (its slug).", max_length=120)


@operation(
    bp,
    "/api/v1/findings",
    summary=_l("Findings"),
    tag=TAG,
    response=FindingSchema,
    params=FindingParams,
    many=True,
)
def findings(args: dict, **_):
    """Every finding over the whole registry, by rule then office, as the findings table holds
    them (kept current by the portal after every change; the same rows the pages show)."""
    window = args["window"]
    found, more = stored_findings(
        database.session,
        rule=args.get("rule"),
        severity=args.get("severity"),
        office_slug=args.get("office"),
        offset=window.offset,
        limit=window.size,
    )
    return Result([finding.as_dict() for finding in found], has_next=more)
