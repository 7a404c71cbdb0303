"""One disclosure item (a budget line, a provider, a contract, …) read from a form or a file row.

Forms and imports share these readers, so a value is judged the same way wherever it is typed.
A reader turns a row (column → raw value) into a plain JSON-able item, the shape kept in a
publication's snapshot (amounts in fen, dates as ISO strings), or raises RowError naming every
column at fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from disclosures.labels import read_enum
from disclosures.models import (
    BudgetCategory,
    DisclosureKind,
    PaymentMethod,
    ProcurementMethod,
    ProviderKind,
    ServiceAudience,
)
from disclosures.money import MoneyError, parse_yuan
from disclosures.uscc import UsccError, validate_uscc
from portal.errors import PortalError

MIN_YEAR, MAX_YEAR = 2000, 2100


class FieldError(PortalError):
    """One value a person must correct; the reader does not know the column, its caller does."""


class RowError(PortalError):
    """Every problem of one row: `problems` maps each column at fault to its message.

    As a PortalError it carries the first problem (message and column); `each()` gives them all,
    one PortalError per column, for a view to put on its form fields.
    """

    def __init__(self, problems: dict[str, Any]) -> None:
        column, message = next(iter(problems.items()), (None, ""))
        super().__init__(message, column)
        self.problems = dict(problems)

    def each(self) -> list[PortalError]:
        return [PortalError(message, column) for column, message in self.problems.items()]


@dataclass(frozen=True)
class RowProblem:
    """One problem of one row of a file or draft: row number (1 = header), column, message."""

    row: int
    column: str
    message: Any

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


class ItemsRejected(PortalError):
    """Items that cannot be accepted; `problems` names each row, column and problem.

    As a PortalError it carries the first problem; a file's report lists them all.
    """

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        first = problems[0] if problems else RowProblem(0, "", "")
        super().__init__(first.message, first.column or None)
        self.problems = list(problems)


# -- value readers: raw (text, number, date from a spreadsheet) → clean value -------------------


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _given(raw: Any, required: bool) -> str | None:
    """The raw value as trimmed text, or None when it is empty and may be."""
    value = _text(raw)
    if not value and required:
        raise FieldError(_l("This value is required."))
    return value or None


def text(max_length: int, required: bool = True) -> Callable[[Any], str | None]:
    def read(raw: Any) -> str | None:
        value = _given(raw, required)
        if value is not None and len(value) > max_length:
            raise FieldError(_l("At most %(count)d characters are allowed here.", count=max_length))
        return value

    return read


def integer(minimum: int = 0, maximum: int = 100_000, required: bool = True):
    def read(raw: Any) -> int | None:
        value = _given(raw, required)
        if value is None:
            return None
        if not re.fullmatch(r"-?[0-9]+", value):
            raise FieldError(_l("“%(value)s” is not a whole number.", value=value[:40]))
        number = int(value)
        if number < minimum:
            raise FieldError(_l("The number must be at least %(minimum)d.", minimum=minimum))
        if number > maximum:
            raise FieldError(_l("The number must be at most %(maximum)d.", maximum=maximum))
        return number

    read.numeric = True  # the form asks for a numeric keyboard
    return read


def year_value(raw: Any) -> int | None:
    return integer(MIN_YEAR, MAX_YEAR, required=False)(raw)


def iso_date(raw: Any) -> str:
    """A date as "2023-05-01" (also 2023/5/1, 2023.5.1 or a spreadsheet date)."""
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    value = _text(raw)
    if not value:
        raise FieldError(_l("A date is required."))
    match = re.fullmatch(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?", value)
    if not match:
        raise FieldError(_l("“%(value)s” is not a date like 2023-05-01.", value=value[:40]))
    try:
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        raise FieldError(_l("“%(value)s” is not a date that exists.", value=value[:40])) from None


def money(required: bool = True):
    def read(raw: Any) -> int | None:
        if not required and not _text(raw):
            return None
        try:
            return parse_yuan(raw)
        except MoneyError as error:
            raise FieldError(error.message) from None

    return read


def choice(enum_cls):
    def read(raw: Any) -> str:
        value = _given(raw, required=True)
        member = read_enum(enum_cls, value)
        if member is None:
            allowed = ", ".join(str(m.value) for m in enum_cls)
            raise FieldError(
                _l("“%(value)s” is not one of: %(allowed)s.", value=value[:40], allowed=allowed)
            )
        return str(member.value)

    read.enum = enum_cls  # the form offers the members as a select
    return read


def credit_code(required: bool = True):
    def read(raw: Any) -> str | None:
        if not required and not _text(raw):
            return None
        try:
            return validate_uscc(_text(raw))
        except UsccError as error:
            raise FieldError(error.message) from None

    return read


def division_code(raw: Any) -> str | None:
    value = _text(raw)
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{6}", value):
        raise FieldError(_l("A government is given by its six-digit division code."))
    return value


# -- the columns of each kind -------------------------------------------------------------------

COLUMNS: dict[DisclosureKind, dict[str, Callable[[Any], Any]]] = {
    DisclosureKind.BUDGETS: {
        "year": year_value,
        "category": choice(BudgetCategory),
        "planned": money(),
        "actual": money(required=False),
    },
    DisclosureKind.PROVIDERS: {
        "year": year_value,
        "uscc": credit_code(),
        "name_zh": text(200),
        "name_en": text(300, required=False),
        "kind": choice(ProviderKind),
        "city": text(100),
        "services": text(300, required=False),
        "owner_government": division_code,
    },
    DisclosureKind.CONTRACTS: {
        "year": year_value,
        "reference": text(100),
        "uscc": credit_code(),
        "category": choice(BudgetCategory),
        "services": text(300, required=False),
        "amount": money(),
        "procurement_method": choice(ProcurementMethod),
        "starts_on": iso_date,
        "ends_on": iso_date,
    },
    DisclosureKind.SERVICES: {
        "year": year_value,
        "title": text(200),
        "audience": choice(ServiceAudience),
        "channel": text(300, required=False),
        "description": text(20_000, required=False),
    },
    DisclosureKind.RECEPTIONS: {
        "reference": text(100),
        "date": iso_date,
        "visiting_party": text(300),
        "purpose": text(500),
        "guests": integer(1, 10_000),
        "hosts": integer(0, 10_000),
        "nights": integer(0, 366),
        "work_meals": integer(0, 1_000),
        "accommodation": money(),
        "dining": money(),
        "vehicles": money(),
        "venues": money(),
        "other": money(),
        "provider_uscc": credit_code(required=False),
        "payment_method": choice(PaymentMethod),
        "letter_reference": text(200, required=False),
        "approval_reference": text(200, required=False),
        "standard_applied": text(200, required=False),
        "reception_list_reference": text(200, required=False),
    },
}
"""Column name → reader, in the order of a template file. Money columns are in yuan."""

REQUIRED_COLUMNS = {
    DisclosureKind.BUDGETS: ("category", "planned"),
    DisclosureKind.PROVIDERS: ("name_zh", "name_en", "uscc", "kind", "city"),
    DisclosureKind.CONTRACTS: ("reference", "uscc", "category", "amount", "starts_on", "ends_on"),
    DisclosureKind.SERVICES: ("title", "audience"),
    DisclosureKind.RECEPTIONS: ("reference", "date", "visiting_party", "guests", "hosts"),
}
"""Columns a file must have (others may be left out when every row would leave them empty)."""

ITEM_KEY = {
    DisclosureKind.BUDGETS: "category",
    DisclosureKind.PROVIDERS: "uscc",
    DisclosureKind.CONTRACTS: "reference",
    DisclosureKind.SERVICES: "title",
    DisclosureKind.RECEPTIONS: "reference",
}
"""The field that identifies an item within one publication (used for diffs and duplicates)."""

MONEY_FIELDS = {
    "planned": "planned_fen",
    "actual": "actual_fen",
    "amount": "amount_fen",
    "accommodation": "accommodation_fen",
    "dining": "dining_fen",
    "vehicles": "vehicles_fen",
    "venues": "venues_fen",
    "other": "other_fen",
}
"""Column (yuan) → item field (fen)."""

COLUMN_FIELDS = {
    **MONEY_FIELDS,
    "date": "received_on",
    "provider_uscc": "uscc",
    "owner_government": "owner_code",
}
"""Column → item field, where the names differ (files speak yuan and plain words)."""


def field_name(column: str) -> str:
    """The item field a column is stored in."""
    return COLUMN_FIELDS.get(column, column)


def read_row(
    kind: DisclosureKind, row: Mapping[str, Any], year: int | None
) -> tuple[int, dict[str, Any]]:
    """Read one row of `kind` into (year, item); `year` is the draft's year when it is fixed.

    Raises RowError with every problem of the row, each under its column.
    """
    problems: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for column, reader in COLUMNS[kind].items():
        try:
            values[column] = reader(row.get(column))
        except FieldError as error:
            problems[column] = error.message
    item_year = _item_year(kind, values, year, problems)
    if kind is DisclosureKind.CONTRACTS and not problems:
        if values["ends_on"] < values["starts_on"]:
            problems["ends_on"] = _l("The contract cannot end before it starts.")
        elif not (values["starts_on"][:4] <= str(item_year) <= values["ends_on"][:4]):
            problems["starts_on"] = _l(
                "The contract period does not cover the year %(year)d.", year=item_year
            )
    if problems:
        raise RowError(problems)
    values.pop("year", None)
    return item_year, {field_name(column): value for column, value in values.items()}


def _item_year(kind, values, year, problems) -> int:
    if kind is DisclosureKind.RECEPTIONS:
        received = values.get("date")
        if received is None:
            return year or 0
        found = int(received[:4])
        if year is not None and found != year:
            problems["date"] = _l(
                "The date %(date)s is outside the year %(year)d.", date=received, year=year
            )
        return found
    given = values.get("year")
    if given is not None and year is not None and given != year:
        problems["year"] = _l("This row is for %(found)d, not %(year)d.", found=given, year=year)
    if given is None and year is None and "year" not in problems:
        problems["year"] = _l("The year is required.")
    return given or year or 0


def item_key(kind: DisclosureKind, item: Mapping[str, Any]) -> str:
    return str(item[ITEM_KEY[kind]])
