"""The page cache of a process: a public page is drawn once per data version and language."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.database import database
from portal.findings_outbox import bump_data_version
from portal.findings_pages import VERSION_MEMO
from portal.models import Office
from tests.portal.test_pages import counting_queries, text_of


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PAGE_CACHE_ENTRIES": 16}


def selects_for(client, path: str, **headers) -> tuple[int, object]:
    database.session.remove()  # a fresh session, as in a real request
    with counting_queries() as statements:
        response = client.get(path, headers=headers)
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")]), response


def test_a_public_page_is_drawn_once_per_version_and_kept_until_the_data_changes(
    client, db, registry
):
    path = "/offices/laishui-in-shijiazhuang"
    drawn, first = selects_for(client, path)
    kept, second = selects_for(client, path)
    assert kept == 1 < drawn  # the data's version, nothing else
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    office = db.scalar(select(Office).where(Office.slug == "laishui-in-shijiazhuang"))
    office.phone = "0312-7654321"
    db.commit()
    redrawn, third = selects_for(client, path)
    assert redrawn == drawn and "0312-7654321" in text_of(third)


def test_each_language_is_kept_apart_and_a_signed_in_visitor_never_gets_a_kept_page(
    client, login, registry
):
    path = "/offices/"
    chinese = client.get(path)
    client.set_cookie("lang", "en")
    english = client.get(path)
    assert "Offices matching the filters" in text_of(english)
    assert text_of(english) != text_of(chinese)
    assert text_of(client.get(path)) == text_of(english)
    client.delete_cookie("lang")
    assert text_of(client.get(path)) == text_of(chinese)
    login("admin")
    signed_in = client.get(path)
    assert "Sign out" in text_of(signed_in) or "退出" in text_of(signed_in)
    assert signed_in.headers["Cache-Control"] == "no-store"


def test_english_pages_are_kept_too_and_never_served_for_chinese(client, registry):
    """Kept under the language and the address: `?lang=en` pages too (issue 15 item 8)."""
    path = "/offices/laishui-in-shijiazhuang"
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    drawn, english = selects_for(client, path, **english_browser)
    assert '<html lang="en">' in text_of(english)
    redrawn, chinese = selects_for(client, path)  # same address, no cookie: Chinese, drawn
    assert redrawn > 1 and '<html lang="zh-CN">' in text_of(chinese)
    assert chinese.headers["ETag"] != english.headers["ETag"]
    kept, english_again = selects_for(client, path, **english_browser)
    assert kept == 1 and english_again.get_data() == english.get_data()
    assert "Accept-Language" in english_again.headers["Vary"]
    kept, chinese_again = selects_for(client, path, **{"Accept-Language": "zh-CN"})
    assert kept == 1 and chinese_again.get_data() == chinese.get_data()
    # Chosen in the address: drawn once, then kept (the links in it say lang=en).
    drawn, chosen = selects_for(client, f"{path}?lang=en")
    kept, chosen_again = selects_for(client, f"{path}?lang=en")
    assert kept == 1 < drawn and chosen_again.get_data() == chosen.get_data()
    assert "/governments/130623?lang=en" in text_of(chosen_again)
    assert chosen_again.headers["ETag"] == english.headers["ETag"]
    # The cookie that choice set: English again for the plain address, never the Chinese page.
    kept, remembered = selects_for(client, path)
    assert kept == 1 and remembered.get_data() == english.get_data()
    client.delete_cookie("lang")
    assert selects_for(client, path)[1].get_data() == chinese.get_data()


class TestTheVersionReadOncePerInterval:
    """PORTAL_VERSION_SECONDS: a busy process reads the data's version once per interval."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "PAGE_CACHE_ENTRIES": 16, "VERSION_SECONDS": 60}

    def test_a_kept_page_costs_no_query_and_a_change_made_here_shows_at_once(
        self, client, db, registry
    ):
        path = "/offices/laishui-in-shijiazhuang"
        selects_for(client, path)
        kept, _ = selects_for(client, path)
        assert kept == 0
        office = db.scalar(select(Office).where(Office.slug == "laishui-in-shijiazhuang"))
        office.phone = "0312-7654321"
        db.commit()
        _, page = selects_for(client, path)
        assert "0312-7654321" in text_of(page)

    def test_another_workers_change_shows_once_the_interval_has_passed(
        self, app, client, db, registry
    ):
        path = "/offices/laishui-in-shijiazhuang"
        before = selects_for(client, path)[1].headers["ETag"]
        with database.engine.begin() as other_worker:  # no ORM session: this process is not told
            bump_data_version(other_worker)
        assert selects_for(client, path)[1].headers["ETag"] == before
        app.extensions[VERSION_MEMO].read_at -= 60
        assert selects_for(client, path)[1].headers["ETag"] != before
