"""A first visit (no ?lang, no cookie) follows the browser's Accept-Language (issue 15 item 8);
?lang= and the remembered cookie still win, and caches are told the page depends on it."""

from __future__ import annotations

import pytest


def language_of(response) -> str:
    html = response.get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-US,en;q=0.9", "en"),
        ("en-GB", "en"),
        ("fr-FR,fr;q=0.9,en;q=0.5", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("zh-TW", "zh-CN"),
        ("fr-FR", "zh-CN"),  # neither language: the default
        ("", "zh-CN"),
    ],
)
def test_a_first_visit_follows_the_browser(client, registry, header, expected):
    headers = {"Accept-Language": header} if header else {}
    response = client.get("/offices/", headers=headers)
    assert response.status_code == 200
    assert language_of(response) == expected
    assert "Accept-Language" in response.headers.get("Vary", "")
    assert "lang=" not in response.headers.get("Set-Cookie", "")  # nothing chosen, nothing kept


def test_the_address_and_the_cookie_win_over_the_browser(client, registry):
    english = {"Accept-Language": "en-US,en;q=0.9"}
    response = client.get("/offices/?lang=zh", headers=english)
    assert language_of(response) == "zh-CN"
    assert "Accept-Language" not in response.headers.get("Vary", "")
    # The choice is remembered: later pages stay Chinese for an English browser.
    assert language_of(client.get("/offices/", headers=english)) == "zh-CN"


def test_a_kept_page_is_not_served_in_the_other_language(client, registry):
    """The ETag carries the language: an English first visit's tag is no 304 for Chinese."""
    english = client.get("/", headers={"Accept-Language": "en"})
    tag = english.headers["ETag"]
    chinese = client.get("/", headers={"If-None-Match": tag, "Accept-Language": "zh-CN"})
    assert chinese.status_code == 200 and language_of(chinese) == "zh-CN"
    again = client.get("/", headers={"If-None-Match": tag, "Accept-Language": "en"})
    assert again.status_code == 304
