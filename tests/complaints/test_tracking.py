"""Tracking by reference and secret: POST only, generic failure, replies, outcome once closed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintOutcome,
    ComplaintStatus,
    EventKind,
)
from portal.clock import utcnow

SECRET = r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}"


@pytest.fixture
def filed(registry, post_complaint, db):
    """(reference, secret) of a complaint filed through the form."""
    response = post_complaint()
    return db.scalar(select(Complaint.reference)), re.search(SECRET, response.text).group(0)


def test_tracking_shows_status_routing_and_deadlines(client, filed):
    reference, secret = filed
    response = client.post("/complaints/track", data={"reference": reference, "secret": secret})
    assert response.status_code == 303
    assert (
        secret not in response.headers["Location"] and reference not in response.headers["Location"]
    )
    page = client.get("/complaints/track?lang=en").text
    assert reference in page
    assert "Submitted, awaiting acknowledgement" in page
    assert "Baoding" in page
    assert "supervises it" in page  # the routing reason
    assert "Acknowledgement due by" in page


def test_the_secret_may_be_typed_loosely(client, filed):
    reference, secret = filed
    loose = " " + secret.lower().replace("-", " ") + " "
    response = client.post(
        "/complaints/track", data={"reference": reference.lower(), "secret": loose}
    )
    assert response.status_code == 303


def test_a_wrong_secret_and_an_unknown_reference_get_the_same_message(client, filed):
    reference, _secret = filed
    wrong = client.post(
        "/complaints/track?lang=en", data={"reference": reference, "secret": "A" * 28}
    )
    unknown = client.post(
        "/complaints/track?lang=en", data={"reference": "TS-2026-ZZZZZZ", "secret": "A" * 28}
    )
    assert wrong.status_code == unknown.status_code == 400
    message = "The reference and secret do not match a complaint"
    assert message in wrong.text and message in unknown.text
    assert reference not in wrong.text.replace(f'value="{reference}"', "")
    assert client.get("/complaints/track?lang=en").text.count("Show the complaint") >= 1


def test_the_complainant_can_reply_with_an_attachment(client, filed, db):
    import io

    from tests.complaints.conftest import png_bytes

    reference, secret = filed
    client.post("/complaints/track", data={"reference": reference, "secret": secret})
    response = client.post(
        "/complaints/track/reply",
        data={
            "body": "The dinner was on 3 May.",
            "attachments": [(io.BytesIO(png_bytes()), "bill.png")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    event = db.scalar(
        select(ComplaintEvent).where(ComplaintEvent.kind == EventKind.COMPLAINANT_MESSAGE)
    )
    assert event.body == "The dinner was on 3 May." and event.public
    assert [a.filename for a in event.attachments] == ["bill.png"]
    page = client.get("/complaints/track").text
    assert "The dinner was on 3 May." in page


def test_without_tracking_a_reply_is_refused(client, filed, db):
    response = client.post("/complaints/track/reply", data={"body": "hello"})
    assert response.status_code == 303
    assert (
        db.scalar(
            select(ComplaintEvent).where(ComplaintEvent.kind == EventKind.COMPLAINANT_MESSAGE)
        )
        is None
    )


def test_supervisor_messages_and_the_public_outcome_are_shown_but_not_notes(client, filed, db):
    reference, secret = filed
    complaint = db.scalar(select(Complaint))
    db.add(
        ComplaintEvent(complaint=complaint, kind=EventKind.NOTE, body="internal: call the hotel")
    )
    db.add(
        ComplaintEvent(
            complaint=complaint,
            kind=EventKind.MESSAGE,
            public=True,
            body="We are checking the bills.",
        )
    )
    complaint.status = ComplaintStatus.CLOSED
    complaint.outcome = ComplaintOutcome.UPHELD
    complaint.closed_at = utcnow()
    complaint.outcome_summary = "The office **repaid** the cost. <script>x</script>"
    db.commit()
    client.post("/complaints/track", data={"reference": reference, "secret": secret})
    page = client.get("/complaints/track?lang=en").text
    assert "We are checking the bills." in page
    assert "internal: call the hotel" not in page
    assert "Upheld" in page and "<strong>repaid</strong>" in page
    assert "<script>x</script>" not in page


def test_a_closed_complaint_takes_no_more_replies(client, filed, db):
    reference, secret = filed
    complaint = db.scalar(select(Complaint))
    complaint.status = ComplaintStatus.CLOSED
    complaint.outcome = ComplaintOutcome.NOT_UPHELD
    complaint.closed_at = utcnow()
    db.commit()
    client.post("/complaints/track", data={"reference": reference, "secret": secret})
    response = client.post("/complaints/track/reply?lang=en", data={"body": "One more thing"})
    assert response.status_code == 400
    assert "This complaint is closed" in response.text
    assert "Not upheld" in response.text
