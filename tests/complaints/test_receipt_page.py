"""The receipt after filing: POST/redirect/GET, the secret shown once, print and text download,
the tracking link and its prefilled reference (issue 16 item 1)."""

from __future__ import annotations

import re

from sqlalchemy import select

from complaints.models import Complaint
from tests.complaints.conftest import complaint_form

SECRET = re.compile(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}")


def cookies_text(client) -> str:
    return " ".join(f"{c.key}={c.value}" for c in client._cookies.values())


def test_the_form_redirects_and_the_receipt_shows_the_secret_once(registry, client, db):
    posted = client.post("/complaints/new?lang=en", data=complaint_form())
    assert posted.status_code == 303
    assert posted.headers["Location"].endswith("/complaints/receipt")
    reference = db.scalar(select(Complaint.reference))

    first = client.get("/complaints/receipt")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(first.text).group(0)
    assert reference in first.text
    assert "Print this receipt" in first.text and "Save as a text file" in first.text
    # The secret works, and it never sat in a cookie.
    assert secret not in cookies_text(client) and secret.replace("-", "") not in cookies_text(
        client
    )

    again = client.get("/complaints/receipt")
    assert again.status_code == 200
    assert reference in again.text
    assert SECRET.search(again.text) is None
    assert "The secret was shown once" in again.text

    tracked = client.post("/complaints/track", data={"reference": reference, "secret": secret})
    assert tracked.status_code == 303


def test_a_reload_of_the_receipt_never_files_again(registry, client, db):
    client.post("/complaints/new?lang=en", data=complaint_form())
    for _ in range(3):
        assert client.get("/complaints/receipt").status_code == 200
    assert len(db.scalars(select(Complaint)).all()) == 1


def test_a_retried_form_shows_the_same_secret_with_a_notice(registry, client, db):
    data = complaint_form()
    first = client.post("/complaints/new?lang=en", data=dict(data), follow_redirects=True)
    second = client.post("/complaints/new?lang=en", data=dict(data), follow_redirects=True)
    assert SECRET.search(first.text).group(0) == SECRET.search(second.text).group(0)
    assert "This form had already been sent" in second.text
    assert "This form had already been sent" not in first.text


def test_another_browser_sees_no_receipt(registry, app, client, db):
    client.post("/complaints/new?lang=en", data=complaint_form())
    stranger = app.test_client()
    page = stranger.get("/complaints/receipt?lang=en")
    assert page.status_code == 404
    assert "There is no receipt to show" in page.text
    assert db.scalar(select(Complaint.reference)) not in page.text


def test_the_track_link_carries_the_reference_and_prefills_it(registry, client, db):
    receipt = client.post(
        "/complaints/new?lang=en", data=complaint_form(), follow_redirects=True
    ).text
    reference = db.scalar(select(Complaint.reference))
    link = f"/complaints/track?reference={reference}&amp;lang=en"
    assert f'href="{link}"' in receipt
    secret = SECRET.search(receipt).group(0)
    assert secret not in re.findall(r'href="([^"]*)"', receipt).__str__()
    login = client.get(link)
    assert re.search(rf'name="reference"[^>]*value="{reference}"', login.text), login.text


def test_the_text_download_holds_reference_and_secret(registry, client, db):
    receipt = client.post(
        "/complaints/new?lang=en", data=complaint_form(), follow_redirects=True
    ).text
    reference = db.scalar(select(Complaint.reference))
    secret = SECRET.search(receipt).group(0)
    download = client.post(
        "/complaints/receipt.txt", data={"reference": reference, "secret": secret}
    )
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert download.headers["Content-Disposition"] == f'attachment; filename="{reference}.txt"'
    assert download.headers["Cache-Control"] == "no-store"
    text = download.get_data(as_text=True)
    assert reference in text and secret in text
    assert f"/complaints/track?reference={reference}" in text


def test_the_text_download_refuses_what_is_not_a_receipt(registry, client):
    client.get("/complaints/new")
    for data in (
        {},
        {"reference": "TS-2026-AAAAAA", "secret": "short"},
        {"reference": "<script>", "secret": "B" * 28},
    ):
        refused = client.post("/complaints/receipt.txt?lang=en", data=data)
        assert refused.status_code == 400
        assert "This is not a receipt" in refused.text


def test_the_receipt_is_in_chinese_by_default(registry, client, db):
    page = client.post("/complaints/new", data=complaint_form(), follow_redirects=True).text
    assert "投诉已收到" in page
    again = client.get("/complaints/receipt").text
    assert "密码只显示一次" in again
