"""Search fixtures: every test runs against both engines, with the indexer driven by hand."""

from __future__ import annotations

import pytest

from portal.database import database
from search.indexer import rebuild, sync
from search.runtime import get_engine

ENGINES = ("whoosh", "tantivy")


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def app_config(app_config, engine_name) -> dict:
    """Both engines; the outbox is applied by the tests themselves unless a test asks."""
    return {**app_config, "SEARCH_ENGINE": engine_name, "SEARCH_SYNC": "external"}


@pytest.fixture
def engine(app):
    return get_engine(app)


@pytest.fixture
def indexed(app, db, registry, engine):
    """The small registry, committed and indexed (a full rebuild, then an empty sync)."""
    rebuild(db, engine)
    sync(db, engine)
    return registry


@pytest.fixture
def apply_outbox(db, engine):
    """apply_outbox() -> SyncReport: what `flask search sync` does, once."""

    def run():
        database.session.commit()
        return sync(db, engine)

    return run


HOTEL_NAME = "石家庄燕赵国际大酒店有限公司"


@pytest.fixture
def disclosed(db, indexed, engine):
    """Laishui's 2023 disclosures, published through the disclosures service, then synced."""
    from disclosures.items import read_row
    from disclosures.models import DisclosureKind
    from disclosures.publication import publish_items
    from disclosures.uscc import make_uscc

    hotel = make_uscc("91", "130100", "MA0H7TEL1")
    rows = {
        DisclosureKind.PROVIDERS: [
            {
                "uscc": hotel,
                "name_zh": HOTEL_NAME,
                "name_en": "Yanzhao Grand Hotel",
                "kind": "hotel",
                "city": "石家庄市",
                "services": None,
                "owner_code": None,
            },
        ],
        DisclosureKind.BUDGETS: [
            {"category": "accommodation", "planned": "120,000", "actual": "98,000"},
        ],
        DisclosureKind.CONTRACTS: [
            {
                "reference": "LS-2023-01",
                "uscc": hotel,
                "category": "accommodation",
                "amount": "50,000",
                "procurement_method": "open_tender",
                "starts_on": "2023-01-01",
                "ends_on": "2023-12-31",
            },
        ],
        DisclosureKind.SERVICES: [
            {"title": "农民工法律援助", "audience": "migrant_workers", "channel": "电话 0311-000"},
        ],
    }
    office = indexed.laishui_office
    for kind, items in rows.items():
        numbered = [(n, read_row(kind, row, 2023)[1]) for n, row in enumerate(items, 2)]
        publish_items(db, office, kind, 2023, numbered, None)
    db.commit()
    sync(db, engine)
    indexed.hotel_code = hotel
    return indexed
