"""On English pages a provider's city is the registry's English name of it (issue 15 item 8):
the provider list, the provider page and an office's provider list; Chinese pages keep the
published name, and a city the registry does not name stays as published, marked Chinese. The
city filter finds a city by the name either language shows."""

from __future__ import annotations

import pytest

from disclosures.models import DisclosureKind
from disclosures.publication import publish_items
from disclosures.uscc import make_uscc
from tests.disclosures.conftest import HOTEL_CODE, provider_item

ELSEWHERE = make_uscc("91", "130100", "MA0C1TY01")


@pytest.fixture
def listed(db, registry, providers):
    """The Laishui office's 2024 list also holds a provider in a city that is no capital."""
    item = {**provider_item(ELSEWHERE, "正定县农家饭庄", "restaurant"), "city": "正定县"}
    items = [provider_item(HOTEL_CODE, "石家庄民营宾馆有限公司"), item]
    publish_items(
        db, registry.laishui_office, DisclosureKind.PROVIDERS, 2024, list(enumerate(items, 2)), None
    )
    db.commit()


@pytest.mark.parametrize(
    "path",
    [
        "/providers/?lang={lang}",
        f"/providers/{HOTEL_CODE}?lang={{lang}}",
        "/offices/laishui-in-shijiazhuang/disclosures?lang={lang}&year=2024",
    ],
)
def test_the_capital_is_named_in_the_page_language(client, listed, path):
    english = client.get(path.format(lang="en")).get_data(as_text=True)
    chinese = client.get(path.format(lang="zh")).get_data(as_text=True)
    assert "<span>Shijiazhuang</span>" in english and ">石家庄市<" not in english
    assert ">石家庄市</span>" in chinese


def test_a_city_the_registry_does_not_name_stays_chinese_and_is_marked(client, listed):
    english = client.get("/providers/?lang=en").get_data(as_text=True)
    assert '<span lang="zh-CN">正定县</span>' in english


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_city_filter_finds_a_capital_by_its_english_name_too(client, listed, lang):
    def found(city: str) -> bool:
        page = client.get(f"/providers/?lang={lang}&city={city}").get_data(as_text=True)
        assert "正定县农家饭庄" not in page  # in 正定县, which the registry gives no English name
        return "石家庄民营宾馆有限公司" in page

    assert found("Shijiazhuang") and found("shijia") and found("石家庄")
    assert not found("Changchun")  # another province's capital


def test_a_city_without_an_english_name_is_found_as_published(client, listed):
    page = client.get("/providers/?lang=en&city=正定").get_data(as_text=True)
    assert "正定县农家饭庄" in page and "石家庄民营宾馆有限公司" not in page
