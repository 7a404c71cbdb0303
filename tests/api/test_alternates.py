"""Every page with a JSON or Atom version names it in `<link rel="alternate">`, and each address
answers in that format (with the page's filters, where the API takes them)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from api.alternates import PAGES
from tests.api.test_search import indexed  # noqa: F401 - the search page needs its index


class HeadLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        if tag == "link" and self.in_head and dict(attrs).get("rel") == "alternate":
            self.links.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def alternates(client, address: str) -> list[dict[str, str]]:
    response = client.get(address)
    assert response.status_code == 200, address
    parser = HeadLinks()
    parser.feed(response.get_data(as_text=True))
    return parser.links


PAGES_WALKED = {
    "portal.home": "/",
    "portal.office_directory": "/offices/",
    "portal.office": "/offices/laishui-in-shijiazhuang",
    "portal.government": "/governments/130600",
    "disclosures.office_disclosures": "/offices/laishui-in-shijiazhuang/disclosures",
    "disclosures.providers": "/providers/",
    "oversight.approvals": "/approvals/",
    "oversight.inspections": "/inspections/",
    "oversight.reports": "/reports/",
    "oversight.summary": "/reports/summary",
    "complaints.stats": "/complaints/stats",
    "complaints.contact": "/complaints/contact",
    "search.search_page": "/search?q=laishui",
}
"""A page of each kind the small registry has; the pages of single records it lacks
(an application, an inspection, a provider, a province's report) are built the same way."""


@pytest.mark.parametrize("endpoint", sorted(PAGES_WALKED))
def test_each_page_links_its_versions_and_they_answer(client, indexed, endpoint):  # noqa: F811
    links = alternates(client, PAGES_WALKED[endpoint])
    mine = [link for link in links if link.get("title")]
    assert len(links) >= len(PAGES[endpoint]), links
    for link in mine:
        assert link["href"].startswith("/"), link
        response = client.get(link["href"])
        assert response.status_code == 200, (link, response.status_code)
        assert response.mimetype == link["type"], link


def test_a_filtered_list_links_the_same_filter(client, registry):
    links = alternates(client, "/offices/?host=130000&page=1&lang=en")
    api = next(link for link in links if link["href"].startswith("/api/v1/offices"))
    query = parse_qs(urlsplit(api["href"]).query)
    assert query == {"host": ["130000"], "lang": ["en"]}
    slugs = {office["slug"] for office in client.get(api["href"]).get_json()["data"]}
    assert slugs == {"laishui-in-shijiazhuang", "shenzhen-in-shijiazhuang"}
    assert api["title"] == "Liaison offices (JSON API)"


def test_titles_follow_the_page_language(client, registry):
    chinese = alternates(client, "/reports/summary?lang=zh")
    assert all(link["title"] for link in chinese)
    english = alternates(client, "/reports/summary?lang=en")
    assert {link["title"] for link in chinese}.isdisjoint({link["title"] for link in english})


def test_a_page_without_versions_has_none(client, registry):
    assert alternates(client, "/complaints/track") == []
