"""Posts larger than the upload pages allow get 413 with the page's own message.

The attack: a 55 MB upload, under the app-wide 60 MB limit, went through to the CSRF check (a
400) because the page's own 52 MB limit was set in the view, after the form had been read.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from complaints.models import Complaint

BOUNDARY = "portal-test-boundary"


def multipart(megabytes: int) -> bytes:
    """A complaint post with one file of `megabytes` MB (built as bytes: nothing left open)."""
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="body"\r\n\r\nx\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename="big.pdf"'
            "\r\nContent-Type: application/pdf\r\n\r\n"
        ).encode()
        + bytes(megabytes * 1024 * 1024)
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def post(client, url, megabytes):
    return client.post(
        url, data=multipart(megabytes), content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


@pytest.fixture
def app_config(app_config):
    """CSRF on, as in production: the CSRF check reads the form before any view runs."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.mark.parametrize("url", ["/complaints/new", "/complaints/track/reply"])
def test_a_post_above_the_pages_limit_gets_413_with_the_pages_message(registry, client, db, url):
    """55 MB: under the app-wide 60 MB, over the upload pages' 52 MB."""
    response = post(client, url, 55)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "You can attach up to 5 files of at most 10 MB each, 50 MB in all" in page
    assert db.scalar(select(func.count()).select_from(Complaint)) == 0


def test_a_post_above_the_app_wide_limit_gets_the_same_page(registry, client):
    response = post(client, "/complaints/new", 61)
    assert response.status_code == 413
    assert "You can attach up to 5 files" in response.get_data(as_text=True)
