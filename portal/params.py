"""Whole numbers from addresses and query strings, bounded so that none can overflow a database.

Every integer a person can type into a URL goes through here: path segments through the `int`
URL converter this module installs (an id that cannot exist is a 404, never an overflow in
SQLite's 64-bit integers or PostgreSQL's 32-bit ones), and query parameters through
`bounded_int` / `page_number` (a bad value is a 400 with a message saying what to type).
"""

from __future__ import annotations

import re

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

from portal.errors import BadQuery

MAX_ID = 2**31 - 1
"""The largest id any table can hold (PostgreSQL's INTEGER); larger ids cannot exist."""

MAX_PAGE = 10_000
"""No list in the portal has more pages; a larger page number is a mistake, not a request."""

_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII digits only: int() also accepts "²" and "٣"


class BoundedIntegerConverter(IntegerConverter):
    """Flask's `<int:…>` with a ceiling: `/approvals/99999999999999999999` is a 404."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def bounded_int(
    raw: str | None,
    *,
    field: str,
    minimum: int = 0,
    maximum: int = MAX_ID,
    default: int | None = None,
    message=None,
) -> int | None:
    """A whole number between `minimum` and `maximum`, from text a person typed.

    Empty text gives `default`. Anything else that is not ASCII digits in range raises BadQuery
    naming `field`, with `message` or a generic one stating the range.
    """
    text = (raw or "").strip()
    if not text:
        return default
    if _DIGITS.fullmatch(text) and minimum <= int(text) <= maximum:
        return int(text)
    raise BadQuery(
        message
        or _l(
            "“%(field)s” must be a whole number from %(low)d to %(high)d.",
            field=field,
            low=minimum,
            high=maximum,
        ),
        field=field,
    )


def page_number(raw: str | None = None, *, maximum: int = MAX_PAGE) -> int:
    """The `page` query parameter (or `raw`): 1 when absent, BadQuery when not 1 to `maximum`."""
    if raw is None:
        raw = request.args.get("page")
    return bounded_int(
        raw,
        field="page",
        minimum=1,
        maximum=maximum,
        default=1,
        message=_l("The page must be a number from 1 to %(max)d.", max=maximum),
    )


def int_arg(name: str, **bounds) -> int | None:
    """A bounded whole number from the query string (see bounded_int); None when absent."""
    return bounded_int(request.args.get(name), field=name, **bounds)


def init_params(app: Flask) -> None:
    """Make every `<int:…>` in every blueprint's routes bounded."""
    app.url_map.converters["int"] = BoundedIntegerConverter
