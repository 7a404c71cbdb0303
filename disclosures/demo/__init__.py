"""The disclosures' demo step: standards, providers and every office's published disclosures.

Registered as `add_demo_step(20, "disclosures", load_demo)`. Deterministic (seeded per
province and per office) and idempotent: standards, providers and publications that exist are
matched by their natural keys and left alone. Rows go in with bulk inserts, in batches.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from disclosures.demo.data import SCALES, YEARS, guesthouse, plan_providers, standard_values
from disclosures.demo.receptions import OfficeFacts, plan_office
from disclosures.materialise import (
    budget_line_values,
    ensure_providers,
    provider_ids,
    row_values,
)
from disclosures.models import (
    DISCLOSURE_MODELS,
    Budget,
    BudgetLine,
    DisclosureKind,
    Provider,
    Publication,
    ReceptionStandard,
)
from portal.models import (
    Government,
    Office,
    OfficeFunctionAssignment,
    OfficeStatus,
)
from portal.queries import provinces as all_provinces

OUTSIDE_MAINLAND = ("71", "81", "82")
BATCH_OFFICES = 100
INSERT_CHUNK = 5_000


def load_demo(db: Session, scale: str, progress) -> dict[str, int]:
    """Load the disclosures of the demo at `scale` ("small" or "full"); flush, never commit."""
    settings = SCALES.get(scale, SCALES["small"])
    provinces = [p for p in all_provinces(db) if p.code[:2] not in OUTSIDE_MAINLAND]
    added = {"standards": _load_standards(db, provinces)}
    pools, guesthouses, offices = _load_providers(db, provinces, settings, scale, added)
    added["publications"] = _load_offices(
        db, offices, pools, guesthouses, settings, scale, progress
    )
    db.flush()
    if hasattr(progress, "echo"):
        progress.echo(
            f"Disclosures: {added['standards']} standards, {added['providers']} providers, "
            f"{added['publications']} publications added."
        )
    return added


def _load_standards(db: Session, provinces: list[Government]) -> int:
    existing = set(db.execute(select(ReceptionStandard.province_id, ReceptionStandard.year)).all())
    rows = [
        {
            "province_id": province.id,
            "year": year,
            **standard_values(province.code, year),
            "max_work_meals": 1,
            "max_hosts_small": 3,
            "small_group_guests": 10,
            "host_ratio": 3,
            "cash_allowed": False,
            "reference": f"{province.name_zh}党政机关国内公务接待标准（{year}年）",
        }
        for province in provinces
        for year in YEARS
        if (province.id, year) not in existing
    ]
    if rows:
        db.execute(insert(ReceptionStandard), rows)
    return len(rows)


def _capital_code(db: Session, province: Government) -> str:
    if province.capital_zh:
        code = db.scalar(
            select(Government.code).where(
                Government.parent_id == province.id, Government.name_zh == province.capital_zh
            )
        )
        if code:
            return code
    return province.code


def _office_rows(db: Session) -> list[Any]:
    return list(
        db.execute(
            select(
                Office.id,
                Office.slug,
                Office.status,
                Office.established_on,
                Office.closed_on,
                Office.host_province_id,
                Government.code,
                Government.name_zh,
            )
            .join(Government, Government.id == Office.establishing_government_id)
            .where(Office.status != OfficeStatus.PENDING_APPROVAL)
            .order_by(Office.slug)
        ).all()
    )


def _years(status, established_on, closed_on) -> tuple[int, ...]:
    first = max(YEARS.start, established_on.year if established_on else YEARS.start)
    last = YEARS.stop - 1
    if status == OfficeStatus.CLOSED:
        if closed_on is None or closed_on.year < YEARS.start:
            return ()
        last = min(last, closed_on.year)
    return tuple(range(first, last + 1))


def _load_providers(db, provinces, settings, scale, added):
    """Providers of every capital, plus the guesthouses a few governments run (R10)."""
    taken: set[str] = set()
    pools: dict[int, list[dict]] = {}
    items: list[dict] = []
    for province in provinces:
        plans = plan_providers(
            province.code,
            _capital_code(db, province),
            province.capital_zh or province.name_zh,
            province.capital_en or province.name_en or "",
            settings["providers_per_province"],
            taken,
        )
        pools[province.id] = [plan.item for plan in plans]
        items += pools[province.id]
    by_id = {p.id: p for p in provinces}
    offices = _office_rows(db)
    guesthouses: dict[int, dict] = {}
    for office in offices:
        host = by_id.get(office.host_province_id)
        if host is None or office.code[:2] == host.code[:2]:
            continue
        if (hash_fraction(f"guesthouse-pick-{scale}-{office.slug}")) < 0.04:
            item = guesthouse(office.code, office.name_zh, host.capital_zh or host.name_zh, taken)
            guesthouses[office.id] = item
            items.append(item)
    before = db.scalar(select(Provider.id).order_by(Provider.id.desc()).limit(1)) or 0
    ensure_providers(db, items)
    added["providers"] = len(list(db.scalars(select(Provider.id).where(Provider.id > before))))
    return pools, guesthouses, offices


def hash_fraction(text: str) -> float:
    """A stable number in [0, 1) for a text (Python's hash() changes between runs)."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 0x1_0000_0000


def _load_offices(db, offices, pools, guesthouses, settings, scale, progress) -> int:
    functions: dict[int, list[str]] = defaultdict(list)
    for office_id, function in db.execute(
        select(OfficeFunctionAssignment.office_id, OfficeFunctionAssignment.function)
    ):
        functions[office_id].append(str(function))
    provinces = {province.id: province for province in all_provinces(db)}
    plans = []
    for office in offices:
        years = _years(office.status, office.established_on, office.closed_on)
        if years and office.host_province_id in pools:
            plans.append((office, years))
    office_years = max(1, sum(len(years) for _o, years in plans))
    per_receptions = settings["receptions"] / office_years
    per_contracts = settings["contracts"] / office_years
    existing = {
        (office_id, str(kind), year)
        for office_id, kind, year in db.execute(
            select(Publication.office_id, Publication.kind, Publication.year).distinct()
        )
    }
    added = 0
    with progress("Disclosures", total=len(plans)) as bar:
        for start in range(0, len(plans), BATCH_OFFICES):
            batch = []
            for office, years in plans[start : start + BATCH_OFFICES]:
                host = provinces[office.host_province_id]
                facts = OfficeFacts(
                    slug=office.slug,
                    government_code=office.code,
                    government_zh=office.name_zh,
                    province_code=host.code,
                    province_zh=host.name_zh,
                    functions=tuple(functions[office.id]),
                    years=years,
                    receptions_per_year=per_receptions,
                    contracts_per_year=per_contracts,
                )
                planned = plan_office(facts, pools[host.id], guesthouses.get(office.id), scale)
                for (kind, year), revisions in planned.revisions.items():
                    if (office.id, kind, year) not in existing:
                        batch.append((office.id, kind, year, revisions))
                bar.update(1)
            added += _insert_batch(db, batch)
    return added


def _chunks(rows: list[dict]):
    for start in range(0, len(rows), INSERT_CHUNK):
        yield rows[start : start + INSERT_CHUNK]


def _insert_batch(db: Session, batch: list[tuple[int, str, int, list]]) -> int:
    """Publications (every revision) and the current rows of their latest revisions."""
    if not batch:
        return 0
    publications = [
        {
            "office_id": office_id,
            "kind": kind,
            "year": year,
            "revision": number,
            "status": "published",
            "reason": reason,
            "content": {"items": items},
            "item_count": len(items),
            "created_at": published_at,
            "published_at": published_at,
            "publisher_id": None,
        }
        for office_id, kind, year, revisions in batch
        for number, (items, reason, published_at) in enumerate(revisions, start=1)
    ]
    for chunk in _chunks(publications):
        db.execute(insert(Publication), chunk)
    office_ids = sorted({office_id for office_id, *_rest in batch})
    ids = {
        (office_id, str(kind), year, revision): publication_id
        for publication_id, office_id, kind, year, revision in db.execute(
            select(
                Publication.id,
                Publication.office_id,
                Publication.kind,
                Publication.year,
                Publication.revision,
            ).where(Publication.office_id.in_(office_ids))
        )
    }
    usccs = {
        item["uscc"] for *_k, revisions in batch for item in revisions[-1][0] if item.get("uscc")
    }
    providers = provider_ids(db, usccs)
    rows: dict[str, list[dict]] = defaultdict(list)
    budgets = []
    for office_id, kind, year, revisions in batch:
        publication_id = ids[(office_id, kind, year, len(revisions))]
        items = revisions[-1][0]
        if kind == "budgets":
            budgets.append(
                ({"office_id": office_id, "year": year, "publication_id": publication_id}, items)
            )
        else:
            rows[kind] += row_values(
                DisclosureKind(kind), publication_id, office_id, year, items, providers
            )
    for kind, values in rows.items():
        model = DISCLOSURE_MODELS[kind]
        for chunk in _chunks(values):
            db.execute(insert(model), chunk)
    if budgets:
        db.execute(insert(Budget), [values for values, _items in budgets])
        budget_ids = dict(
            ((office_id, year), budget_id)
            for budget_id, office_id, year in db.execute(
                select(Budget.id, Budget.office_id, Budget.year).where(
                    Budget.office_id.in_(office_ids)
                )
            )
        )
        lines = [
            line
            for values, items in budgets
            for line in budget_line_values(budget_ids[(values["office_id"], values["year"])], items)
        ]
        for chunk in _chunks(lines):
            db.execute(insert(BudgetLine), chunk)
    return len(publications)
