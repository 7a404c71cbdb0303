"""Open data: what each kind of disclosure exports, its filters, and the JSON streamer.

The records are read in batches and streamed; CSV goes through the portal's one writer
(`portal.csv`: BOM, formula guard, one Content-Type), JSON through `stream_json` below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from disclosures.models import (
    Budget,
    BudgetLine,
    Contract,
    OfficeProvider,
    Provider,
    Publication,
    ReceptionRecord,
    ServiceListing,
)
from disclosures.money import fen_to_yuan_text
from portal.errors import BadQuery
from portal.models import Government, GovernmentLevel, Office
from portal.params import bounded_int
from portal.queries import office_by_slug

KINDS = ("budgets", "providers", "contracts", "services", "receptions")
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class ExportFilter:
    """Which records an export holds: one office, one host province, one year (each optional)."""

    office_id: int | None = None
    office_slug: str = ""
    province_id: int | None = None
    province_code: str = ""
    year: int | None = None
    provider_id: int | None = None
    provider_uscc: str = ""

    def apply(self, statement: Select, model) -> Select:
        """The statement narrowed to these filters; `model` is the table exported (joined to
        Office). Raises BadQuery when a provider is asked of a kind that names none."""
        if self.office_id is not None:
            statement = statement.where(model.office_id == self.office_id)
        if self.province_id is not None:
            statement = statement.where(Office.host_province_id == self.province_id)
        if self.year is not None:
            statement = statement.where(model.year == self.year)
        if self.provider_id is not None:
            if not hasattr(model, "provider_id"):
                raise BadQuery(
                    _("Budgets and services cannot be filtered by provider."), field="provider"
                )
            statement = statement.where(model.provider_id == self.provider_id)
        return statement

    def args(self) -> dict[str, str]:
        """The query string that asks for these filters again."""
        result = {
            "office": self.office_slug,
            "province": self.province_code,
            "provider": self.provider_uscc,
        }
        if self.year is not None:
            result["year"] = str(self.year)
        return {key: value for key, value in result.items() if value}


def parse_year(raw: str | None) -> int | None:
    """A year from a query parameter; None when empty. Raises BadQuery when malformed."""
    return bounded_int(
        raw,
        field="year",
        minimum=MIN_YEAR,
        maximum=MAX_YEAR,
        message=_("The year must be written with four digits, for example 2016."),
    )


def printable(text: str) -> bool:
    """True when the text has no control character (PostgreSQL refuses NUL in a string)."""
    return text.isprintable()


def parse_export_filter(db: Session, args: Mapping[str, str]) -> ExportFilter:
    """Read and check the export's filters: office (slug), province (6-digit code), year.

    Raises BadQuery (shown as a 400 page or JSON error) naming the parameter that is wrong:
    a malformed year, an office or a province the registry does not hold.
    """
    slug = (args.get("office") or "").strip()
    code = (args.get("province") or "").strip()
    year = parse_year(args.get("year"))
    office_id = province_id = None
    if slug:
        office = office_by_slug(db, slug) if printable(slug) else None
        office_id = office.id if office is not None else None
        if office_id is None:
            shown = "".join(ch for ch in slug[:60] if ch.isprintable())
            raise BadQuery(_("There is no office “%(slug)s”.", slug=shown), field="office")
    if code:
        if re.fullmatch(r"[0-9]{6}", code):
            province_id = db.scalar(
                select(Government.id).where(
                    Government.code == code, Government.level == GovernmentLevel.PROVINCIAL
                )
            )
        if province_id is None:
            raise BadQuery(
                _(
                    "There is no province with the code “%(code)s”.",
                    code="".join(ch for ch in code[:20] if ch.isprintable()),
                ),
                field="province",
            )
    uscc = (args.get("provider") or "").strip().upper()
    provider_id = None
    if uscc:
        if re.fullmatch(r"[0-9A-Z]{18}", uscc):
            provider_id = db.scalar(select(Provider.id).where(Provider.uscc == uscc))
        if provider_id is None:
            raise BadQuery(
                _(
                    "There is no provider with the credit code “%(code)s”.",
                    code="".join(ch for ch in uscc[:20] if ch.isprintable()),
                ),
                field="provider",
            )
    return ExportFilter(office_id, slug, province_id, code, year, provider_id, uscc)


def plain(value: Any) -> Any:
    """A value as JSON can hold it: dates ISO 8601, enums by value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def stream_json(columns: list[str], records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """A JSON list of objects (the columns, in order), written record by record."""
    yield "["
    first = True
    for record in records:
        item = {column: plain(record.get(column)) for column in columns}
        yield ("" if first else ",") + "\n" + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]\n"


# ---- what each kind exports -----------------------------------------------------------------

OFFICE_COLUMNS = ["office_slug", "office_name_zh", "office_name_en", "host_province_code", "year"]
MONEY = {
    "budgets": ["planned", "actual"],
    "contracts": ["amount"],
    "receptions": ["accommodation", "dining", "vehicles", "venues", "other", "total"],
}
"""Amounts each kind carries; each is exported twice: `<name>_fen` and `<name>_yuan`."""


def _money_columns(kind: str) -> list[str]:
    return [f"{name}_{unit}" for name in MONEY.get(kind, []) for unit in ("fen", "yuan")]


def _statement(kind: str):
    """The SELECT of one kind's published rows (explicit columns, labelled as exported)."""
    host = aliased(Government)
    office_columns = [
        Office.slug.label("office_slug"),
        Office.name_zh.label("office_name_zh"),
        Office.name_en.label("office_name_en"),
        host.code.label("host_province_code"),
    ]
    if kind == "budgets":
        model = Budget
        statement = (
            select(
                *office_columns,
                Budget.year,
                BudgetLine.category,
                BudgetLine.planned_fen.label("planned"),
                BudgetLine.actual_fen.label("actual"),
                Publication.revision,
                Publication.published_at,
            )
            .select_from(BudgetLine)
            .join(Budget, Budget.id == BudgetLine.budget_id)
            .join(Publication, Publication.id == Budget.publication_id)
        )
        order = [Budget.year, Office.slug, BudgetLine.category]
    elif kind == "providers":
        model = OfficeProvider
        owner = aliased(Government)
        statement = (
            select(
                *office_columns,
                OfficeProvider.year,
                Provider.uscc,
                Provider.name_zh.label("provider_name_zh"),
                Provider.name_en.label("provider_name_en"),
                Provider.kind.label("provider_kind"),
                Provider.city,
                OfficeProvider.services,
                owner.code.label("owner_government_code"),
            )
            .select_from(OfficeProvider)
            .join(Provider, Provider.id == OfficeProvider.provider_id)
            .outerjoin(owner, owner.id == Provider.owner_government_id)
        )
        order = [OfficeProvider.year, Office.slug, Provider.uscc]
    elif kind == "contracts":
        model = Contract
        statement = (
            select(
                *office_columns,
                Contract.year,
                Contract.reference,
                Provider.uscc.label("provider_uscc"),
                Provider.name_zh.label("provider_name_zh"),
                Provider.name_en.label("provider_name_en"),
                Contract.category,
                Contract.services,
                Contract.amount_fen.label("amount"),
                Contract.procurement_method,
                Contract.starts_on,
                Contract.ends_on,
            )
            .select_from(Contract)
            .join(Provider, Provider.id == Contract.provider_id)
        )
        order = [Contract.year, Office.slug, Contract.reference]
    elif kind == "services":
        model = ServiceListing
        statement = select(
            *office_columns,
            ServiceListing.year,
            ServiceListing.position,
            ServiceListing.title,
            ServiceListing.audience,
            ServiceListing.channel,
            ServiceListing.description,
        ).select_from(ServiceListing)
        order = [ServiceListing.year, Office.slug, ServiceListing.position, ServiceListing.title]
    else:
        model = ReceptionRecord
        r = ReceptionRecord
        statement = (
            select(
                *office_columns,
                r.year,
                r.reference,
                r.received_on,
                r.visiting_party,
                r.purpose,
                r.guests,
                r.hosts,
                r.nights,
                r.work_meals,
                r.accommodation_fen.label("accommodation"),
                r.dining_fen.label("dining"),
                r.vehicles_fen.label("vehicles"),
                r.venues_fen.label("venues"),
                r.other_fen.label("other"),
                r.total_fen.label("total"),
                Provider.uscc.label("provider_uscc"),
                r.payment_method,
                r.letter_reference,
                r.approval_reference,
                r.standard_applied,
                r.reception_list_reference,
            )
            .select_from(r)
            .outerjoin(Provider, Provider.id == r.provider_id)
        )
        order = [r.year, Office.slug, r.received_on, r.reference]
    statement = statement.join(Office, Office.id == model.office_id).join(
        host, host.id == Office.host_province_id
    )
    return statement, model, order


def export_records(
    db: Session, kind: str, filters: ExportFilter
) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """The columns of one kind's export and its records, read from the database in batches.

    Only what is published now is exported (the history is on the pages and in the feed).
    Amounts come out twice, as integer fen and as an exact yuan string.
    """
    statement, model, order = _statement(kind)
    statement = filters.apply(statement, model)
    statement = statement.order_by(*order).execution_options(yield_per=1000)
    names = [column.key for column in statement.selected_columns]
    money = set(MONEY.get(kind, []))
    columns = [name for name in names if name not in money] + _money_columns(kind)

    def records() -> Iterator[dict[str, Any]]:
        # Closed even when a reader stops early (a page of the API): on PostgreSQL the rows
        # come from a server-side cursor, which must not be left open.
        with db.execute(statement).mappings() as rows:
            for row in rows:
                record = dict(row)
                for name in money:
                    fen = record.pop(name)
                    record[f"{name}_fen"] = None if fen is None else int(fen)
                    record[f"{name}_yuan"] = None if fen is None else fen_to_yuan_text(int(fen))
                yield record

    return columns, records()
