"""Isolation: every supervisor route, every role, several governments: out of scope is a 404."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from complaints.forms import ACTION_FORMS
from complaints.models import AuditEntry, ComplaintEvent
from portal.models import Role
from tests.complaints.conftest import png_bytes
from tests.complaints.test_supervise import file_complaint

ACTION_DATA = {
    "assign": {"assignee": "1"},
    "tag": {"tag": "leak"},
    "note": {"body": "x"},
    "message": {"body": "x"},
    "request_information": {"body": "x"},
    "extend": {"days": "5", "reason": "x"},
    "transfer": {"government": "000000", "reason": "x"},
    "close": {"outcome": "upheld", "summary": "x", "confirm": "1"},
}


def routes_for(complaint):
    base = f"/supervise/complaints/{complaint.reference}"
    gets = [base, f"{base}/contact", f"{base}/attachments/{complaint.attachments[0].id}"]
    posts = [(f"{base}/{action}", ACTION_DATA.get(action, {})) for action in ACTION_FORMS]
    return gets, posts


@pytest.fixture
def yanji_complaint(app, db, registry):
    """A complaint about the Yanji office: Yanbian handles it; Jilin is the province above."""
    complaint, _ = file_complaint(
        app, db, office="yanji-in-changchun", files=[("secret.png", png_bytes())]
    )
    return complaint


def outsiders(registry):
    return [
        (Role.SUPERVISOR, registry.baoding, None),
        (Role.SUPERVISOR, registry.hebei, None),
        (Role.SUPERVISOR, registry.guangdong, None),
        (Role.SUPERVISOR, registry.laishui, None),
        (Role.SUPERVISOR, registry.yanji, None),  # the establishing government itself
        (Role.OFFICE_EDITOR, None, registry.yanji_office),
    ]


def test_outsiders_get_404_everywhere_and_change_nothing(
    app, db, client, login, registry, yanji_complaint
):
    gets, posts = routes_for(yanji_complaint)
    events_before = db.scalar(select(func.count()).select_from(ComplaintEvent))
    for role, government, office in outsiders(registry):
        login(role, government=government, office=office)
        queue = client.get("/supervise/").get_data(as_text=True)
        assert yanji_complaint.reference not in queue, (role, government)
        export = client.get("/supervise/export.csv").get_data(as_text=True)
        assert yanji_complaint.reference not in export
        for url in gets:
            assert client.get(url).status_code == 404, (role, government, url)
        for url, data in posts:
            assert client.post(url, data=data).status_code == 404, (role, government, url)
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(ComplaintEvent)) == events_before
    actions = set(db.scalars(select(AuditEntry.action)))
    assert actions == {"export_queue"}  # only the outsiders' own (empty) exports
    assert yanji_complaint.status.value == "submitted"


def test_unknown_reference_is_the_same_404(client, login, registry, yanji_complaint):
    login(Role.SUPERVISOR, government=registry.baoding)
    unknown = client.get("/supervise/complaints/TS-2026-ZZZZZZ")
    hidden = client.get(f"/supervise/complaints/{yanji_complaint.reference}")
    assert unknown.status_code == hidden.status_code == 404
    # The same page but for the path in the language switch.
    ref = yanji_complaint.reference
    assert unknown.get_data(True).replace("TS-2026-ZZZZZZ", ref) == hidden.get_data(True)


def test_province_above_reads_but_cannot_act_or_see_contact(
    client, db, login, registry, yanji_complaint
):
    gets, posts = routes_for(yanji_complaint)
    login(Role.SUPERVISOR, government=registry.jilin)
    assert client.get(gets[0]).status_code == 200
    assert client.get(gets[1]).status_code == 404  # contact details: routed governments only
    assert client.get(gets[2]).status_code == 404  # files: like the contact details (item 11)
    for url, data in posts:
        refused = client.post(url, data=data)
        # The right to act is checked before the workflow: a refused action (400), never a 409
        # about the complaint's status; the page is the read-only complaint page again.
        assert refused.status_code == 400, url
        assert f'{yanji_complaint.reference}/acknowledge"' not in refused.text  # no action form
    db.expire_all()
    assert yanji_complaint.status.value == "submitted"
    assert not [e for e in yanji_complaint.events if e.kind.value in ("note", "tagged")]


def test_admin_reads_but_cannot_act(client, db, login, registry, yanji_complaint):
    gets, posts = routes_for(yanji_complaint)
    login(Role.ADMIN)
    assert client.get(gets[0]).status_code == 200
    assert client.get(gets[1]).status_code == 404
    assert client.get(gets[2]).status_code == 404  # files may identify the complainant
    for url, data in posts:
        refused = client.post(url, data=data)
        # The right to act is checked before the workflow: a refused action (400), never a 409
        # about the complaint's status; the page is the read-only complaint page again.
        assert refused.status_code == 400, url
        assert f'{yanji_complaint.reference}/acknowledge"' not in refused.text  # no action form


def test_anonymous_visitor_is_sent_to_sign_in(client, yanji_complaint):
    gets, posts = routes_for(yanji_complaint)
    for url in [*gets, "/supervise/", "/supervise/audit"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    for url, data in posts:
        assert client.post(url, data=data).status_code == 302


def test_state_changes_are_post_only(client, login, registry, yanji_complaint):
    login(Role.SUPERVISOR, government=registry.yanbian)
    url = f"/supervise/complaints/{yanji_complaint.reference}/acknowledge"
    assert client.get(url).status_code == 405


def test_post_without_csrf_token_is_refused(app, db, client, login, registry, yanji_complaint):
    app.config["WTF_CSRF_ENABLED"] = True  # Flask-WTF reads it on every request
    login(Role.SUPERVISOR, government=registry.yanbian)
    url = f"/supervise/complaints/{yanji_complaint.reference}/acknowledge"
    assert client.post(url).status_code == 400
    db.expire_all()
    assert yanji_complaint.status.value == "submitted"
    page = client.get(f"/supervise/complaints/{yanji_complaint.reference}").get_data(True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert client.post(url, data={"csrf_token": token}).status_code == 303
    db.expire_all()
    assert yanji_complaint.status.value == "acknowledged"
