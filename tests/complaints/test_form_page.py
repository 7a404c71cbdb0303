"""The blank complaint form is drawn once and handed to every visitor with their own CSRF token
and nonce (complaints/form_page.py, issue 20 item 3): what a person would notice if it broke is
a form that cannot be sent, or somebody else's token or nonce in their page."""

from __future__ import annotations

import re

import pytest
from flask import g, template_rendered

from complaints.models import Complaint

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
NONCE = re.compile(r'name="nonce" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_config(app_config) -> dict:
    return {**app_config, "WTF_CSRF_ENABLED": True, "PAGE_CACHE_ENTRIES": 16}


@pytest.fixture
def drawn(app):
    """The names of the templates drawn while the test runs, in order."""
    names: list[str] = []

    def record(_sender, template, **_extra) -> None:
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def visit(visitor, address: str) -> str:
    """A page as a visitor gets it. The test's app context outlives its requests, and Flask-WTF
    keeps a request's token in `g`: forgotten here, as a server's next request would."""
    g.pop("csrf_token", None)
    return visitor.get(address).text


def tokens(page: str) -> tuple[str, str]:
    return CSRF.search(page).group(1), NONCE.search(page).group(1)


def send(visitor, page: str):
    csrf, nonce = tokens(page)
    g.pop("csrf_token", None)
    return visitor.post(
        "/complaints/new?lang=en",
        data={
            "csrf_token": csrf,
            "nonce": nonce,
            "office": "laishui-in-shijiazhuang",
            "category": "reception_over_standard",
            "body": "Dinner for twelve guests at the Grand Hotel with three work meals a day.",
        },
    )


def test_two_visitors_get_one_drawing_each_with_their_own_tokens_and_both_can_send(
    app, registry, db, drawn
):
    first, second = app.test_client(), app.test_client()
    first_page = visit(first, "/complaints/new?lang=en")
    second_page = visit(second, "/complaints/new?lang=en")
    assert drawn.count("complaints/new.html") == 1  # the second page was the kept one
    assert tokens(first_page)[0] != tokens(second_page)[0]
    assert tokens(first_page)[1] != tokens(second_page)[1]
    assert "@@" not in second_page  # no marker left behind
    assert second_page.replace(tokens(second_page)[0], "").replace(
        tokens(second_page)[1], ""
    ) == first_page.replace(tokens(first_page)[0], "").replace(tokens(first_page)[1], "")
    assert send(second, second_page).status_code == 303
    assert send(first, first_page).status_code == 303
    assert db.query(Complaint).count() == 2


def test_a_kept_form_carries_a_token_only_its_own_session_accepts(app, registry, db):
    first, second = app.test_client(), app.test_client()
    visit(first, "/complaints/new?lang=en")
    second_page = visit(second, "/complaints/new?lang=en")
    assert send(first, second_page).status_code == 400  # the other visitor's token
    assert db.query(Complaint).count() == 0


def test_each_language_has_its_own_kept_form(app, registry, drawn):
    visitor = app.test_client()
    english = visit(visitor, "/complaints/new?lang=en")
    chinese = visit(visitor, "/complaints/new?lang=zh")
    assert drawn.count("complaints/new.html") == 2
    assert '<html lang="en">' in english and '<html lang="zh-CN">' in chinese
    assert visit(visitor, "/complaints/new?lang=en").startswith(english.split("csrf_token")[0])


def test_a_signed_in_person_and_a_chosen_office_get_a_page_drawn_for_them(
    app, registry, client, login, drawn
):
    visit(app.test_client(), "/complaints/new?lang=en")  # an anonymous visitor: the page is kept
    chosen = app.test_client().get("/complaints/new?lang=en&office=laishui-in-shijiazhuang").text
    assert 'value="laishui-in-shijiazhuang"' in chosen
    login("supervisor", government=registry.hebei)
    signed_in = visit(client, "/complaints/new?lang=en")
    assert "Sign out" in signed_in
    assert drawn.count("complaints/new.html") == 3
