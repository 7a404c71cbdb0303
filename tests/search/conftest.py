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


HOTEL_CODE_PARTS = ("91", "130100", "MA0H7TEL1")
RESTAURANT_CODE_PARTS = ("92", "130600", "MA0RE7T02")


def _reception(reference, received_on, party, purpose, accommodation, dining, **extra):
    row = {
        "reference": reference,
        "date": received_on,
        "visiting_party": party,
        "purpose": purpose,
        "guests": "2",
        "hosts": "1",
        "nights": "1",
        "work_meals": "1",
        "accommodation": accommodation,
        "dining": dining,
        "vehicles": "0",
        "venues": "0",
        "other": "0",
        "provider_uscc": None,
        "payment_method": "bank_transfer",
        "letter_reference": "函〔2023〕1号",
        "approval_reference": "批〔2023〕1号",
        "standard_applied": "河北省2023年标准",
        "reception_list_reference": "单〔2023〕1号",
    }
    return {**row, **extra}


@pytest.fixture
def newsroom(db, indexed, engine):
    """What a journalist searches: Laishui's office publishes for 2023 two providers, a budget
    (150,000 yuan planned), two contracts (50,000 by open tender from 2023-01-01; 8,000 from a
    single source from 2023-06-01) and two receptions against Hebei's 2023 standard (380 yuan a
    night, 60 a meal): one within it (2023-03-10, 750 yuan), one over it (2023-05-20: 2,000
    yuan for one night of two guests, 2,120 yuan in all). Baoding's office publishes a 2022
    contract of 200,000 yuan from 2022-02-01."""
    from disclosures.items import read_row
    from disclosures.models import DisclosureKind, ReceptionStandard
    from disclosures.publication import publish_items
    from disclosures.uscc import make_uscc

    hotel = make_uscc(*HOTEL_CODE_PARTS)
    restaurant = make_uscc(*RESTAURANT_CODE_PARTS)
    db.add(
        ReceptionStandard(
            province_id=indexed.hebei.id, year=2023, night_cap_fen=38000, meal_cap_fen=6000
        )
    )

    def provider(uscc, name_zh, name_en, kind, city):
        return {"uscc": uscc, "name_zh": name_zh, "name_en": name_en, "kind": kind,
                "city": city, "services": None, "owner_code": None}  # fmt: skip

    def contract(reference, uscc, category, amount, method, starts_on, ends_on):
        return {"reference": reference, "uscc": uscc, "category": category, "amount": amount,
                "procurement_method": method, "starts_on": starts_on, "ends_on": ends_on}  # fmt: skip

    laishui = {
        DisclosureKind.PROVIDERS: [
            provider(hotel, HOTEL_NAME, "Yanzhao Grand Hotel", "hotel", "石家庄市"),
            provider(restaurant, "保定白云餐厅", "Baiyun Restaurant", "restaurant", "保定市"),
        ],
        DisclosureKind.BUDGETS: [
            {"category": "accommodation", "planned": "120,000", "actual": None},
            {"category": "dining", "planned": "30,000", "actual": None},
        ],
        DisclosureKind.CONTRACTS: [
            contract(
                "LS-2023-01",
                hotel,
                "accommodation",
                "50,000",
                "open_tender",
                "2023-01-01",
                "2023-12-31",
            ),
            contract(
                "LS-2023-02",
                restaurant,
                "dining",
                "8,000",
                "single_source",
                "2023-06-01",
                "2023-12-31",
            ),
        ],  # fmt: skip
        DisclosureKind.RECEPTIONS: [
            _reception("JD-2023-01", "2023-03-10", "涿州市考察团", "招商引资洽谈", "600", "150"),
            _reception("JD-2023-02", "2023-05-20", "易县商务代表团", "项目对接", "2000", "120"),
        ],
    }
    baoding = {
        DisclosureKind.PROVIDERS: [
            provider(hotel, HOTEL_NAME, "Yanzhao Grand Hotel", "hotel", "石家庄市")
        ],
        DisclosureKind.CONTRACTS: [
            contract(
                "BD-2022-01",
                hotel,
                "venues",
                "200,000",
                "framework_agreement",
                "2022-02-01",
                "2022-12-31",
            ),
        ],  # fmt: skip
    }
    for office, year, rows in (
        (indexed.laishui_office, 2023, laishui),
        (indexed.baoding_office, 2022, baoding),
    ):
        for kind, items in rows.items():
            numbered = [(n, read_row(kind, row, year)[1]) for n, row in enumerate(items, 2)]
            publish_items(db, office, kind, year, numbered, None)
    db.commit()
    sync(db, engine)
    indexed.hotel_code = hotel
    indexed.restaurant_code = restaurant
    return indexed
