"""The search's query string: kinds and facets a person may ask for, validated into a request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.errors import BadQuery
from portal.params import page_number
from search.engine import Filters

MAX_PAGE = 50
"""Deep paging stops at 1,000 results: a person narrows with facets instead (see README)."""

KIND_LABELS = {
    "office": _l("Offices"),
    "government": _l("Governments"),
    "budget": _l("Budgets"),
    "provider": _l("Service providers"),
    "contract": _l("Contracts"),
    "service": _l("Service listings"),
    "reception": _l("Reception records"),
    "inspection": _l("Inspections"),
}
FACET_PARAMS = {"kind": "kind", "host": "province", "est": "origin", "year": "year"}
"""Facet field -> query-string parameter."""

_PROVINCE_CODE = re.compile(r"[1-9][0-9]0000")
_YEAR = re.compile(r"(19|20)[0-9]{2}")


@dataclass
class SearchRequest:
    """The validated parameters of a search."""

    q: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query-string arguments for a link to this search with some changes."""
        values = {"q": self.q, "page": self.page}
        for name, param in FACET_PARAMS.items():
            values[param] = getattr(self.filters, name)
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", 1) or k == "q"}


def _optional(args, name: str) -> str | None:
    return (args.get(name) or "").strip() or None


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
    # "" rather than None: page_number reads the current request's args when given None.
    page = page_number(args.get("page") or "", maximum=MAX_PAGE)
    filters = Filters(kind=kind, host=provinces["province"], est=provinces["origin"], year=year)
    return SearchRequest(q=(args.get("q") or "").strip(), filters=filters, page=page)
