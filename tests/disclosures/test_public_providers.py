"""Providers: the directory with its filters, and one provider's money by office and year."""

from __future__ import annotations

import re

import pytest

from tests.disclosures.conftest import GUESTHOUSE_CODE, HOTEL_CODE, RESTAURANT_CODE
from tests.disclosures.test_public_pages import published  # noqa: F401  (fixture)


def provider_rows(html: str) -> list[str]:
    table = html[html.index('id="providers"') :].split("</table>")[0]
    return re.findall(r"<code>([0-9A-Z]{18})</code>", table)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_directory_lists_providers_with_their_totals(client, published, lang):  # noqa: F811
    page = client.get(f"/providers/?lang={lang}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert set(provider_rows(html)) == {HOTEL_CODE, RESTAURANT_CODE, GUESTHOUSE_CODE}
    hotel = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if HOTEL_CODE in r)
    # 50,000 + 12,345.67 (Laishui 2023) + 1,000.01 (Baoding 2024), two offices, three contracts
    assert 'data-fen="6334568"' in hotel
    assert ("¥63,345.68" if lang == "en" else "63,345.68 元") in hotel


def test_directory_filters(client, published):  # noqa: F811
    assert provider_rows(client.get("/providers/?q=菜馆").get_data(as_text=True)) == [
        RESTAURANT_CODE
    ]
    assert provider_rows(client.get(f"/providers/?q={HOTEL_CODE[:12]}").get_data(as_text=True)) == [
        HOTEL_CODE
    ]
    assert provider_rows(client.get("/providers/?kind=restaurant").get_data(as_text=True)) == [
        RESTAURANT_CODE
    ]
    assert len(provider_rows(client.get("/providers/?city=石家庄").get_data(as_text=True))) == 3
    assert "0 providers found" in client.get("/providers/?q=100%25&lang=en").get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=spaceship", "Unknown kind of provider."),
        ("province=abc", "There is no province with the code"),
        ("page=0", "The page must be a number from 1 to"),
        ("q=" + "x" * 101, "at most 100 characters"),
    ],
)
def test_directory_bad_filters_are_400_with_a_message(client, registry, query, message):
    page = client.get(f"/providers/?{query}&lang=en")
    assert page.status_code == 400
    assert message in page.get_data(as_text=True)


def test_page_past_the_end_is_404(client, published):  # noqa: F811
    assert client.get("/providers/?page=9").status_code == 404


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_provider_page_follows_the_money(client, published, lang):  # noqa: F811
    page = client.get(f"/providers/{HOTEL_CODE}?lang={lang}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="total-contracted"' in html and 'data-fen="6334568"' in html
    by_office = html[html.index('id="by-office"') :].split("</table>")[0]
    laishui = re.search(r'<tr data-office="laishui-in-shijiazhuang">.*?</tr>', by_office, re.S)[0]
    assert 'data-fen="6234567"' in laishui  # 50,000.00 + 12,345.67
    assert 'data-fen="180000"' in laishui  # receptions paid to the hotel: 700 + 1,100 yuan
    baoding = re.search(r'<tr data-office="baoding-in-guangzhou">.*?</tr>', by_office, re.S)[0]
    assert 'data-fen="100001"' in baoding
    by_year = html[html.index('id="by-year"') :].split("</table>")[0]
    assert re.search(r'data-year="2023">.*?data-fen="6234567"', by_year, re.S)
    assert re.search(r'data-year="2024">.*?data-fen="100001"', by_year, re.S)
    assert "BD-2024-01" in html and "LS-2023-02" in html


def test_provider_codes_are_case_insensitive_and_unknown_ones_404(client, published):  # noqa: F811
    assert client.get(f"/providers/{HOTEL_CODE.lower()}").status_code == 200
    assert client.get("/providers/91130100MA0H7TEL1X").status_code == 404
    assert client.get("/providers/not-a-code").status_code == 404
