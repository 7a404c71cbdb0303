"""Read-only queries of the provider pages: the directory's search and one provider's money.

Every total is a SQL SUM over integer fen; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.orm import Session, joinedload

from disclosures.models import Contract, OfficeProvider, Provider, ProviderKind, ReceptionRecord
from disclosures.queries import PAGE_SIZE, sum_int
from portal.models import Government, Office


@dataclass(frozen=True)
class ProviderSearch:
    """What a visitor asked the provider directory for. Empty strings mean "any"."""

    q: str = ""
    kind: ProviderKind | None = None
    city: str = ""
    province: str = ""
    page: int = 1

    def args(self, **changes: Any) -> dict[str, str]:
        values = {
            "q": self.q,
            "kind": self.kind.value if self.kind else "",
            "city": self.city,
            "province": self.province,
            "page": str(self.page) if self.page > 1 else "",
        }
        values.update({key: str(value) for key, value in changes.items()})
        return {key: value for key, value in values.items() if value and value != "1"}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def provider_search(db: Session, search: ProviderSearch) -> tuple[list[dict[str, Any]], int]:
    """One page of providers matching the search, with their totals, and the number matching.

    Name matches anywhere in the Chinese or English name (case-insensitive); a code matches by
    prefix; a city anywhere in the published city or in the English name the registry gives it
    (a province's capital: "Shijiazhuang" finds 石家庄市), whatever the page's language. Each
    row: the provider, how many offices list it or contract with it, and the total of its
    contracts in fen (SQL sums). Two queries.
    """
    conditions = []
    if search.q:
        pattern = f"%{_escape_like(search.q)}%"
        conditions.append(
            or_(
                Provider.name_zh.ilike(pattern, escape="\\"),
                Provider.name_en.ilike(pattern, escape="\\"),
                Provider.uscc.like(f"{_escape_like(search.q.upper())}%", escape="\\"),
            )
        )
    if search.kind:
        conditions.append(Provider.kind == search.kind)
    if search.city:
        city = f"%{_escape_like(search.city)}%"
        conditions.append(
            or_(
                Provider.city.ilike(city, escape="\\"),
                # The English name English pages show for it (disclosures/cities.py).
                and_(
                    Provider.city == Government.capital_zh,
                    Government.capital_en.ilike(city, escape="\\"),
                ),
            )
        )
    if search.province:
        conditions.append(Government.code == search.province)
    base = select(Provider.id).outerjoin(Government, Government.id == Provider.province_id)
    base = base.where(*conditions)
    total = db.scalar(select(func.count()).select_from(base.subquery())) or 0
    contracts = (
        select(
            Contract.provider_id.label("provider_id"),
            func.count(Contract.id).label("contracts"),
            func.count(distinct(Contract.office_id)).label("offices"),
            func.sum(Contract.amount_fen).label("amount"),
        )
        .group_by(Contract.provider_id)
        .subquery()
    )
    rows = db.execute(
        select(Provider, contracts.c.contracts, contracts.c.offices, contracts.c.amount)
        .options(joinedload(Provider.province))
        .outerjoin(contracts, contracts.c.provider_id == Provider.id)
        .where(Provider.id.in_(base))
        .order_by(Provider.name_sort, Provider.name_zh, Provider.uscc)
        .limit(PAGE_SIZE)
        .offset((search.page - 1) * PAGE_SIZE)
    ).all()
    return [
        {
            "provider": provider,
            "contracts": sum_int(count),
            "offices": sum_int(offices),
            "amount_fen": sum_int(amount),
        }
        for provider, count, offices, amount in rows
    ], int(total)


def provider_by_uscc(db: Session, uscc: str) -> Provider | None:
    """The provider with this code, or None."""
    return db.scalar(
        select(Provider)
        .options(joinedload(Provider.province), joinedload(Provider.owner_government))
        .where(Provider.uscc == uscc)
    )


PURCHASES = (
    ("contracts", "contract_fen", Contract, Contract.amount_fen),
    ("receptions", "reception_fen", ReceptionRecord, ReceptionRecord.total_fen),
)
"""What an office buys from a provider: the count and total keys, the table, its amount."""


def _per_office(db: Session, provider_id: int, model, amount):
    """(office, count, SQL sum of `amount`) of one provider's contracts or receptions."""
    sums = (
        select(
            model.office_id.label("office_id"),
            func.count(model.id).label("count"),
            func.sum(amount).label("amount"),
        )
        .where(model.provider_id == provider_id)
        .group_by(model.office_id)
        .subquery()
    )
    return db.execute(
        select(Office, sums.c.count, sums.c.amount).join(sums, sums.c.office_id == Office.id)
    )


def _per_year(db: Session, provider_id: int, model, amount):
    """(year, count, SQL sum of `amount`) of one provider's contracts or receptions."""
    return db.execute(
        select(model.year, func.count(model.id), func.sum(amount))
        .where(model.provider_id == provider_id)
        .group_by(model.year)
    )


def provider_money(db: Session, provider_id: int) -> dict[str, Any]:
    """Where a provider's money comes from: totals by office, by year, and every contract.

    `offices`: every office that lists the provider or contracts with it or paid it for a
    reception, with its contract count and total and its reception total (fen, SQL sums);
    `years`: contract and reception totals per year; `contracts`: the contracts, newest first;
    `total_fen`: all contracts together (a SQL sum). Seven queries.
    """
    totals = ("contracts", "contract_fen", "receptions", "reception_fen")
    by_office: dict[int, dict[str, Any]] = {}

    def office_entry(office: Office) -> dict[str, Any]:
        return by_office.setdefault(
            office.id, {"office": office, "years": set(), **dict.fromkeys(totals, 0)}
        )

    listed = db.execute(
        select(Office, OfficeProvider.year)
        .join(OfficeProvider, OfficeProvider.office_id == Office.id)
        .where(OfficeProvider.provider_id == provider_id)
    ).all()
    for office, year in listed:
        office_entry(office)["years"].add(year)
    years: dict[int, dict[str, int]] = {}
    for count_key, fen_key, model, amount in PURCHASES:
        for office, count, fen in _per_office(db, provider_id, model, amount):
            entry = office_entry(office)
            entry[count_key], entry[fen_key] = sum_int(count), sum_int(fen)
        for year, count, fen in _per_year(db, provider_id, model, amount):
            entry = years.setdefault(year, dict.fromkeys(totals, 0))
            entry[count_key], entry[fen_key] = sum_int(count), sum_int(fen)
    contracts = db.scalars(
        select(Contract)
        .options(joinedload(Contract.office))
        .where(Contract.provider_id == provider_id)
        .order_by(Contract.year.desc(), Contract.starts_on.desc(), Contract.reference)
    ).all()
    offices = sorted(by_office.values(), key=lambda e: (-e["contract_fen"], e["office"].slug))
    for entry in offices:
        entry["years"] = sorted(entry["years"])
    return {
        "offices": offices,
        "years": [dict(year=year, **values) for year, values in sorted(years.items())],
        "contracts": contracts,
        "total_fen": sum_int(
            db.scalar(
                select(func.sum(Contract.amount_fen)).where(Contract.provider_id == provider_id)
            )
        ),
    }
