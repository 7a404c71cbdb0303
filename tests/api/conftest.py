"""API fixtures: the small demo loaded once per module (for the OpenAPI run and OCDS validation)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from disclosures.items import read_row
from disclosures.models import DisclosureKind
from disclosures.publication import publish_items
from disclosures.uscc import make_uscc
from tests.small_demo import small_demo_app


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory, migrated_database):
    """One app per module with the small demo loaded through `flask demo load`.

    Module-scoped (loading takes seconds); tests using it only read. The search index is not
    built: search answers its documented 503 here and is tested on a small index in
    test_search.py.
    """
    with small_demo_app(tmp_path_factory.mktemp("api-demo"), migrated_database) as (app, _):
        yield app


HOTEL = make_uscc("91", "130100", "MA0H7TEL1")
RESTAURANT = make_uscc("91", "130100", "MA0F88D12")


def _publish(db, office, kind: DisclosureKind, year: int, rows: list[dict], when: datetime):
    items = [(n, read_row(kind, row, year)[1]) for n, row in enumerate(rows, 2)]
    return publish_items(db, office, kind, year, items, None, None, when)


@pytest.fixture
def disclosed(db, registry):
    """Laishui's 2023 providers, contracts and budget, and Baoding's 2024 contract, published."""
    laishui, baoding = registry.laishui_office, registry.baoding_office
    first = datetime(2024, 1, 10, 8, tzinfo=UTC)
    providers = [
        {"uscc": HOTEL, "name_zh": "石家庄民营宾馆有限公司", "kind": "hotel", "city": "石家庄市"},
        {"uscc": RESTAURANT, "name_zh": "石家庄家常菜馆", "kind": "restaurant", "city": "石家庄市"},
    ]
    _publish(db, laishui, DisclosureKind.PROVIDERS, 2023, providers, first)
    contract = {
        "uscc": HOTEL,
        "category": "accommodation",
        "procurement_method": "open_tender",
        "starts_on": "2023-01-01",
        "ends_on": "2023-12-31",
    }
    contracts = [
        {**contract, "reference": "LS-2023-01", "amount": "50,000"},
        {**contract, "reference": "LS-2023-02", "amount": "12345.67", "uscc": RESTAURANT,
         "category": "dining", "procurement_method": "single_source"},
    ]  # fmt: skip
    _publish(db, laishui, DisclosureKind.CONTRACTS, 2023, contracts, first)
    budget = [
        {"category": "accommodation", "planned": "120,000", "actual": "98,000.50"},
        {"category": "dining", "planned": "40000", "actual": ""},
    ]
    _publish(db, laishui, DisclosureKind.BUDGETS, 2023, budget, first)
    later = [{**contract, "reference": "BD-2024-01", "amount": "1000.01",
              "starts_on": "2024-01-01", "ends_on": "2024-12-31"}]  # fmt: skip
    _publish(db, baoding, DisclosureKind.CONTRACTS, 2024, later, datetime(2024, 3, 1, tzinfo=UTC))
    db.commit()
    return registry
