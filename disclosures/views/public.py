"""Public disclosure pages: an office's disclosures by year, providers, latest publications, exports."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Response, abort, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from disclosures import bp, queries
from disclosures import exports as export_module
from disclosures.feeds import Feed, atom_feed, publication_entry, tag_uri
from disclosures.labels import KIND_LABELS, PROVIDER_KIND_LABELS, label
from disclosures.models import DisclosureKind, ProviderKind
from disclosures.ocds import has_contracts, stream_release_package
from disclosures.office_section import (
    budget_chart,
    disclosure_years,
    office_section,
    office_year,
    over_standard,
)
from disclosures.revisions import history_with_diffs
from portal.database import database
from portal.errors import BadQuery, render_error
from portal.i18n import current_language
from portal.models import Government, GovernmentLevel, Office

MAX_TEXT = 100
MAX_PAGE = 100_000
FEED_SIZE = 50
USCC_SHAPE = re.compile(r"[0-9A-Z]{18}")
FIELD_LABELS = {
    "category": _l("Category"),
    "planned_fen": _l("Planned"),
    "actual_fen": _l("Actual"),
    "uscc": _l("Unified social credit code"),
    "name_zh": _l("Chinese name"),
    "name_en": _l("English name"),
    "kind": _l("Kind"),
    "city": _l("City"),
    "services": _l("Services"),
    "owner_code": _l("Owning government"),
    "reference": _l("Reference number"),
    "amount_fen": _l("Amount"),
    "procurement_method": _l("Procurement method"),
    "starts_on": _l("Starts on"),
    "ends_on": _l("Ends on"),
    "title": _l("Title"),
    "audience": _l("Audience"),
    "channel": _l("Channel"),
    "description": _l("Description"),
    "received_on": _l("Date"),
    "visiting_party": _l("Visiting party"),
    "purpose": _l("Purpose"),
    "guests": _l("Guests"),
    "hosts": _l("Hosts"),
    "nights": _l("Nights"),
    "work_meals": _l("Work meals"),
    "accommodation_fen": _l("Accommodation"),
    "dining_fen": _l("Dining"),
    "vehicles_fen": _l("Vehicles"),
    "venues_fen": _l("Venues"),
    "other_fen": _l("Other costs"),
    "payment_method": _l("Payment"),
    "letter_reference": _l("Official letter reference"),
    "approval_reference": _l("Approval reference"),
    "standard_applied": _l("Standard applied"),
    "reception_list_reference": _l("Reception list reference"),
}
"""What a person reads for each field of a snapshot item, in the history's differences."""


@bp.record_once
def _register(state) -> None:
    """Put the disclosures section on the office page and the two links in the navigation."""
    registry = state.app.extensions.get("portal_registry")
    if registry is None:
        return
    registry.add_office_section(office_section)
    registry.add_nav_item(30, "disclosures.latest", _l("Disclosures"))
    registry.add_nav_item(31, "disclosures.providers", _l("Providers"))


def _office_or_404(slug: str) -> Office:
    db = database.session
    if not export_module.printable(slug):
        abort(404)
    office = db.scalar(select(Office).where(Office.slug == slug[:120]))
    if office is None:
        abort(404)
    return office


def _page(raw: str | None) -> int:
    raw = (raw or "").strip()
    if not raw:
        return 1
    if not re.fullmatch(r"[0-9]{1,6}", raw) or not 1 <= int(raw) <= MAX_PAGE:
        raise BadQuery(_("The page number must be a whole number of 1 or more."), field="page")
    return int(raw)


def _common() -> dict:
    return {"label": label, "lang": current_language()}


@bp.get("/offices/<slug>/disclosures")
def office_disclosures(slug: str):
    db = database.session
    office = _office_or_404(slug)
    years = disclosure_years(db, office.id)
    year = export_module.parse_year(request.args.get("year"))
    if year is None and years:
        year = years[0]
    data = office_year(db, office.id, year) if year in years else None
    flags = over_standard(db, office, data["receptions"]) if data else {}
    chart = budget_chart(data["budget"], year, "budget-chart") if data and data["budget"] else None
    return render_template(
        "disclosures/public/office.html",
        office=office,
        years=years,
        year=year,
        data=data,
        flags=flags,
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


def _provider_search() -> queries.ProviderSearch:
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
    return queries.ProviderSearch(q, kind, city, province, _page(args.get("page")))


@bp.get("/providers/")
def providers():
    db = database.session
    search = _provider_search()
    rows, total = queries.provider_search(db, search)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    if search.page > pages:
        abort(404)
    provinces = db.scalars(
        select(Government)
        .where(Government.level == GovernmentLevel.PROVINCIAL)
        .order_by(Government.code)
    ).all()
    return render_template(
        "disclosures/public/providers.html",
        search=search,
        rows=rows,
        total=total,
        pages=pages,
        provinces=provinces,
        provider_kinds=PROVIDER_KIND_LABELS,
        **_common(),
    )


@bp.get("/providers/<uscc>")
def provider(uscc: str):
    db = database.session
    code = uscc.strip().upper()
    if not USCC_SHAPE.fullmatch(code):
        abort(404)
    found = queries.provider_by_uscc(db, code)
    if found is None:
        abort(404)
    return render_template(
        "disclosures/public/provider.html",
        provider=found,
        money=queries.provider_money(db, found.id),
        **_common(),
    )


@bp.get("/disclosures/")
def latest():
    db = database.session
    page = _page(request.args.get("page"))
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
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    name = f"disclosures-{kind}-{stamp}.{fmt}"
    if fmt == "csv":
        body = export_module.stream_csv(columns, records)
        mimetype = "text/csv; charset=utf-8"
    else:
        body = export_module.stream_json(columns, records)
        mimetype = "application/json; charset=utf-8"
    return Response(
        stream_with_context(body),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/disclosures/export/contracts.ocds.json")
def export_ocds():
    db = database.session
    filters = export_module.parse_export_filter(db, request.args)
    if not has_contracts(db, filters):
        return render_error(404, _("No published contract matches these filters."))
    base_url = request.host_url.rstrip("/")
    body = stream_release_package(
        db, filters, base_url, request.url, _("Liaison Office Transparency Portal")
    )
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    return Response(
        stream_with_context(body),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="contracts-ocds-{stamp}.json"'},
    )


@bp.get("/feeds/disclosures.atom")
def feed():
    db = database.session
    language = current_language()
    authority = request.host.split(":")[0] or "localhost"
    entries = [
        publication_entry(
            publication,
            authority,
            url_for(
                "disclosures.disclosure_history",
                slug=publication.office.slug,
                kind=publication.kind.value,
                year=publication.year,
                lang=language,
                _external=True,
            ),
            language,
        )
        for publication in queries.latest_publications(db, limit=FEED_SIZE)
    ]
    document = Feed(
        id=tag_uri(authority, 2015, "disclosures"),
        title=_("Liaison office disclosures and corrections"),
        self_url=url_for("disclosures.feed", lang=language, _external=True),
        page_url=url_for("disclosures.latest", lang=language, _external=True),
        language="en" if language == "en" else "zh-CN",
        author=_("Liaison Office Transparency Portal"),
    )
    body = atom_feed(document, entries, fallback_updated=datetime(2015, 3, 16, tzinfo=UTC))
    return Response(body, mimetype="application/atom+xml")
