"""Turning a publication's items into the current rows of its kind (and checking references).

The current tables hold exactly what is published now; publishing a revision deletes the rows of
that office, kind and year and inserts the revision's items in bulk. The demo data uses the same
row builders, so both paths write the same shapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from disclosures.items import RowProblem
from disclosures.models import (
    DISCLOSURE_MODELS,
    Budget,
    BudgetLine,
    DisclosureKind,
    Provider,
    Publication,
)
from disclosures.uscc import province_code
from portal.clock import utcnow
from portal.models import Government

RECEPTION_FIELDS = (
    "reference",
    "visiting_party",
    "purpose",
    "guests",
    "hosts",
    "nights",
    "work_meals",
    "accommodation_fen",
    "dining_fen",
    "vehicles_fen",
    "venues_fen",
    "other_fen",
    "payment_method",
    "letter_reference",
    "approval_reference",
    "standard_applied",
    "reception_list_reference",
)


def referenced_problems(
    db: Session, kind: DisclosureKind, numbered_items: Sequence[tuple[int, dict]]
) -> list[RowProblem]:
    """Rows naming a provider or a government that does not exist (one query per kind of name)."""
    if kind in (DisclosureKind.CONTRACTS, DisclosureKind.RECEPTIONS):
        return _unknown_names(
            numbered_items,
            "uscc",
            "uscc" if kind is DisclosureKind.CONTRACTS else "provider_uscc",
            provider_ids(db, _named(numbered_items, "uscc")),
            lambda code: _l(
                "No provider has the credit code %(code)s: publish it on the list of service providers first.",
                code=code,
            ),
        )
    if kind is DisclosureKind.PROVIDERS:
        return _unknown_names(
            numbered_items,
            "owner_code",
            "owner_government",
            government_ids(db, _named(numbered_items, "owner_code")),
            lambda code: _l("No government has the division code %(code)s.", code=code),
        )
    return []


def _named(numbered_items: Sequence[tuple[int, dict]], key: str) -> set[str]:
    return {item[key] for _row, item in numbered_items if item.get(key)}


def _unknown_names(
    numbered_items: Sequence[tuple[int, dict]],
    key: str,
    column: str,
    known: Mapping[str, int],
    message: Callable[[str], Any],
) -> list[RowProblem]:
    """A problem for each row whose `key` names something not `known`, shown at `column`."""
    return [
        RowProblem(row, column, message(item[key]))
        for row, item in numbered_items
        if item.get(key) and item[key] not in known
    ]


def provider_ids(db: Session, codes: Iterable[str]) -> dict[str, int]:
    """Credit code → provider id, for the codes that exist."""
    codes = sorted(set(codes))
    found: dict[str, int] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        found.update(
            db.execute(select(Provider.uscc, Provider.id).where(Provider.uscc.in_(chunk))).all()
        )
    return found


def government_ids(db: Session, codes: Iterable[str]) -> dict[str, int]:
    """Division code → government id, for the codes that exist."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    return dict(
        db.execute(select(Government.code, Government.id).where(Government.code.in_(codes))).all()
    )


def ensure_providers(db: Session, items: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Create the providers that are new (one company, one code); return code → id for all.

    An existing provider keeps its registered names: an office's list cannot rename a company
    that other offices also buy from.
    """
    known = provider_ids(db, (item["uscc"] for item in items))
    new = [item for item in items if item["uscc"] not in known]
    if new:
        provinces = government_ids(db, {province_code(item["uscc"]) for item in new})
        owners = government_ids(db, {item["owner_code"] for item in new if item.get("owner_code")})
        now = utcnow()
        db.execute(
            insert(Provider),
            [
                {
                    "uscc": item["uscc"],
                    "name_zh": item["name_zh"],
                    "name_en": item.get("name_en"),
                    "kind": item["kind"],
                    "city": item.get("city"),
                    "province_id": provinces.get(province_code(item["uscc"])),
                    "owner_government_id": owners.get(item.get("owner_code") or ""),
                    "created_at": now,
                }
                for item in new
            ],
        )
        known = provider_ids(db, (item["uscc"] for item in items))
    return known


def row_values(
    kind: DisclosureKind,
    publication_id: int,
    office_id: int,
    year: int,
    items: Sequence[Mapping[str, Any]],
    providers: Mapping[str, int],
) -> list[dict[str, Any]]:
    """The insert values of the current rows of one publication (budgets: its lines' budget rows)."""
    base = {"office_id": office_id, "year": year, "publication_id": publication_id}
    if kind is DisclosureKind.PROVIDERS:
        return [
            {**base, "provider_id": providers[item["uscc"]], "services": item.get("services")}
            for item in items
        ]
    if kind is DisclosureKind.CONTRACTS:
        return [
            {
                **base,
                "provider_id": providers[item["uscc"]],
                "reference": item["reference"],
                "category": item["category"],
                "services": item.get("services"),
                "amount_fen": item["amount_fen"],
                "procurement_method": item["procurement_method"],
                "starts_on": date.fromisoformat(item["starts_on"]),
                "ends_on": date.fromisoformat(item["ends_on"]),
            }
            for item in items
        ]
    if kind is DisclosureKind.SERVICES:
        return [
            {
                **base,
                "position": position,
                "title": item["title"],
                "description": item.get("description") or "",
                "audience": item["audience"],
                "channel": item.get("channel"),
            }
            for position, item in enumerate(items)
        ]
    if kind is DisclosureKind.RECEPTIONS:
        return [
            {
                **base,
                **{name: item.get(name) for name in RECEPTION_FIELDS},
                "received_on": date.fromisoformat(item["received_on"]),
                "provider_id": providers.get(item.get("uscc") or ""),
            }
            for item in items
        ]
    raise ValueError(kind)


def budget_line_values(budget_id: int, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "budget_id": budget_id,
            "category": item["category"],
            "planned_fen": item["planned_fen"],
            "actual_fen": item.get("actual_fen"),
        }
        for item in items
    ]


def clear_current(db: Session, kind: DisclosureKind, office_id: int, year: int) -> None:
    """Delete the current rows of one office, kind and year."""
    if kind is DisclosureKind.BUDGETS:
        budget_ids = select(Budget.id).where(Budget.office_id == office_id, Budget.year == year)
        db.execute(delete(BudgetLine).where(BudgetLine.budget_id.in_(budget_ids)))
        db.execute(delete(Budget).where(Budget.office_id == office_id, Budget.year == year))
        return
    model = DISCLOSURE_MODELS[kind]
    db.execute(delete(model).where(model.office_id == office_id, model.year == year))


def materialise(db: Session, publication: Publication) -> None:
    """Make the publication's items the current rows of its office, kind and year."""
    kind, office_id, year = publication.kind, publication.office_id, publication.year
    items = publication.content.get("items", [])
    clear_current(db, kind, office_id, year)
    if kind is DisclosureKind.BUDGETS:
        budget = Budget(office_id=office_id, year=year, publication_id=publication.id)
        db.add(budget)
        db.flush()
        if items:
            db.execute(insert(BudgetLine), budget_line_values(budget.id, items))
    else:
        if kind is DisclosureKind.PROVIDERS:
            providers = ensure_providers(db, items)
        else:
            providers = provider_ids(db, (item["uscc"] for item in items if item.get("uscc")))
        if items:
            db.execute(
                insert(DISCLOSURE_MODELS[kind]),
                row_values(kind, publication.id, office_id, year, items, providers),
            )
    db.flush()
    db.expire_all()
