"""The search's query string: kinds, facets, sort, date and amount ranges, page, validated into
a request. A bad value is a BadQuery naming its parameter (a 400 with a message)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l

from disclosures.money import MoneyError, parse_yuan
from portal.errors import BadQuery
from portal.params import page_number
from search.engine import SORTS, Filters
from search.labels import AMOUNT_KINDS, KIND_LABELS, SORT_LABELS

__all__ = ["FACET_PARAMS", "KIND_LABELS", "MAX_PAGE", "SORT_LABELS", "SearchRequest"]

MAX_PAGE = 50
"""Deep paging stops at 1,000 results: a person narrows with facets instead (see README)."""

FACET_PARAMS = {
    "kind": "kind",
    "host": "province",
    "est": "origin",
    "year": "year",
    "rule": "rule",
    "over": "over",
}
"""Facet field -> query-string parameter."""

RANGE_PARAMS = ("from", "to", "min", "max")
"""Date from, date to (YYYY-MM-DD, inclusive), amount minimum and maximum (yuan, inclusive)."""

_PROVINCE_CODE = re.compile(r"[1-9][0-9]0000")
_YEAR = re.compile(r"(19|20)[0-9]{2}")
_RULE = re.compile(r"R[1-9][0-9]?")
_DATE = re.compile(r"(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}")


@dataclass
class SearchRequest:
    """The validated parameters of a search. `ranges` keeps the range parameters as canonical
    text (for links); `filters` holds them as numbers."""

    q: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1
    sort: str = "relevance"
    ranges: dict[str, str] = field(default_factory=dict)

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query-string arguments for a link to this search with some changes."""
        values: dict[str, Any] = {"q": self.q, "page": self.page, "sort": self.sort}
        for name, param in FACET_PARAMS.items():
            values[param] = getattr(self.filters, name)
        values.update(self.ranges)
        values.update(changes)
        if values.get("sort") == "amount" and values.get("kind") not in (None, *AMOUNT_KINDS):
            values["sort"] = None  # a kind without amounts: the amount order no longer applies
        return {k: v for k, v in values.items() if v not in (None, "", 1, "relevance") or k == "q"}

    def export_args(self) -> dict[str, Any]:
        """The arguments of an export of this search: every filter and the sort, no page."""
        return {k: v for k, v in self.args().items() if k != "page"}


QUERY_SAFE = "!$'()*,/:;?@"
"""What werkzeug's routing leaves unescaped in a query string (werkzeug.urls)."""


def search_address(path: str, language: str | None, args: dict[str, Any]) -> str:
    """The address `url_for` writes for the search page with these arguments, the same to the
    character (their order, then `lang`, as portal.i18n's link defaults add it; werkzeug's
    encoding), without its cost per link: a results page has about a hundred (facets, pages).
    `path` is the page's own address without arguments, `language` what `kept_language()` says."""
    values = {**args}
    if language is not None and "lang" not in values:
        values["lang"] = language
    query = urlencode([(k, v) for k, v in values.items() if v is not None], safe=QUERY_SAFE)
    return f"{path}?{query}" if query else path


def _optional(args, name: str) -> str | None:
    return (args.get(name) or "").strip() or None


def _day(args, name: str) -> tuple[int | None, str | None]:
    raw = _optional(args, name)
    if raw is None:
        return None, None
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError(raw)
        value = date.fromisoformat(raw)
    except ValueError:
        raise BadQuery(
            _l("Please write the date as year-month-day, such as 2015-03-16."), field=name
        ) from None
    return value.year * 10000 + value.month * 100 + value.day, value.isoformat()


def _fen(args, name: str) -> tuple[int | None, str | None]:
    raw = _optional(args, name)
    if raw is None:
        return None, None
    try:
        fen = parse_yuan(raw, field=name)
    except MoneyError as error:
        raise BadQuery(error.message, field=name) from None
    yuan, rest = divmod(fen, 100)
    return fen, f"{yuan}.{rest:02d}" if rest else str(yuan)


def _ranges(args) -> tuple[dict[str, int | None], dict[str, str]]:
    day_from, from_text = _day(args, "from")
    day_to, to_text = _day(args, "to")
    if day_from and day_to and day_to < day_from:
        raise BadQuery(_l("The end date is before the start date."), field="to")
    amount_min, min_text = _fen(args, "min")
    amount_max, max_text = _fen(args, "max")
    if amount_min is not None and amount_max is not None and amount_max < amount_min:
        raise BadQuery(_l("The largest amount is below the smallest."), field="max")
    numbers = {
        "day_from": day_from,
        "day_to": day_to,
        "amount_min": amount_min,
        "amount_max": amount_max,
    }
    texts = {"from": from_text, "to": to_text, "min": min_text, "max": max_text}
    return numbers, {k: v for k, v in texts.items() if v is not None}


def parse_request(args) -> SearchRequest:
    """Validate the query string (the text of `q` is parsed later, by the query language).

    Raises:
        BadQuery: a parameter is malformed; `field` names it.
    """
    kind = _optional(args, "kind")
    if kind is not None and kind not in KIND_LABELS:
        raise BadQuery(_l("Unknown kind of document."), field="kind")
    provinces = {}
    for param in ("province", "origin"):
        value = _optional(args, param)
        if value is not None and not _PROVINCE_CODE.fullmatch(value):
            raise BadQuery(_l("There is no province with this code."), field=param)
        provinces[param] = value
    year = _optional(args, "year")
    if year is not None and not _YEAR.fullmatch(year):
        raise BadQuery(_l("The year must have four digits, such as 2015."), field="year")
    rule = _optional(args, "rule")
    if rule is not None and not _RULE.fullmatch(rule.upper()):
        raise BadQuery(_l("A rule is written R and its number, such as R6."), field="rule")
    over = _optional(args, "over")
    if over is not None and over != "yes":
        raise BadQuery(_l("To keep receptions over the standard, use over=yes."), field="over")
    sort = _optional(args, "sort") or "relevance"
    if sort not in SORTS:
        raise BadQuery(_l("Unknown order of results."), field="sort")
    if sort == "amount" and kind is not None and kind not in AMOUNT_KINDS:
        raise BadQuery(
            _l("Only budgets, contracts and reception records have an amount to sort by."),
            field="sort",
        )
    numbers, texts = _ranges(args)
    # "" rather than None: page_number reads the current request's args when given None.
    page = page_number(args.get("page") or "", maximum=MAX_PAGE)
    filters = Filters(
        kind=kind,
        host=provinces["province"],
        est=provinces["origin"],
        year=year,
        rule=rule.upper() if rule else None,
        over=over,
        **numbers,
    )
    return SearchRequest(
        q=(args.get("q") or "").strip(), filters=filters, page=page, sort=sort, ranges=texts
    )
