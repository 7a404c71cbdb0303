"""Public response statistics per supervising government and per office, per year (issue 16
item 14): a sortable table (sorted by query parameters, no JavaScript needed), a chart with its
table, CSV and JSON; a page per government and per office with one row per year."""

from __future__ import annotations

from flask import jsonify, render_template, request, url_for
from flask_babel import gettext as _

from complaints import bp
from complaints.performance import (
    BY_GOVERNMENT,
    BY_OFFICE,
    COLUMNS,
    Row,
    history,
    sort_rows,
    table,
    years_with_complaints,
)
from complaints.views.outcomes import government_or_404
from portal.clock import today_in_china
from portal.csv import csv_response
from portal.database import database
from portal.errors import BadQuery
from portal.i18n import current_language, localized_name
from portal.models import Government
from portal.oversight.charts import ChartRow, Series, grouped_bar_chart
from portal.params import bounded_int
from portal.queries import office_by_slug_or_404

CHART_ROWS = 15  # the chart shows the first rows of the table as sorted; the table has them all


def column_labels() -> dict[str, str]:
    """The table's headings, in the page's language (CSV headers too)."""
    return {
        "received": _("Received"),
        "acknowledged_in_time": _("Acknowledged within 15 days"),
        "acknowledged_share": _("Acknowledged within 15 days, per cent"),
        "resolved_in_time": _("Resolved by the deadline"),
        "resolved_share": _("Resolved by the deadline, per cent"),
        "median_days_to_acknowledge": _("Median days to acknowledge"),
        "median_days_to_resolve": _("Median days to resolve"),
        "upheld_share": _("Upheld, per cent of closed"),
        "overdue_now": _("Overdue now"),
    }


def _name_key(subject) -> str:
    """Names sort by their pinyin (the registry's English names are pinyin), in both languages."""
    return (getattr(subject, "name_en", None) or subject.name_zh).casefold()


def _choice(name: str, allowed, default: str) -> str:
    value = request.args.get(name, default)
    if value not in allowed:
        raise BadQuery(_("Choose one of: %(values)s.", values=", ".join(allowed)), field=name)
    return value


def _query():
    """(by, year, sort, descending) from the query string; a wrong value is a 400."""
    today = today_in_china()
    by = _choice("by", (BY_GOVERNMENT, BY_OFFICE), BY_GOVERNMENT)
    year = bounded_int(
        request.args.get("year"), field="year", minimum=2015, maximum=2100, default=today.year
    )
    sort = _choice("sort", ("name", *COLUMNS), "received")
    descending = _choice("order", ("asc", "desc"), "asc" if sort == "name" else "desc") == "desc"
    return by, year, sort, descending


def _sorted_table():
    by, year, sort, descending = _query()
    rows = table(database.session, by, year, today_in_china())
    return by, year, sort, descending, sort_rows(rows, sort, descending, _name_key)


def _render(template: str, rows: list[Row], title: str, label, **context):
    """A statistics page: its table's rows and headings, and the chart of its first rows."""
    chart = grouped_bar_chart(
        [
            ChartRow(label(row), (row.figures.received, row.figures.overdue_now))
            for row in rows[:CHART_ROWS]
        ],
        [Series(_("Received"), "bar-received"), Series(_("Overdue now"), "bar-overdue")],
        title,
        _("Bar chart; the table below gives the same numbers and more."),
        "chart-performance",
    )
    return render_template(
        template, rows=rows, labels=column_labels(), columns=COLUMNS, chart=chart, **context
    )


@bp.get("/complaints/performance")
def performance():
    by, year, sort, descending, rows = _sorted_table()
    return _render(
        "complaints/performance.html",
        rows,
        _("Complaints received and overdue now, %(year)d", year=year),
        lambda row: localized_name(row.subject),
        by=by,
        year=year,
        years=years_with_complaints(database.session, today_in_china()),
        sort=sort,
        descending=descending,
    )


def _records(rows: list[Row], by: str | None) -> list[dict]:
    language = current_language()
    records = []
    for row in rows:
        record = {"year": row.year}
        if by == BY_GOVERNMENT:
            record.update(code=row.subject.code, name=localized_name(row.subject, language))
        elif by == BY_OFFICE:
            record.update(slug=row.subject.slug, name=localized_name(row.subject, language))
        records.append(record | row.figures.as_dict())
    return records


def _csv(records: list[dict], keys: tuple[str, ...], filename: str):
    labels = column_labels()
    names = {
        "year": _("Year"),
        "code": _("Division code"),
        "slug": _("Short name in the address"),
        "name": _("Name"),
    }
    columns = [*keys, *COLUMNS]
    return csv_response(
        columns, records, filename, header=[labels.get(c) or names[c] for c in columns]
    )


@bp.get("/complaints/performance.<any(csv, json):fmt>")
def performance_data(fmt: str):
    by, year, _sort, _descending, rows = _sorted_table()
    records = _records(rows, by)
    if fmt == "json":
        return jsonify({"by": by, "year": year, "rows": records})
    keys = ("year", "code" if by == BY_GOVERNMENT else "slug", "name")
    return _csv(records, keys, f"complaint-performance-{by}-{year}.csv")


def _subject_page(subject, kind: str, key: dict):
    name = localized_name(subject)
    return _render(
        "complaints/performance_subject.html",
        history(database.session, subject, today_in_china()),
        _("Complaints received and overdue now, by year: %(name)s", name=name),
        lambda row: str(row.year),
        subject=subject,
        kind=kind,
        key=key,
    )


def _subject_data(subject, fmt: str, filename: str):
    records = _records(history(database.session, subject, today_in_china()), None)
    if fmt == "json":
        return jsonify({"name": localized_name(subject), "rows": records})
    return _csv(records, ("year",), filename)


@bp.get("/complaints/performance/government/<code>")
def government_performance(code: str):
    government = government_or_404(code)
    return _subject_page(government, "government", {"code": code})


@bp.get("/complaints/performance/government/<code>.<any(csv, json):fmt>")
def government_performance_data(code: str, fmt: str):
    government: Government = government_or_404(code)
    return _subject_data(government, fmt, f"complaint-performance-{government.code}.csv")


@bp.get("/complaints/performance/office/<slug>")
def office_performance(slug: str):
    office = office_by_slug_or_404(database.session, slug)
    return _subject_page(office, "office", {"slug": slug})


@bp.get("/complaints/performance/office/<slug>.<any(csv, json):fmt>")
def office_performance_data(slug: str, fmt: str):
    office = office_by_slug_or_404(database.session, slug)
    return _subject_data(office, fmt, f"complaint-performance-{office.slug}.csv")


def sort_link(column: str, by: str, year: int, sort: str, descending: bool) -> str:
    """The heading's link: sort by this column, or flip the order when it is the sorted one."""
    if column == sort:
        order = "asc" if descending else "desc"
    else:
        order = "asc" if column == "name" else "desc"
    return url_for("complaints.performance", by=by, year=year, sort=column, order=order)


bp.add_app_template_global(sort_link, "performance_sort_link")
