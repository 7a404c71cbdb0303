"""Templates for public outcomes (issue 16 item 13): the supervisor picks an outcome, starts from
its template, edits it and closes; starting from a template saves nothing."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from complaints import supervision
from complaints.models import AuditEntry, ComplaintStatus
from complaints.outcome_templates import OUTCOME_TEMPLATES, starting_text
from portal.models import Role
from tests.complaints.test_supervise import file_complaint


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def test_every_outcome_has_a_template_and_typed_text_is_kept(app):
    with app.test_request_context("/?lang=en"):
        for outcome in OUTCOME_TEMPLATES:
            assert starting_text(outcome.value, "").startswith("**")
        kept = starting_text("upheld", "We visited on Monday.")
        assert kept.startswith("We visited on Monday.\n\n**Upheld.**")
        assert starting_text("shrug", "") is None


def test_pick_edit_and_close(app, client, db, login, registry):
    complaint, _ = file_complaint(app, db)
    me = login(Role.SUPERVISOR, government=registry.baoding)
    supervision.acknowledge(db, complaint, me)
    db.commit()
    url = f"/supervise/complaints/{complaint.reference}/close"
    page = client.post(url, data={"outcome": "not_upheld", "use_template": "1"})
    assert page.status_code == 200
    text = html.unescape(page.get_data(as_text=True))
    assert "**Not upheld.** We checked [what: records, invoices, a visit]" in text
    db.expire_all()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED  # nothing saved
    assert db.scalars(select(AuditEntry).where(AuditEntry.action == "close")).all() == []
    missing = client.post(url, data={"use_template": "1"})
    assert missing.status_code == 400 and "Choose an outcome." in missing.get_data(as_text=True)
    edited = "**Not upheld.** We checked the invoices: the dinner was within the standard."
    done = client.post(url, data={"outcome": "not_upheld", "summary": edited, "confirm": "1"})
    assert done.status_code == 303
    db.expire_all()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.outcome_summary == edited
