"""The one CSV writer: every CSV the portal produces goes through it.

It guards against formula injection (a cell a citizen typed as `=HYPERLINK(…)` must never run in
a supervisor's spreadsheet: cells beginning with =, +, -, @, a tab or a carriage return are
prefixed with an apostrophe, as OWASP advises), starts with a UTF-8 byte-order mark so that Excel
opens Chinese text correctly, streams in chunks so a large export never sits whole in memory, and
sets `Content-Type: text/csv; charset=utf-8` once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from flask import Response, stream_with_context

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
BOM = "\ufeff"
CHUNK_ROWS = 500
CONTENT_TYPE = "text/csv; charset=utf-8"


def safe_cell(value: Any) -> str:
    """A value as a CSV cell: dates in ISO 8601, enums by value, lists joined by ';', and text
    that a spreadsheet would run as a formula quoted with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, list | tuple):
        value = ";".join(safe_cell(item) for item in value)
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _values(row: Mapping[str, Any] | Sequence[Any], columns: Sequence[str]) -> list[str]:
    if isinstance(row, Mapping):
        return [safe_cell(row.get(column)) for column in columns]
    return [safe_cell(value) for value in row]


def csv_chunks(
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any] | Sequence[Any]],
    header: Sequence[str] | None = None,
) -> Iterator[str]:
    """The CSV text in chunks: the BOM and header row, then the rows, a few hundred at a time.

    A row is a mapping (read by `columns`) or a sequence in column order; `header` replaces the
    column names in the first row (for example with translated labels).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in (header or columns)])
    yield BOM + _drain(buffer)
    for count, row in enumerate(rows, start=1):
        writer.writerow(_values(row, columns))
        if count % CHUNK_ROWS == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate(0)
    return text


def csv_text(columns, rows, header=None) -> str:
    """The whole CSV as one string (for small exports, files and tests)."""
    return "".join(csv_chunks(columns, rows, header))


def csv_response(
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any] | Sequence[Any]],
    filename: str,
    header: Sequence[str] | None = None,
) -> Response:
    """A streamed CSV download named `filename`, with the one Content-Type.

    The rows are produced while the response streams, inside the request's context, so a query
    passed as a generator runs as the client reads.
    """
    response = Response(
        stream_with_context(csv_chunks(columns, rows, header)), content_type=CONTENT_TYPE
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
