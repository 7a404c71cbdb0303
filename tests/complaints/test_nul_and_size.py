"""NUL bytes in what people type are refused with a message before they reach the database.

The attack: a NUL byte (%00) in any text field or query parameter, which PostgreSQL refuses
(a 500 before). Run this module on PostgreSQL too (PORTAL_TEST_BACKEND=postgresql): that is
where a NUL byte used to break.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from complaints.models import Complaint, ComplaintEvent, ComplaintTag
from complaints.views.track import TRACKED, TRACKED_AT
from portal.models import Role
from tests.complaints.conftest import complaint_form
from tests.complaints.test_supervise import file_complaint

NUL_MESSAGE = "This field contains an invisible control character (NUL) that is not allowed."
NUL = "\x00"


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "fields",
    [
        {"body": f"Banquet{NUL}receipts"},
        {"occurred_where": f"Shijiazhuang{NUL}"},
        {"contact_name": f"Li{NUL}Wei"},
        {"contact_phone": f"138{NUL}"},
        {"contact_email": f"li{NUL}@example.cn"},
        {"category": f"other{NUL}"},
        {"office": f"laishui-in-shijiazhuang{NUL}"},
        {"office": "__unlisted__", "unlisted_name": f"Office{NUL}", "unlisted_city": "Xi'an"},
        {"office": "__unlisted__", "unlisted_name": "Office", "unlisted_city": f"Xi{NUL}"},
        {
            "office": "__unlisted__",
            "unlisted_name": "O",
            "unlisted_city": "X",
            "unlisted_runner": NUL,
        },
        {
            "office": "__unlisted__",
            "unlisted_name": "O",
            "unlisted_city": "X",
            "unlisted_province": NUL,
        },
    ],
    ids=lambda fields: next(name for name, value in fields.items() if NUL in value),
)
def test_a_nul_in_any_complaint_field_is_refused_on_that_field(registry, client, db, fields):
    response = client.post("/complaints/new", data=complaint_form(**fields))
    assert response.status_code == 400
    field = next(name for name, value in fields.items() if NUL in value)
    page = response.get_data(as_text=True)
    assert NUL_MESSAGE in page
    if field not in ("office", "category"):  # radio groups show their error above the choices
        assert f'id="{field}-error">{NUL_MESSAGE}' in page
    assert count(db, Complaint) == 0


def test_the_nul_message_is_in_chinese(registry, client):
    client.set_cookie("lang", "zh")
    response = client.post("/complaints/new", data=complaint_form(body=f"x{NUL}"))
    assert response.status_code == 400
    assert "不可见控制字符（NUL）" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["reference", "secret"])
def test_a_nul_in_the_tracking_sign_in_is_refused(registry, client, field):
    data = {"reference": "TS-2026-AAAAAA", "secret": "B" * 28, field: f"TS{NUL}"}
    response = client.post("/complaints/track", data=data)
    assert response.status_code == 400 and NUL_MESSAGE in response.get_data(as_text=True)


def test_a_nul_in_a_complainants_reply_is_refused(app, db, client, registry):
    complaint, _ = file_complaint(app, db)
    with client.session_transaction() as cookie:
        cookie[TRACKED], cookie[TRACKED_AT] = complaint.id, int(time.time())
    before = count(db, ComplaintEvent)
    response = client.post("/complaints/track/reply", data={"body": f"more{NUL}"})
    assert response.status_code == 400 and NUL_MESSAGE in response.get_data(as_text=True)
    assert count(db, ComplaintEvent) == before


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("tag", {"tag": f"leak{NUL}"}, "tag"),
        ("note", {"body": f"x{NUL}"}, "body"),
        ("message", {"body": f"x{NUL}"}, "body"),
        ("request_information", {"body": f"x{NUL}"}, "body"),
        ("extend", {"days": "5", "reason": f"x{NUL}"}, "reason"),
        ("transfer", {"government": f"13000{NUL}", "reason": "x"}, "government"),
        ("transfer", {"government": "130000", "reason": f"x{NUL}"}, "reason"),
        ("close", {"outcome": "upheld", "summary": f"x{NUL}", "confirm": "1"}, "summary"),
    ],
)
def test_a_nul_in_a_supervisors_form_is_refused_on_its_field(
    app, db, client, login, registry, action, data, field
):
    complaint, _ = file_complaint(app, db)
    login(Role.SUPERVISOR, government=registry.baoding)
    base = f"/supervise/complaints/{complaint.reference}"
    client.post(f"{base}/acknowledge")
    events = count(db, ComplaintEvent)
    response = client.post(f"{base}/{action}", data=data)
    assert response.status_code == 400
    assert f'id="{action}-{field}-error">{NUL_MESSAGE}' in response.get_data(as_text=True)
    assert count(db, ComplaintEvent) == events and count(db, ComplaintTag) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/complaints/new?q=%00",
        "/complaints/contact?q=x%00",
        "/complaints/contact?province=%00",
        "/supervise/?tag=%00",
        "/supervise/?office=x%00",
        "/supervise/export.csv?tag=%00",
    ],
)
def test_a_nul_in_a_query_parameter_is_a_400_with_a_message(client, login, registry, url):
    login(Role.SUPERVISOR, government=registry.baoding)
    response = client.get(url)
    assert response.status_code == 400
    # The page's own message, or the portal's for a NUL anywhere in the address.
    assert "NUL" in response.get_data(as_text=True)
