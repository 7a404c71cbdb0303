"""Fixtures of the disclosures tests: providers with valid codes, standards, helpers."""

from __future__ import annotations

import pytest

from disclosures.models import DisclosureKind, ReceptionStandard
from disclosures.publication import publish_items
from disclosures.uscc import make_uscc

HOTEL_CODE = make_uscc("91", "130100", "MA0H7TEL1")
RESTAURANT_CODE = make_uscc("91", "130100", "MA0F88D12")
GUESTHOUSE_CODE = make_uscc("12", "130600", "40000001X")


def provider_item(code: str, name_zh: str, kind: str = "hotel", owner: str | None = None) -> dict:
    return {
        "uscc": code,
        "name_zh": name_zh,
        "name_en": None,
        "kind": kind,
        "city": "石家庄市",
        "services": None,
        "owner_code": owner,
    }


@pytest.fixture
def providers(db, registry):
    """Three providers on the Laishui office's 2023 list (the guesthouse is Baoding's)."""
    items = [
        provider_item(HOTEL_CODE, "石家庄民营宾馆有限公司"),
        provider_item(RESTAURANT_CODE, "石家庄家常菜馆", "restaurant"),
        provider_item(GUESTHOUSE_CODE, "保定市政府招待所", owner="130600"),
    ]
    publish_items(
        db,
        registry.laishui_office,
        DisclosureKind.PROVIDERS,
        2023,
        list(enumerate(items, start=2)),
        None,
    )
    db.commit()
    return items


@pytest.fixture
def guesthouse_listed(db, registry, providers):
    """Baoding's office lists, for 2023, the guesthouse its own government owns (rule R10)."""
    office = registry.baoding_office
    item = provider_item(GUESTHOUSE_CODE, "保定市政府招待所")
    publish_items(db, office, DisclosureKind.PROVIDERS, 2023, [(2, item)], None)
    db.commit()
    return office


@pytest.fixture
def standard(db, registry):
    """Hebei's 2023 standard: 380 yuan a night, 60 yuan a meal."""
    standard = ReceptionStandard(
        province_id=registry.hebei.id,
        year=2023,
        night_cap_fen=38000,
        meal_cap_fen=6000,
        max_work_meals=1,
        max_hosts_small=3,
        small_group_guests=10,
        host_ratio=3,
        cash_allowed=False,
    )
    db.add(standard)
    db.commit()
    return standard


@pytest.fixture
def request_context(app):
    """A request in English, for reading translated messages outside a view."""
    with app.test_request_context("/?lang=en"):
        yield
