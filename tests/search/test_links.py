"""The search page writes its facet links without url_for (search.parameters.search_address):
each must be the address url_for would write, to the character, in both languages, or a
journalist's shared link would differ from the page's own."""

from __future__ import annotations

import pytest
from flask import url_for
from werkzeug.datastructures import MultiDict

from portal.i18n import kept_language
from search.parameters import parse_request, search_address

TEXTS = [
    "涞水县 接待",
    "a&b=c#d",
    "100% + 5/2",
    "“引号” 'x' \"y\"",
    "?:@!$*,;()",
    "",
    "河北 OR Hebei",
]


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("text", TEXTS)
def test_a_facet_link_is_what_url_for_writes(app, language, text):
    args = MultiDict({"q": text, "kind": "reception", "province": "130000", "sort": "newest"})
    request = parse_request(args)
    with app.test_request_context(f"/search?lang={language}"):
        app.preprocess_request()
        path = url_for("search.search_page", lang=None)
        for changes in ({}, {"page": 3}, {"kind": None, "page": 1}, {"year": "2024"}):
            wanted = url_for("search.search_page", **request.args(**changes))
            assert search_address(path, kept_language(), request.args(**changes)) == wanted
        if language == "en":
            assert wanted.endswith("lang=en")


def test_a_renamed_province_shows_its_new_name_in_the_facets_at_once(client, db, indexed):
    """The facets' names are kept per data version: a change of the registry moves the version,
    so the next search shows the new name (the tests read the version on every request)."""
    assert ">Hebei</a>" in client.get("/search?q=办事处&lang=en").text
    indexed.hebei.name_en = "Hebei Province"
    db.commit()
    page = client.get("/search?q=办事处&lang=en").text
    assert ">Hebei Province</a>" in page and ">Hebei</a>" not in page
