"""axe in both languages on the two pages only a mailed link opens: the complainant's unsubscribe
page (issue 16 item 2) and the password reset page (issue 19 item 2). Both are only looked at
(GET): nothing is stopped and no password is changed."""

from __future__ import annotations

import sqlite3

import pytest
from itsdangerous import URLSafeSerializer

from complaints.mail import _SALT as UNSUBSCRIBE_SALT
from tests.e2e.conftest import new_page, serious_violations
from tests.e2e.live import SECRET_KEY
from tests.e2e.test_administration import outbox_link

pytestmark = pytest.mark.browser


def a_demo_complaint_id(tmp_path_factory) -> int:
    databases = sorted(tmp_path_factory.getbasetemp().glob("live*/portal.sqlite3"))
    if not databases:
        pytest.skip("the database of a server started elsewhere cannot be read")
    with sqlite3.connect(databases[-1]) as connection:
        return connection.execute("SELECT min(id) FROM complaint").fetchone()[0]


def test_the_unsubscribe_page_in_both_languages(browser, live_server, tmp_path_factory):
    token = URLSafeSerializer(SECRET_KEY, salt=UNSUBSCRIBE_SALT).dumps(
        {"complaint": a_demo_complaint_id(tmp_path_factory)}
    )
    page = new_page(browser, live_server)
    for language in ("zh", "en"):
        response = page.goto(f"/complaints/unsubscribe/{token}?lang={language}")
        assert response.status == 200
        assert page.locator("html").get_attribute("lang").startswith(language)
        assert page.locator("form button").count() == 1  # it asks; only the button stops mail
        assert serious_violations(page) == [], language
    page.context.close()


def test_the_password_reset_page_in_both_languages(browser, live_server, tmp_path_factory):
    page = new_page(browser, live_server, locale="en-GB")
    page.goto("/password/forgotten?lang=en")
    page.get_by_label("Email address").fill("editor3@demo.example.cn")
    page.get_by_role("button", name="Send the link").click()
    link = outbox_link(tmp_path_factory, "/password/reset/")
    for language in ("zh", "en"):
        response = page.goto(f"{link}?lang={language}")
        assert response.status == 200
        assert page.locator('input[type="password"]').count() == 2
        assert serious_violations(page) == [], language
    page.context.close()
