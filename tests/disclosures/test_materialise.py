"""The materialise service, called directly: a published revision becomes the current rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from disclosures.items import read_row
from disclosures.materialise import ensure_providers, materialise, referenced_problems
from disclosures.models import (
    Budget,
    BudgetLine,
    Contract,
    DisclosureKind,
    Provider,
    Publication,
    PublicationStatus,
    ReceptionRecord,
)
from disclosures.publication import open_draft
from portal.clock import utcnow
from tests.disclosures.conftest import HOTEL_CODE, RESTAURANT_CODE, provider_item
from tests.disclosures.test_public_pages import BUDGET, CONTRACTS, RECEPTIONS


def items(kind: DisclosureKind, rows: list[dict], year: int = 2023) -> list[dict]:
    return [read_row(kind, row, year)[1] for row in rows]


def revision(db, office, kind, rows, year=2023) -> Publication:
    """A draft of these rows marked published by hand, for materialise without publish_draft."""
    draft = open_draft(db, office, kind, year)
    draft.content = {"items": items(kind, rows, year)}
    draft.status = PublicationStatus.PUBLISHED
    draft.reason = "corrected" if draft.revision > 1 else None
    draft.published_at = utcnow()
    db.flush()
    return draft


def current(db, model, *columns):
    return set(db.execute(select(*columns).select_from(model)).all())


def test_a_revision_replaces_the_current_rows_of_its_office_kind_and_year(db, registry, providers):
    office = registry.laishui_office
    first = revision(db, office, DisclosureKind.CONTRACTS, CONTRACTS)
    materialise(db, first)
    assert current(db, Contract, Contract.reference, Contract.publication_id) == {
        ("LS-2023-01", first.id),
        ("LS-2023-02", first.id),
        ("LS-2023-03", first.id),
    }
    corrected = [{**CONTRACTS[0], "amount": "60,000"}, CONTRACTS[2]]
    second = revision(db, office, DisclosureKind.CONTRACTS, corrected)
    materialise(db, second)
    assert current(
        db, Contract, Contract.reference, Contract.amount_fen, Contract.publication_id
    ) == {
        ("LS-2023-01", 6_000_000, second.id),
        ("LS-2023-03", 800_000, second.id),
    }
    restaurant = db.scalar(select(Provider.id).where(Provider.uscc == RESTAURANT_CODE))
    assert db.scalar(select(Contract.provider_id).where(Contract.reference == "LS-2023-03")) == (
        restaurant
    )


def test_a_budget_revision_leaves_no_line_of_the_one_before(db, registry):
    office = registry.laishui_office
    materialise(db, revision(db, office, DisclosureKind.BUDGETS, BUDGET))
    assert db.scalar(select(func.count()).select_from(BudgetLine)) == 3
    second = revision(db, office, DisclosureKind.BUDGETS, BUDGET[:1])
    materialise(db, second)
    assert db.scalars(select(Budget.publication_id)).all() == [second.id]
    assert current(db, BudgetLine, BudgetLine.category, BudgetLine.planned_fen) == {
        ("accommodation", 12_000_000)
    }


def test_a_reception_without_a_provider_is_kept_without_one(db, registry, providers):
    office = registry.laishui_office
    rows = [{**RECEPTIONS[0], "provider_uscc": ""}, RECEPTIONS[1]]
    materialise(
        db,
        revision(db, office, DisclosureKind.RECEPTIONS, rows),
    )
    hotel = db.scalar(select(Provider.id).where(Provider.uscc == HOTEL_CODE))
    assert current(db, ReceptionRecord, ReceptionRecord.reference, ReceptionRecord.provider_id) == {
        ("JD-001", None),
        ("JD-002", hotel),
    }


def test_new_providers_are_created_and_known_ones_keep_their_registered_names(
    db, registry, providers
):
    from disclosures.uscc import make_uscc

    newcomer = make_uscc("91", "130100", "MA0NEWC01")
    renamed = {**provider_item(HOTEL_CODE, "别人起的名字"), "name_en": "Renamed"}
    known = ensure_providers(db, [renamed, provider_item(newcomer, "石家庄新宾馆", owner="130600")])
    assert set(known) == {HOTEL_CODE, newcomer}
    hotel = db.get(Provider, known[HOTEL_CODE])
    assert (hotel.name_zh, hotel.name_en) == ("石家庄民营宾馆有限公司", None)
    created = db.get(Provider, known[newcomer])
    assert created.name_zh == "石家庄新宾馆"
    assert created.province_id == registry.hebei.id  # from the code's division, 130100
    assert created.owner_government.code == "130600"


@pytest.mark.parametrize(
    ("kind", "item", "column"),
    [
        (DisclosureKind.CONTRACTS, {"uscc": "91130100MA0NOBODY9"}, "uscc"),
        (DisclosureKind.RECEPTIONS, {"uscc": "91130100MA0NOBODY9"}, "provider_uscc"),
        (
            DisclosureKind.PROVIDERS,
            {"uscc": HOTEL_CODE, "owner_code": "999999"},
            "owner_government",
        ),
    ],
)
def test_unknown_references_name_their_row_and_column(db, registry, providers, kind, item, column):
    known = {"uscc": HOTEL_CODE, "owner_code": "130600"}
    problems = referenced_problems(db, kind, [(2, known), (7, item)])
    assert [(p.row, p.column) for p in problems] == [(7, column)]


def test_a_reception_total_is_one_bigint_expression_everywhere(client, db, guesthouse_listed):
    """Five costs of 20 million yuan each: beyond INTEGER, which PostgreSQL would overflow."""
    from disclosures.provider_queries import provider_money
    from disclosures.publication import publish_items
    from disclosures.queries import office_year_counts
    from disclosures.rule_queries import check_disclosures
    from tests.disclosures.conftest import GUESTHOUSE_CODE

    office = guesthouse_listed  # Baoding's, whose government owns the guesthouse (R10)
    huge = {name: "20000000" for name in ("accommodation", "dining", "vehicles", "venues", "other")}
    row = {**RECEPTIONS[0], **huge, "provider_uscc": GUESTHOUSE_CODE}
    publish_items(
        db,
        office,
        DisclosureKind.RECEPTIONS,
        2023,
        [(2, items(DisclosureKind.RECEPTIONS, [row])[0])],
        None,
    )
    db.commit()
    total = 5 * 2_000_000_000
    record = db.scalar(select(ReceptionRecord))
    assert record.total_fen == total  # in Python
    assert db.scalar(select(ReceptionRecord.total_fen)) == total  # in SQL
    assert office_year_counts(db, office.id, 2023)["reception_fen"] == total
    assert provider_money(db, record.provider_id)["offices"][0]["reception_fen"] == total
    [r10] = [f for f in check_disclosures(db, date(2024, 1, 10), [office.id]) if f.rule == "R10"]
    assert r10.facts["total_fen"] == total
    response = client.get("/disclosures/export/receptions.json")
    assert response.get_json()[0]["total_fen"] == total
