"""E-mail to the complainant (issue 16 item 2): only with an address AND the box ticked; the
receipt (reference, never the secret) and one message at each public change of status, each
with an unsubscribe link (a signed token, no sign-in) that stops the rest."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from complaints import supervision
from complaints.intake import contact_of
from complaints.models import OUTBOX_PURPOSE, Complaint, NotificationOutbox
from portal.encryption import decrypt_json
from portal.models import Role
from tests.factories import make_account

ADDRESS = "li.wei@example.cn"
SECRET = re.compile(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}")
LINK = re.compile(r"https?://\S+/complaints/unsubscribe/(\S+)")


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def to_complainant(db) -> list[NotificationOutbox]:
    rows = db.scalars(select(NotificationOutbox).order_by(NotificationOutbox.id)).all()
    return [r for r in rows if decrypt_json(OUTBOX_PURPOSE, r.recipient_encrypted)["to"] == ADDRESS]


def test_an_address_without_the_box_gets_no_mail(post_complaint, db, registry):
    response = post_complaint(contact_email=ADDRESS)
    assert response.status_code == 200, re.findall(r"error-message[^<]*<", response.text)
    assert to_complainant(db) == []
    complaint = db.scalars(select(Complaint)).one()
    boss = make_account(db, Role.SUPERVISOR, registry.baoding)
    supervision.acknowledge(db, complaint, boss)
    assert to_complainant(db) == []


def test_the_box_without_an_address_is_refused_on_the_address(post_complaint, db, registry):
    response = post_complaint(email_updates="y")
    assert response.status_code == 400
    assert "Give your e-mail address to receive e-mail, or untick the box." in response.text
    assert db.scalars(select(Complaint)).all() == []


def test_receipt_and_each_public_change_then_unsubscribe(post_complaint, client, db, registry):
    receipt = post_complaint(contact_email=ADDRESS, email_updates="y").text
    secret = SECRET.search(receipt).group(0)
    complaint = db.scalars(select(Complaint)).one()
    boss = make_account(db, Role.SUPERVISOR, registry.baoding)
    supervision.acknowledge(db, complaint, boss)
    supervision.assign(db, complaint, boss, boss.id)
    supervision.request_information(db, complaint, boss, "Which day was the dinner?")
    supervision.resume(db, complaint, boss)
    db.commit()
    sent = to_complainant(db)
    assert [r.template for r in sent] == [
        "complaint_received",
        "acknowledged",
        "in_progress",
        "information_requested",
        "in_progress",
    ]
    for row in sent:
        assert complaint.reference in row.body
        assert secret not in row.body and secret.replace("-", "") not in row.body
        assert complaint.body not in row.body  # never the complaint's text
        assert LINK.search(row.body), row.body  # an unsubscribe link in every message
    token = LINK.search(sent[0].body).group(1)
    page = client.get(f"/complaints/unsubscribe/{token}")
    assert page.status_code == 200 and "Stop the e-mail" in page.text
    assert len(to_complainant(db)) == 5  # opening the link (a mail scanner) stops nothing
    done = client.post(f"/complaints/unsubscribe/{token}")
    assert "you will receive no more e-mail" in done.text
    db.expire_all()
    supervision.close(db, complaint, boss, "upheld", "The dinner was paid back.")
    db.commit()
    assert len(to_complainant(db)) == 5  # no more mail
    # The address itself is kept (the supervisors may still write), only the choice is gone.
    assert contact_of(complaint)["email"] == ADDRESS


def test_a_forged_or_foreign_token_is_a_404(client, post_complaint, db, registry):
    post_complaint(contact_email=ADDRESS, email_updates="y")
    token = LINK.search(to_complainant(db)[0].body).group(1)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/complaints/unsubscribe/{forged}").status_code == 404
    assert client.post("/complaints/unsubscribe/eyJjb21wbGFpbnQiOjF9").status_code == 404
