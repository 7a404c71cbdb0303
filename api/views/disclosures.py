"""Disclosures in the API: the five kinds of published record with the exports' filters, reception
standards, and providers with their money. Each view calls the query its page or export calls."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from api import bp
from api.params import ListParams, Params, choice_param, province_param, text_param, year_param
from api.queries import last_publication_at, reception_standards
from api.schemas.common import described
from api.schemas.disclosures import (
    EXPORT_SCHEMAS,
    ProviderDetailSchema,
    ProviderSchema,
    StandardSchema,
)
from api.spec import Result, operation
from disclosures import exports, provider_queries
from disclosures.models import ProviderKind
from disclosures.queries import PAGE_SIZE
from portal.atom import public_url
from portal.database import database
from portal.params import page_number

TAG = "Disclosures"


class DisclosureParams(ListParams):
    """The filters of the disclosure exports."""

    office = text_param("Only this office (its slug).", max_length=120)
    province = province_param("Only offices hosted in this province (its 6-digit code).")
    year = year_param()


class PurchaseParams(DisclosureParams):
    provider = fields.String(
        validate=validate.Regexp(r"^[0-9A-Za-z]{18}$"),
        metadata=described(
            "Only this provider (its 18-character unified social credit code).",
            error=_l("A provider is given by its 18-character unified social credit code."),
        ),
    )


def _records(kind: str, args: dict) -> Result:
    db = database.session
    # The export's own parser reads the raw query string (validated in shape above).
    filters = exports.parse_export_filter(db, request.args)
    _columns, records = exports.export_records(db, kind, filters)
    page, more = args["window"].take(records)
    return Result(page, last_modified=last_publication_at(db), has_next=more)


def _register(kind: str, name: str, path: str, summary, params) -> None:
    def view(args: dict, **_) -> Result:
        return _records(kind, args)

    view.__name__ = name
    view.__doc__ = (
        f"Published records ({kind}): what each office publishes now (earlier revisions are on "
        "the office's history pages), with the filters of the CSV and JSON exports."
    )
    operation(
        bp, path, summary=summary, tag=TAG, response=EXPORT_SCHEMAS[kind], params=params, many=True
    )(view)


_register("budgets", "budgets", "/api/v1/budgets", _l("Reception budget lines"), DisclosureParams)
_register(
    "providers",
    "provider_listings",
    "/api/v1/provider-listings",
    _l("Providers listed by offices"),
    PurchaseParams,
)
_register("contracts", "contracts", "/api/v1/contracts", _l("Contracts"), PurchaseParams)
_register("services", "services", "/api/v1/services", _l("Service listings"), DisclosureParams)
_register("receptions", "receptions", "/api/v1/receptions", _l("Reception records"), PurchaseParams)


class StandardParams(Params):
    province = province_param("Only this province's standards.")
    year = year_param()


@operation(
    bp,
    "/api/v1/reception-standards",
    summary=_l("Reception standards"),
    tag=TAG,
    many=True,
    paged=False,
    response=StandardSchema,
    params=StandardParams,
    errors=(400,),
)
def standards(args: dict, **_):
    """The caps each province sets per year, which receptions are judged against (rule R6)."""
    rows = reception_standards(database.session, args.get("province"), args.get("year"))
    return Result(rows)


class ProviderParams(ListParams):
    q = text_param("Part of the name, or the start of the credit code.")
    kind = choice_param([k.value for k in ProviderKind], "The kind of provider.")
    city = text_param("Part of the city's name.")
    province = province_param("Registered in this province.")
    limit = fields.Integer(
        load_default=PAGE_SIZE,
        validate=validate.Equal(PAGE_SIZE),
        metadata=described(
            f"Pages of providers hold {PAGE_SIZE} (the directory's page).",
            error=_l("Pages of providers hold %(count)d.", count=PAGE_SIZE),
        ),
    )


def _provider_record(row: dict[str, Any]) -> dict[str, Any]:
    provider = row["provider"]
    return {
        **row,
        "province_code": provider.province.code if provider.province else None,
        "url": public_url("disclosures.provider", uscc=provider.uscc),
    }


@operation(
    bp,
    "/api/v1/providers",
    summary=_l("Service providers"),
    tag=TAG,
    response=ProviderSchema,
    params=ProviderParams,
    many=True,
)
def providers(args: dict, **_):
    """The provider directory with its filters: each company with its contract totals."""
    window = args["window"]
    search = provider_queries.ProviderSearch(
        args.get("q", "").strip(),
        ProviderKind(args["kind"]) if args.get("kind") else None,
        args.get("city", "").strip(),
        args.get("province", ""),
        page_number(str(window.page)),
    )
    rows, total = provider_queries.provider_search(database.session, search)
    return Result([_provider_record(r) for r in rows], has_next=window.page * PAGE_SIZE < total)


@operation(
    bp,
    "/api/v1/providers/<uscc>",
    summary=_l("One service provider"),
    tag=TAG,
    response=ProviderDetailSchema,
    params=Params,
    errors=(404,),
)
def provider(args: dict, uscc: str):
    """A provider and where its money comes from: by office, by year, every contract."""
    db = database.session
    code = uscc.upper()
    wellformed = len(code) == 18 and code.isascii() and code.isalnum()  # never NUL to PostgreSQL
    found = provider_queries.provider_by_uscc(db, code) if wellformed else None
    if found is None:
        abort(404)
    money = provider_queries.provider_money(db, found.id)
    record = _provider_record(
        {
            "provider": found,
            "contracts": len(money["contracts"]),
            "offices": len({c.office_id for c in money["contracts"]}),
            "amount_fen": money["total_fen"],
        }
    )
    record.update(
        owner_government_code=found.owner_government.code if found.owner_government else None,
        by_office=money["offices"],
        by_year=money["years"],
        contract_list=money["contracts"],
    )
    return Result(record)
