"""Cursor pagination: an opaque `cursor` names the next page of one list with one set of filters.

The cursor carries the page position and a digest of the filters (and page size) it was made
for, so a cursor reused with other filters is refused rather than silently giving a page of
another list. The lists themselves come from the owning packages' queries, which page by number.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from flask import request, url_for
from flask_babel import lazy_gettext as _l

from portal.atom import public_base
from portal.errors import BadQuery

MAX_PAGE = 10_000
IGNORED = ("cursor", "lang")


def fingerprint(args: Mapping[str, Any]) -> str:
    """A short digest of the filters and page size (everything but the cursor and language)."""
    kept = sorted((k, str(v)) for k, v in args.items() if k not in IGNORED and v not in ("", None))
    return hashlib.sha256(json.dumps(kept).encode()).hexdigest()[:12]


def encode(page: int, args: Mapping[str, Any]) -> str:
    raw = json.dumps({"p": page, "f": fingerprint(args)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None, args: Mapping[str, Any]) -> int:
    """The page a cursor names (1 without one). BadQuery on `cursor` when it is not ours."""
    if not cursor:
        return 1
    wrong = BadQuery(
        _l("This cursor is not valid for these filters: start again without a cursor."),
        field="cursor",
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        page, made_for = data["p"], data["f"]
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
        raise wrong from None
    if not isinstance(page, int) or not 1 <= page <= MAX_PAGE or made_for != fingerprint(args):
        raise wrong
    return page


def next_url(page: int, args: Mapping[str, Any]) -> str:
    """The absolute address of the page after `page` (from PUBLIC_URL, never the Host header)."""
    kept = {k: v for k, v in request.args.items() if k != "cursor"}
    kept["cursor"] = encode(page + 1, args)
    return public_base() + url_for(request.endpoint, **(request.view_args or {}), **kept)


@dataclass
class Window:
    """Which slice of a list one page is: page number (from 1) and size."""

    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def take(self, items: Iterable[Any]) -> tuple[list[Any], bool]:
        """This page of `items` (read no further than one past it) and whether more follow."""
        iterator: Iterator[Any] = iter(items)
        try:
            chunk = list(islice(iterator, self.offset, self.offset + self.size + 1))
        finally:
            # A generator reading a database cursor closes it now, not when collected.
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        return chunk[: self.size], len(chunk) > self.size
