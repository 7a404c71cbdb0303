"""Issue 19 item 3 (first half): a government's complaint channels, edited by its supervisors
and those above, shown at once on the government page, audited; the dashboard's reminder."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from admin.models import AdminAuditEntry, ChannelCheck
from portal.clock import frozen
from portal.models import Role

TODAY = date(2026, 6, 1)
FORM = {
    "phone": "0311-87654321",
    "email": "xinfang@hebei.example.cn",
    "address": "石家庄市维明南大街 1 号",
    "web": "https://www.hebei.example.cn/xinfang",
    "hours_zh": "工作日 9:00–17:00",
    "hours_en": "Working days 9:00–17:00",
    "reason": "New reception office opened",
}


def sign_in_as(login, registry, who):
    return {
        "hebei": lambda: login(Role.SUPERVISOR, government=registry.hebei),
        "baoding": lambda: login(Role.SUPERVISOR, government=registry.baoding),
        "jilin": lambda: login(Role.SUPERVISOR, government=registry.jilin),
        "national": lambda: login(Role.NATIONAL, government=registry.national),
        "admin": lambda: login(Role.ADMIN),
        "editor": lambda: login(Role.OFFICE_EDITOR, office=registry.laishui_office),
    }[who]()


def fresh_session(client):
    with client.session_transaction() as cookie:
        cookie.clear()


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("hebei", "130000", 200),
        ("hebei", "130600", 200),
        ("baoding", "130600", 200),
        ("baoding", "130000", 404),
        ("jilin", "130000", 404),
        ("national", "000000", 200),
        ("national", "130000", 404),
        ("admin", "220000", 200),
        ("editor", "130000", 404),
        ("admin", "999999", 404),
        ("admin", "abc", 404),
    ],
)
def test_who_may_edit_which_government_s_channels(client, registry, login, who, code, status):
    sign_in_as(login, registry, who)
    assert client.get(f"/admin/governments/{code}/channels").status_code == status


def test_a_visitor_is_sent_to_sign_in(client, registry):
    assert client.get("/admin/governments/130000/channels").status_code == 302


def test_the_change_shows_on_the_government_page_at_once_and_is_audited(
    client, db, registry, login
):
    account = sign_in_as(login, registry, "hebei")
    with frozen(TODAY):
        response = client.post("/admin/governments/130000/channels", data=FORM)
    assert response.headers["Location"] == "/governments/130000"
    page = client.get("/governments/130000?lang=en").get_data(as_text=True)
    assert "0311-87654321" in page and "xinfang@hebei.example.cn" in page
    entry = db.scalar(select(AdminAuditEntry).where(AdminAuditEntry.action == "channels_changed"))
    assert entry.actor_id == account.id and entry.government_id == registry.hebei.id
    assert json.loads(entry.before)["phone"] == "0311-12345678"
    assert json.loads(entry.after)["phone"] == "0311-87654321"
    assert entry.reason == "New reception office opened"
    check = db.get(ChannelCheck, registry.hebei.id)
    assert check.checked_on == TODAY and check.hours_en == "Working days 9:00–17:00"


def test_saving_unchanged_channels_only_records_the_check(client, db, registry, login):
    sign_in_as(login, registry, "hebei")
    client.post("/admin/governments/130000/channels", data=FORM)
    with frozen(date(2027, 6, 1)):
        fresh_session(client)  # a session lasts hours, not a year
        sign_in_as(login, registry, "hebei")
        client.post("/admin/governments/130000/channels", data={**FORM, "reason": ""})
    count = select(func.count()).where(AdminAuditEntry.action == "channels_changed")
    assert db.scalar(count.select_from(AdminAuditEntry)) == 1
    db.expire_all()
    assert db.get(ChannelCheck, registry.hebei.id).checked_on == date(2027, 6, 1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "call me maybe", "A phone number has digits, spaces, +, - and brackets only."),
        ("email", "not-an-address", "This is not a valid email address."),
        ("web", "javascript:alert(1)", "starts with http:// or https://"),
        ("address", "x" * 301, "Field cannot be longer than 300 characters."),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_changes(
    client, db, registry, login, field, value, message
):
    sign_in_as(login, registry, "hebei")
    before = registry.hebei.contact_phone
    response = client.post(
        "/admin/governments/130000/channels?lang=en", data={**FORM, field: value}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.refresh(registry.hebei)
    assert registry.hebei.contact_phone == before
    assert db.get(ChannelCheck, registry.hebei.id) is None


def test_the_dashboard_lists_channels_not_checked_for_a_year(client, db, registry, login):
    with frozen(date(2025, 5, 1)):
        sign_in_as(login, registry, "hebei")
        client.post("/admin/governments/130600/channels", data=FORM)
    with frozen(TODAY):
        fresh_session(client)  # a session lasts hours, not a year
        sign_in_as(login, registry, "hebei")
        client.post("/admin/governments/130000/channels", data=FORM)
        page = client.get("/admin/?lang=en").get_data(as_text=True)
    section = page.split("Complaint channels not checked for a year")[1].split("</li>\n    \n")[0]
    # Hebei was checked today; Baoding more than a year ago, Laishui never.
    assert 'href="/admin/governments/130600/channels"' in section
    assert 'href="/admin/governments/130623/channels"' in section
    assert 'href="/admin/governments/130000/channels"' not in section.split("Your government")[0]
