"""The routing preview before sending (issue 16 item 4): without JavaScript, a "preview" submit
shows who will receive the complaint and why, keeps what was typed and saves nothing; an office
chosen in the form is previewed like one coming from an office page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from complaints.models import Complaint
from tests.complaints.conftest import complaint_form

HANDLES = "Handles the complaint: the government directly above the one that established"
COPY = "Receives a copy: the office is in another province"
UNLISTED = "Handles the complaint: the office is not in the registry"


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def preview(client, **fields):
    data = complaint_form(preview="1", **fields)
    return client.post("/complaints/new", data=data, content_type="multipart/form-data")


def routes_part(page: str) -> str:
    start = page.index('id="routing-preview"')
    return page[start : page.index("</div>", start)]


def count(db) -> int:
    return db.scalar(select(func.count()).select_from(Complaint))


def test_preview_of_an_office_chosen_in_the_form_saves_nothing(client, db, registry):
    response = preview(client, body="Half typed", office="laishui-in-shijiazhuang")
    assert response.status_code == 200
    part = routes_part(response.get_data(as_text=True))
    assert "Baoding" in part and "Handles it" in part and HANDLES in part
    assert "Copied" not in part  # Laishui's office is in Hebei's own capital: no copy
    assert "Half typed" in response.get_data(as_text=True)  # what was typed is kept
    assert count(db) == 0


def test_preview_names_the_copied_province_and_its_rule(client, db, registry):
    part = routes_part(preview(client, office="baoding-in-guangzhou").get_data(as_text=True))
    assert part.index("Hebei") < part.index("Guangdong")  # the lead first
    assert HANDLES in part and COPY in part and "Copied" in part
    assert count(db) == 0


def test_unlisted_office_previews_its_province_or_asks_for_it(client, db, registry):
    fields = {"office": "__unlisted__", "unlisted_name": "A house", "unlisted_city": "Changchun"}
    part = routes_part(preview(client, unlisted_province="220000", **fields).get_data(as_text=True))
    assert "Jilin" in part and UNLISTED in part
    missing = preview(client, **fields)
    assert missing.status_code == 400
    assert "Choose the province where the office is." in missing.get_data(as_text=True)
    assert count(db) == 0


def test_coming_from_an_office_page_shows_the_receivers_at_once(client, registry):
    page = client.get("/complaints/new?office=baoding-in-guangzhou").get_data(as_text=True)
    part = routes_part(page)
    assert "Hebei" in part and "Guangdong" in part
    empty = routes_part(client.get("/complaints/new").get_data(as_text=True))
    assert "Hebei" not in empty and "Show who will receive it" in empty


def test_sending_still_files_the_complaint(post_complaint, db, registry):
    assert post_complaint().status_code == 200
    assert count(db) == 1
