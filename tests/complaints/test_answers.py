"""Tracking shows what the complainant entered; their answer to a request for information returns
the complaint to the supervisor's to-do with a "new information" marker (issue 16 item 3)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from complaints import supervision
from complaints.models import AuditEntry, ComplaintStatus
from portal.models import Role
from tests.complaints.test_supervise import file_complaint


def track(app, complaint, secret):
    citizen = app.test_client()
    citizen.set_cookie("lang", "en")
    tracked = citizen.post(
        "/complaints/track", data={"reference": complaint.reference, "secret": secret}
    )
    assert tracked.status_code == 303
    return citizen


def test_tracking_shows_the_date_and_place_entered(app, db, registry):
    complaint, secret = file_complaint(
        app, db, occurred_on=date(2026, 3, 14), occurred_where="Grand Hotel, room 3"
    )
    page = track(app, complaint, secret).get("/complaints/track").text
    assert '<dd id="occurred-on">2026-03-14</dd>' in page
    assert '<dd id="occurred-where">Grand Hotel, room 3</dd>' in page
    assert "given; only the governments handling the complaint see them" in page
    assert "Wang Fang" not in page  # the details themselves are not repeated


def test_tracking_says_not_given_and_anonymous(app, db, registry):
    complaint, secret = file_complaint(app, db, contact_name=None, contact_email=None)
    page = track(app, complaint, secret).get("/complaints/track").text
    assert '<dd id="occurred-on">not given</dd>' in page
    assert "none: you stayed anonymous" in page


def test_an_answer_returns_the_complaint_to_the_to_do_with_a_marker(
    app, client, db, login, registry
):
    complaint, secret = file_complaint(app, db)
    officer = login(Role.SUPERVISOR, government=registry.baoding)
    supervision.acknowledge(db, complaint, officer, notify=False)
    supervision.request_information(db, complaint, officer, "Which hotel?", notify=False)
    db.commit()
    client.set_cookie("lang", "en")
    assert "new information" not in client.get("/supervise/").text

    citizen = track(app, complaint, secret)
    waiting = citizen.get("/complaints/track").text
    assert "Waiting for information from you" in waiting
    replied = citizen.post("/complaints/track/reply", data={"body": "The Grand Hotel."})
    assert replied.status_code == 303
    db.refresh(complaint)
    assert complaint.status == ComplaintStatus.IN_PROGRESS
    after = citizen.get("/complaints/track").text
    assert "Waiting for information from you" not in after
    assert "Your information was received" in after
    entry = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor_id) == ("resume", None)
    assert entry.detail["because"] == "information_received"

    queue = client.get("/supervise/").text
    row = queue[queue.index(complaint.reference) :].split("</tr>")[0]
    assert "Being handled" in row and "new information" in row
    detail = client.get(f"/supervise/complaints/{complaint.reference}").text
    assert 'id="new-information"' in detail and "The Grand Hotel." in detail

    # The supervisor acts on it: the marker goes.
    supervision.message(db, complaint, officer, "Thank you.", notify=False)
    db.commit()
    queue = client.get("/supervise/").text
    row = queue[queue.index(complaint.reference) :].split("</tr>")[0]
    assert "new information" not in row
    assert (
        'id="new-information"'
        not in client.get(f"/supervise/complaints/{complaint.reference}").text
    )


def test_a_message_while_in_progress_keeps_the_status_and_marks_it(
    app, client, db, login, registry
):
    complaint, secret = file_complaint(app, db)
    officer = login(Role.SUPERVISOR, government=registry.baoding)
    supervision.acknowledge(db, complaint, officer, notify=False)
    db.commit()
    citizen = track(app, complaint, secret)
    citizen.post("/complaints/track/reply", data={"body": "One more receipt."})
    db.refresh(complaint)
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED
    detail = client.get(f"/supervise/complaints/{complaint.reference}?lang=en").text
    assert 'id="new-information"' in detail
