"""Bulk import of disclosures from CSV or XLSX: every row read, the whole file or nothing.

The file's rows become the draft of each year they cover (replacing it, or appended to it),
and are published at once when asked. Any problem in any row rejects the file, with a report
naming the row (as numbered in the spreadsheet, the header being row 1), the column and the
problem; nothing is written then.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from disclosures.items import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ItemsRejected,
    RowError,
    RowProblem,
    read_row,
)
from disclosures.models import DisclosureKind, Publication
from disclosures.publication import open_draft, publish_draft, replace_draft_items
from portal.models import Account, Office

MAX_ROWS = 300_000
MAX_PROBLEMS = 200
XLSX_MAGIC = b"PK\x03\x04"

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    """What an accepted file did: items per year, and the drafts or revisions it wrote."""

    kind: DisclosureKind
    rows: int
    years: dict[int, int] = field(default_factory=dict)
    publications: list[Publication] = field(default_factory=list)


def read_table(data: bytes) -> tuple[set[str], list[tuple[int, dict[str, Any]]]]:
    """The header and the rows of a CSV (UTF-8 or GB18030) or XLSX file as (row number, column → value).

    The type is told from the content, not the file name. Header names are compared without
    case and surrounding spaces. Entirely empty rows are skipped (their numbers are kept).
    Raises ItemsRejected (row 1) for a file that is neither, or has no header.
    """
    rows = _xlsx_rows(data) if data.startswith(XLSX_MAGIC) else _csv_rows(data)
    iterator = iter(rows)
    header = next(iterator, None)
    if not header or not any(_stripped(h) for h in header):
        raise ItemsRejected(
            [RowProblem(1, "", _l("The file is empty: the first row must name the columns."))]
        )
    names = [_stripped(h).lower().replace(" ", "_") for h in header]
    table = []
    for number, values in enumerate(iterator, start=2):
        if number - 1 > MAX_ROWS:
            raise ItemsRejected(
                [
                    RowProblem(
                        number, "", _l("A file may hold at most %(count)d rows.", count=MAX_ROWS)
                    )
                ]
            )
        if not any(_stripped(v) for v in values):
            continue
        table.append(
            (number, {name: value for name, value in zip(names, values, strict=False) if name})
        )
    return {name for name in names if name}, table


def _stripped(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ItemsRejected(
            [RowProblem(1, "", _l("The file is neither UTF-8 CSV nor an Excel workbook (.xlsx)."))]
        )
    if "\x00" in text:
        raise ItemsRejected(
            [RowProblem(1, "", _l("The file is neither UTF-8 CSV nor an Excel workbook (.xlsx)."))]
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


_UNREADABLE_XLSX = (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError)
"""What openpyxl raises for a damaged or hostile workbook. SyntaxError covers the XML parsers'
errors (expat's ParseError, lxml's XMLSyntaxError: an entity bomb in workbook.xml); defusedxml,
which openpyxl uses when it is installed (it is pinned), refuses any entity declaration in the
sheets and shared strings with a ValueError."""


def _xlsx_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = ItemsRejected(
        [RowProblem(1, "", _l("The workbook cannot be read; save it again as .xlsx."))]
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (*_UNREADABLE_XLSX, InvalidFileException):
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    except _UNREADABLE_XLSX:  # read-only sheets are parsed while their rows are read
        raise unreadable from None
    finally:
        workbook.close()


def check_columns(kind: DisclosureKind, header: set[str]) -> list[RowProblem]:
    """Problems with the header: required columns missing, columns nobody knows."""
    problems = []
    known = set(COLUMNS[kind])
    for name in REQUIRED_COLUMNS[kind]:
        if name not in header:
            problems.append(RowProblem(1, name, _l("The column “%(name)s” is missing.", name=name)))
    for name in sorted(header - known):
        problems.append(
            RowProblem(
                1,
                name,
                _l(
                    "Unknown column “%(name)s”. The columns are: %(known)s.",
                    name=name,
                    known=", ".join(COLUMNS[kind]),
                ),
            )
        )
    return problems


def read_items(
    kind: DisclosureKind,
    table: Sequence[tuple[int, dict[str, Any]]],
    year: int | None,
    progress: Progress | None = None,
) -> dict[int, list[tuple[int, dict[str, Any]]]]:
    """Every row read into items, grouped by year; raises ItemsRejected with every problem."""
    problems: list[RowProblem] = []
    by_year: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    total = len(table)
    for index, (number, row) in enumerate(table, start=1):
        try:
            item_year, item = read_row(kind, row, year)
        except RowError as error:
            problems.extend(
                RowProblem(number, column, message) for column, message in error.problems.items()
            )
            if len(problems) >= MAX_PROBLEMS:
                break
        else:
            by_year.setdefault(item_year, []).append((number, item))
        if progress and (index % 1000 == 0 or index == total):
            progress(index, total)
    if problems:
        raise ItemsRejected(problems[:MAX_PROBLEMS])
    return by_year


def import_file(
    db: Session,
    office: Office,
    kind: DisclosureKind | str,
    data: bytes,
    *,
    year: int | None = None,
    append: bool = False,
    publish: bool = False,
    reason: str | None = None,
    publisher: Account | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one file of `kind` for `office`: drafts (or publications) for each year in it.

    `year` fixes the year when the file has no year column (and checks it when it has one).
    Raises ItemsRejected naming every row, column and problem, or PublicationError (a correction
    published without a reason); the caller rolls back and nothing is written.
    """
    kind = DisclosureKind(kind)
    header, table = read_table(data)
    problems = check_columns(kind, header)
    if problems:
        raise ItemsRejected(problems)
    if not table:
        raise ItemsRejected([RowProblem(2, "", _l("The file has no rows below its header."))])
    by_year = read_items(kind, table, year, progress)
    result = ImportResult(kind, rows=len(table))
    problems = []
    for item_year in sorted(by_year):
        draft = open_draft(db, office, kind, item_year)
        numbered = by_year[item_year]
        if append:
            numbered = [(0, item) for item in draft.content.get("items", [])] + numbered
        try:
            replace_draft_items(db, draft, numbered)
        except ItemsRejected as rejected:
            problems.extend(rejected.problems)
            continue
        result.years[item_year] = len(by_year[item_year])
        result.publications.append(draft)
    if problems:
        raise ItemsRejected(sorted(problems, key=lambda p: (p.row, p.column)))
    if publish:
        for draft in result.publications:
            publish_draft(db, draft, publisher, reason)
    return result
