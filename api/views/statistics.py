"""Complaint statistics and search in the API (the figures of /complaints/stats, the results of
/search). Complaints appear only as counts; search never indexes them."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from api import bp
from api.params import YEAR_MESSAGE, Params, choice_param, province_param, text_param
from api.problems import problem
from api.schemas.common import described
from api.schemas.oversight import ComplaintStatsSchema
from api.spec import Result, operation
from complaints.stats import complaint_stats, complaints_by_province
from portal.clock import today_in_china
from portal.database import database
from portal.i18n import current_language
from search.parameters import KIND_LABELS, MAX_PAGE, parse_request
from search.results import run_search
from search.runtime import get_engine
from search.store import IndexUnavailable, WriterBusy


@operation(
    bp,
    "/api/v1/complaint-statistics",
    summary=_l("Complaint statistics"),
    tag="Complaints",
    response=ComplaintStatsSchema,
    params=Params,
    errors=(400,),
)
def complaint_statistics(args: dict, **_):
    """Counts by month, category, host province (with how many were resolved in time, as the
    national summary counts them), status and outcome; medians; deadlines met."""
    db, today = database.session, today_in_china()
    stats = complaint_stats(db, today)
    in_time = complaints_by_province(db, today)
    return Result(
        {
            "total": stats.total,
            "by_month": [{"month": m, "count": n} for m, n in stats.by_month],
            "by_category": stats.by_category,
            "by_province": [
                {"province": g, "count": n, "resolved_on_time": in_time.get(g.code, (0, 0))[1]}
                for g, n in stats.by_province
            ],
            "by_status": stats.by_status,
            "by_outcome": stats.by_outcome,
            "median_days_to_acknowledge": stats.median_days_to_acknowledge,
            "median_days_to_resolve": stats.median_days_to_resolve,
            "acknowledged_on_time": dict(
                zip(("on_time", "counted"), stats.acknowledged_on_time, strict=True)
            ),
            "resolved_on_time": dict(
                zip(("on_time", "counted"), stats.resolved_on_time, strict=True)
            ),
        }
    )


class SearchParams(Params):
    q = text_param("What to look for (Chinese or English; quotes, OR and - work).", 200)
    kind = choice_param(list(KIND_LABELS), "Only this kind of document.")
    province = province_param("Only records hosted in this province.")
    origin = province_param("Only records of offices set up by this province.")
    year = fields.String(
        validate=validate.Regexp(r"^(19|20)[0-9]{2}$"),
        metadata=described("Only this year.", error=YEAR_MESSAGE),
    )
    page = fields.Integer(
        load_default=1,
        validate=validate.Range(1, MAX_PAGE),
        metadata=described(
            f"Page 1 to {MAX_PAGE} (20 results each).",
            error=_l("The page must be a number from 1 to %(max)d.", max=MAX_PAGE),
        ),
    )


class SearchResultSchema(Schema):
    kind = fields.String(metadata=described("office, government, budget, provider, contract, …"))
    title = fields.String()
    url = fields.String(metadata=described("The record's page.", format="uri"))
    snippet = fields.String(metadata=described("Text around the match (HTML: <mark> only)."))
    year = fields.String(allow_none=True)


class FacetSchema(Schema):
    value = fields.String()
    label = fields.String()
    count = fields.Integer()


class SearchSchema(Schema):
    """A page of search results with facet counts."""

    total = fields.Integer()
    page = fields.Integer()
    pages = fields.Integer()
    results = fields.List(fields.Nested(SearchResultSchema))
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetSchema)))
    notes = fields.List(fields.String(), metadata=described("How the query was read."))


@operation(
    bp,
    "/api/v1/search",
    summary=_l("Full-text search"),
    tag="Search",
    response=SearchSchema,
    params=SearchParams,
    errors=(400, 503),
)
def search(args: dict, **_):
    """The portal's search over offices, governments, disclosures and inspections (never
    complaints), in Chinese and English, with facets; paged by number like the search page."""
    search_request = parse_request(request.args)
    if not search_request.q:
        return Result({"total": 0, "page": 1, "pages": 1, "results": [], "facets": {}, "notes": []})
    try:
        outcome = run_search(database.session, get_engine(), search_request, current_language())
    except (IndexUnavailable, WriterBusy):
        return problem(503, headers={"Retry-After": "60"})
    return Result(
        {
            "total": outcome.total,
            "page": search_request.page,
            "pages": outcome.pages,
            "results": [
                {**r, "snippet": str(r["snippet"]), "year": _year(r)} for r in outcome.results
            ],
            "facets": outcome.facets,
            "notes": [str(note) for note in outcome.parsed.notes],
        }
    )


def _year(result: dict) -> str | None:
    year = result.get("year")
    return None if year in (None, "") else str(year)
