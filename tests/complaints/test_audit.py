"""The audit log: actions and viewings recorded, append-only, seen and exported by national/admin."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from complaints.models import AuditEntry
from portal.models import Role
from tests.complaints.conftest import png_bytes
from tests.complaints.test_supervise import file_complaint


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def test_actions_and_viewings_are_recorded(app, db, client, login, registry):
    complaint, _ = file_complaint(app, db, files=[("scan.png", png_bytes())])
    me = login(Role.SUPERVISOR, government=registry.baoding)
    url = f"/supervise/complaints/{complaint.reference}"
    client.post(f"{url}/acknowledge")
    client.post(f"{url}/note", data={"body": "Internal."})
    client.get(f"{url}/contact")
    client.get(f"{url}/attachments/{complaint.attachments[0].id}")
    client.get(url)  # reading the page itself is not an audited viewing of personal data
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == [
        "acknowledge",
        "note",
        "view_contact",
        "download_attachment",
    ]
    assert all(e.actor_id == me.id and e.complaint_id == complaint.id for e in entries)
    assert "wang" not in str([e.detail for e in entries]).lower()  # no personal data in details


def test_refused_action_leaves_no_entry(app, db, client, login, registry):
    complaint, _ = file_complaint(app, db)
    login(Role.SUPERVISOR, government=registry.baoding)
    response = client.post(f"/supervise/complaints/{complaint.reference}/resume")
    assert response.status_code == 409
    assert db.scalars(select(AuditEntry)).all() == []


@pytest.mark.parametrize("role", [Role.NATIONAL, Role.ADMIN])
def test_national_and_admin_read_and_export(app, db, client, login, registry, role):
    complaint, _ = file_complaint(app, db)
    supervisor = login(Role.SUPERVISOR, government=registry.baoding)
    client.get(f"/supervise/complaints/{complaint.reference}/contact")
    login(role, government=registry.national if role == Role.NATIONAL else None)
    page = client.get("/supervise/audit?lang=en").get_data(as_text=True)
    assert supervisor.email in page and "Contact details viewed" in page
    export = client.get("/supervise/audit.csv")
    assert export.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert rows[0]["action"] == "view_contact" and rows[0]["complaint"] == complaint.reference


def test_no_route_edits_or_deletes_entries(app):
    rules = [r for r in app.url_map.iter_rules() if "audit" in r.rule]
    assert rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)
