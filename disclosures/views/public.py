"""Public disclosure pages: an office's disclosures by year, providers, latest publications,
the exports (CSV, JSON, OCDS) and the Atom feed."""

from __future__ import annotations

import re

from flask import Response, abort, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from disclosures import bp, provider_queries, queries
from disclosures import exports as export_module
from disclosures.feeds import disclosures_feed, publication_entry
from disclosures.labels import FIELD_LABELS, KIND_LABELS, PROVIDER_KIND_LABELS, label
from disclosures.models import DisclosureKind, ProviderKind, Publication, PublicationStatus
from disclosures.ocds import has_contracts, stream_release_package
from disclosures.office_section import budget_chart, office_section, over_standard
from disclosures.revisions import history_with_diffs
from disclosures.standards import checked_receptions
from portal.atom import FeedEntry, atom_response, public_base, public_url
from portal.clock import today_in_china
from portal.csv import csv_response
from portal.database import database
from portal.errors import BadQuery, render_error
from portal.i18n import current_language
from portal.models import Office
from portal.oversight.feeds import OFFICE_FEED_SOURCES
from portal.params import page_number
from portal.queries import office_by_slug_or_404, provinces

MAX_TEXT = 100
USCC_SHAPE = re.compile(r"[0-9A-Z]{18}")
JSON_TYPE = "application/json; charset=utf-8"


@bp.record_once
def _register(state) -> None:
    """Put the disclosures section on the office page and the two links in the navigation."""
    registry = state.app.extensions.get("portal_registry")
    if registry is None:
        return
    registry.add_office_section(office_section)
    state.app.extensions.setdefault(OFFICE_FEED_SOURCES, []).append(office_feed_entries)
    registry.add_nav_item(30, "disclosures.latest", _l("Disclosures"))
    registry.add_nav_item(31, "disclosures.providers", _l("Providers"))


OFFICE_FEED_SIZE = 50
"""The newest publications an office's feed carries."""


def office_feed_entries(office: Office) -> list[FeedEntry]:
    """An office's published disclosures and corrections, newest first, as entries of the
    office's Atom feed (one query)."""
    publications = database.session.scalars(
        select(Publication)
        .where(
            Publication.office_id == office.id,
            Publication.status == PublicationStatus.PUBLISHED,
        )
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .limit(OFFICE_FEED_SIZE)
    )
    language = current_language()
    return [publication_entry(publication, language) for publication in publications]


def _office_or_404(slug: str) -> Office:
    # PostgreSQL refuses a NUL in a string parameter, so a slug with a control character
    # (which no office has) is answered before it reaches the database.
    if not export_module.printable(slug):
        abort(404)
    return office_by_slug_or_404(database.session, slug)


def _stamp() -> str:
    """The date in an export's file name."""
    return today_in_china().strftime("%Y%m%d")


def _common() -> dict:
    return {"label": label, "lang": current_language()}


@bp.get("/offices/<slug>/disclosures")
def office_disclosures(slug: str):
    db = database.session
    office = _office_or_404(slug)
    years = queries.disclosure_years(db, office.id)
    year = export_module.parse_year(request.args.get("year"))
    if year is None and years:
        year = years[0]
    data = queries.office_year(db, office.id, year) if year in years else None
    flags = over_standard(db, office, data["receptions"]) if data else {}
    host, checked = (
        checked_receptions(db, office.host_province_id, data["receptions"])
        if data and data["receptions"]
        else (None, {})
    )
    chart = budget_chart(data["budget"], year, "budget-chart") if data and data["budget"] else None
    return render_template(
        "disclosures/public/office.html",
        office=office,
        years=years,
        year=year,
        data=data,
        flags=flags,
        checked=checked,
        host=host,
        chart=chart,
        kinds=list(DisclosureKind),
        kind_labels=KIND_LABELS,
        **_common(),
    )


@bp.get("/offices/<slug>/disclosures/<kind>/<int:year>/history")
def disclosure_history(slug: str, kind: str, year: int):
    db = database.session
    office = _office_or_404(slug)
    try:
        disclosure_kind = DisclosureKind(kind)
    except ValueError:
        abort(404)
    if not export_module.MIN_YEAR <= year <= export_module.MAX_YEAR:
        abort(404)
    revisions = history_with_diffs(db, office, disclosure_kind, year)
    if not revisions:
        abort(404)
    return render_template(
        "disclosures/public/history.html",
        office=office,
        kind=disclosure_kind,
        kind_label=KIND_LABELS[disclosure_kind],
        year=year,
        revisions=revisions[::-1],
        field_labels=FIELD_LABELS,
        **_common(),
    )


def _provider_search() -> provider_queries.ProviderSearch:
    args = request.args
    q = (args.get("q") or "").strip()
    city = (args.get("city") or "").strip()
    if not (export_module.printable(q) and export_module.printable(city)):
        raise BadQuery(_("The search contains characters that are not allowed."), field="q")
    if len(q) > MAX_TEXT or len(city) > MAX_TEXT:
        raise BadQuery(
            _("A search may be at most %(count)d characters long.", count=MAX_TEXT), field="q"
        )
    raw_kind = (args.get("kind") or "").strip()
    kind = None
    if raw_kind:
        try:
            kind = ProviderKind(raw_kind)
        except ValueError:
            raise BadQuery(_("Unknown kind of provider."), field="kind") from None
    province = (args.get("province") or "").strip()
    if province and not re.fullmatch(r"[0-9]{2}0000", province):
        raise BadQuery(
            _("There is no province with the code “%(code)s”.", code=province[:20]),
            field="province",
        )
    return provider_queries.ProviderSearch(q, kind, city, province, page_number())


@bp.get("/providers/")
def providers():
    db = database.session
    search = _provider_search()
    rows, total = provider_queries.provider_search(db, search)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    if search.page > pages:
        abort(404)
    return render_template(
        "disclosures/public/providers.html",
        search=search,
        rows=rows,
        total=total,
        pages=pages,
        provinces=provinces(db),
        provider_kinds=PROVIDER_KIND_LABELS,
        **_common(),
    )


@bp.get("/providers/<uscc>")
def provider(uscc: str):
    db = database.session
    code = uscc.strip().upper()
    if not USCC_SHAPE.fullmatch(code):
        abort(404)
    found = provider_queries.provider_by_uscc(db, code)
    if found is None:
        abort(404)
    return render_template(
        "disclosures/public/provider.html",
        provider=found,
        money=provider_queries.provider_money(db, found.id),
        **_common(),
    )


@bp.get("/disclosures/")
def latest():
    db = database.session
    page = page_number()
    corrections = request.args.get("corrections") == "1"
    size = queries.PAGE_SIZE
    publications = queries.latest_publications(
        db, limit=size + 1, offset=(page - 1) * size, corrections_only=corrections
    )
    return render_template(
        "disclosures/public/latest.html",
        publications=publications[:size],
        page=page,
        has_next=len(publications) > size,
        corrections=corrections,
        kind_labels=KIND_LABELS,
        export_kinds=export_module.KINDS,
        **_common(),
    )


@bp.get("/disclosures/export/<kind>.<any(csv, json):fmt>")
def export(kind: str, fmt: str):
    if kind not in export_module.KINDS:
        abort(404)
    db = database.session
    filters = export_module.parse_export_filter(db, request.args)
    columns, records = export_module.export_records(db, kind, filters)
    name = f"disclosures-{kind}-{_stamp()}.{fmt}"
    if fmt == "csv":
        return csv_response(columns, records, name)
    return Response(
        stream_with_context(export_module.stream_json(columns, records)),
        content_type=JSON_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/disclosures/export/contracts.ocds.json")
def export_ocds():
    db = database.session
    filters = export_module.parse_export_filter(db, request.args)
    if not has_contracts(db, filters):
        return render_error(404, _("No published contract matches these filters."))
    body = stream_release_package(
        db,
        filters,
        public_base(),
        public_url("disclosures.export_ocds", **request.args.to_dict()),
        _("Liaison Office Transparency Portal"),
    )
    return Response(
        stream_with_context(body),
        content_type=JSON_TYPE,
        headers={"Content-Disposition": f'attachment; filename="contracts-ocds-{_stamp()}.json"'},
    )


@bp.get("/feeds/disclosures.atom")
def feed():
    return atom_response(disclosures_feed(database.session, current_language()))
