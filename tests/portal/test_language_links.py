"""The chosen language survives in shared links (issue 15 item 8): an English page's links carry
`lang=en` however English was chosen, so an address copied from it opens in English for anyone;
a Chinese page's links are as they always were (portal.i18n.kept_language)."""

from __future__ import annotations

import re
from html import unescape
from xml.etree import ElementTree

import pytest

from tests.portal.test_pages import text_of

DOWNLOADS = (".csv", ".json", ".jsonld", ".xml", ".txt", ".css", ".js", ".svg", ".png", ".woff2")


def links_of(html: str) -> list[str]:
    """Every address of this site a page links to or sends a form to (the API's answers left
    out: each takes ?lang itself, and the page's alternates name it when they mean one)."""
    found = re.findall(r'(?:href|action)="(/[^"#]*)', html)
    return [unescape(link) for link in found if not link.startswith("/api/v1/")]


def is_download(link: str) -> bool:
    path = link.split("?")[0]
    return "/static/" in path or path.endswith(DOWNLOADS)


ENGLISH = {
    "the address": ("/offices/?lang=en", {}, {}),
    "the cookie": ("/offices/", {"lang": "en"}, {}),
    "the browser": ("/offices/", {}, {"Accept-Language": "en-GB,en;q=0.9"}),
}


@pytest.mark.parametrize("chosen_by", ENGLISH)
def test_an_english_pages_links_carry_the_language(client, registry, chosen_by):
    path, cookies, headers = ENGLISH[chosen_by]
    for name, value in cookies.items():
        client.set_cookie(name, value)
    html = text_of(client.get(path, headers=headers))
    assert '<html lang="en">' in html
    pages = [link for link in links_of(html) if not is_download(link)]
    assert "/offices/laishui-in-shijiazhuang?lang=en" in pages
    assert "/governments/130623?lang=en" in pages
    switch_to_chinese = "/offices/?lang=zh"
    assert switch_to_chinese in pages
    assert [link for link in pages if link != switch_to_chinese and "lang=en" not in link] == []
    # Style sheets and the exports (the same in both languages) are left as they are.
    downloads = [link for link in links_of(html) if is_download(link)]
    assert "/offices/export.csv" in downloads
    assert [link for link in downloads if "lang=" in link] == []
    # The filter form sends the language with the filters (a GET form drops its action's query).
    assert '<input type="hidden" name="lang" value="en">' in html


@pytest.mark.parametrize(
    "headers", [{}, {"Accept-Language": "zh-CN,zh;q=0.9"}], ids=["default", "browser"]
)
def test_a_chinese_pages_links_are_as_they_were(client, registry, headers):
    html = text_of(client.get("/offices/", headers=headers))
    assert '<html lang="zh-CN">' in html
    links = links_of(html)
    assert "/offices/laishui-in-shijiazhuang" in links
    assert "/governments/130623" in links
    assert [link for link in links if "lang=" in link] == ["/offices/?lang=en"]  # the switch
    assert 'name="lang"' not in html


def test_a_link_followed_without_cookies_gives_the_english_page(app, client, registry):
    html = text_of(client.get("/offices/?lang=en"))
    shared = next(link for link in links_of(html) if link.startswith("/offices/laishui-in"))
    stranger = app.test_client()  # no cookie, no Accept-Language: Chinese unless the link says
    assert stranger.get_cookie("lang") is None
    page = text_of(stranger.get(shared))
    assert '<html lang="en">' in page
    assert "Laishui County Office in Shijiazhuang" in page
    assert "/governments/130623?lang=en" in links_of(page)
    assert '<html lang="zh-CN">' in text_of(app.test_client().get(shared.split("?")[0]))


def test_a_first_visit_in_english_makes_links_that_stay_english(app, client, registry):
    home = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "lang=" not in home.headers.get("Set-Cookie", "")  # nothing chosen, nothing kept
    html = text_of(home)
    directory = next(link for link in links_of(html) if link.startswith("/offices/?"))
    assert '<html lang="en">' in text_of(app.test_client().get(directory))


def test_a_signed_in_persons_links_are_left_alone(client, login, registry):
    login("admin")
    client.set_cookie("lang", "en")
    html = text_of(client.get("/offices/"))
    assert '<html lang="en">' in html
    assert "/offices/laishui-in-shijiazhuang" in links_of(html)
    assert "/offices/laishui-in-shijiazhuang?lang=en" not in links_of(html)


def test_an_english_page_links_the_english_feed_and_the_feed_links_english_pages(client, registry):
    html = text_of(client.get("/inspections/?lang=en"))
    assert 'href="/feeds/inspections.atom?lang=en"' in html
    atom = "{http://www.w3.org/2005/Atom}"
    english = ElementTree.fromstring(client.get("/feeds/inspections.atom?lang=en").data)
    assert (
        english.find(f"{atom}link[@rel='self']")
        .get("href")
        .endswith("/feeds/inspections.atom?lang=en")
    )
    assert (
        english.find(f"{atom}link[@rel='alternate']").get("href").endswith("/inspections/?lang=en")
    )
    chinese = ElementTree.fromstring(client.get("/feeds/inspections.atom?lang=zh").data)
    assert chinese.find(f"{atom}link[@rel='self']").get("href").endswith("/feeds/inspections.atom")
    assert 'href="/feeds/inspections.atom"' in text_of(client.get("/inspections/?lang=zh"))
