"""Notifications go through the outbox: written with the complaint, delivered after the commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from complaints.models import NotificationOutbox
from portal.findings import data_version


@pytest.fixture
def app_config(app_config, tmp_path):
    """The mail log in the test's own folder, not in the checkout's instance/."""
    return {**app_config, "COMPLAINT_MAIL_LOG": str(tmp_path / "instance" / "mail.log")}


def test_a_complaint_notifies_the_routed_government_and_the_complainant(
    registry, post_complaint, db, app
):
    app.config["COMPLAINT_DELIVER_AFTER_REQUEST"] = False
    post_complaint(
        office="shenzhen-in-shijiazhuang", contact_email="me@example.cn", email_updates="y"
    )
    rows = db.scalars(select(NotificationOutbox)).all()
    assert len(rows) == 2  # Hebei (copied, has an e-mail channel) and the complainant
    assert all(row.delivered_at is None for row in rows)
    assert "jiandu@hebei.example.cn" not in " ".join(r.recipient_encrypted for r in rows)


def test_failed_delivery_loses_nothing_and_resumes(registry, post_complaint, db, app, runner):
    app.config["COMPLAINT_DELIVER_AFTER_REQUEST"] = False
    post_complaint(office="shenzhen-in-shijiazhuang")
    app.config["SMTP_URL"] = "smtp://127.0.0.1:1"  # nothing listens there: the send fails
    result = runner.invoke(args=["complaints", "deliver"])
    assert "sent 0, failed 1" in result.output
    db.expire_all()
    row = db.scalar(select(NotificationOutbox))
    assert row.delivered_at is None and row.attempts == 1
    app.config["SMTP_URL"] = None  # the mail log under instance/
    result = runner.invoke(args=["complaints", "deliver"])
    assert "sent 1, failed 0" in result.output
    log = Path(app.config["COMPLAINT_MAIL_LOG"]).read_text()
    assert "template=new_complaint to=j***@h***.cn" in log
    db.expire_all()
    assert db.scalar(select(NotificationOutbox)).delivered_at is not None
    assert "sent 0, failed 0" in runner.invoke(args=["complaints", "deliver"]).output


def test_delivery_runs_after_the_request(registry, post_complaint, db, app):
    response = post_complaint(office="shenzhen-in-shijiazhuang")
    response.close()  # a WSGI server closes the response once it is sent; the test client does not
    db.expire_all()
    row = db.scalar(select(NotificationOutbox))
    assert row.delivered_at is not None
    assert "to=j***@h***.cn" in Path(app.config["COMPLAINT_MAIL_LOG"]).read_text()


def test_a_rejected_complaint_queues_nothing(registry, post_complaint, db):
    post_complaint(office="shenzhen-in-shijiazhuang", body="")
    assert db.scalars(select(NotificationOutbox)).all() == []


def test_delivering_mail_leaves_the_public_pages_kept(registry, post_complaint, db, app, runner):
    """A delivered message changes no public page: it must not make every process draw its
    pages again (the data version stays), while the complaint itself did move it."""
    app.config["COMPLAINT_DELIVER_AFTER_REQUEST"] = False
    before = data_version(db)
    post_complaint(office="shenzhen-in-shijiazhuang")
    filed = data_version(db)
    assert filed > before
    assert "sent 1, failed 0" in runner.invoke(args=["complaints", "deliver"]).output
    db.expire_all()
    assert db.scalar(select(NotificationOutbox)).delivered_at is not None
    assert data_version(db) == filed


def test_a_message_no_key_opens_fails_alone_and_the_rest_goes_out(
    registry, post_complaint, db, app, runner
):
    """A recipient sealed with a key the portal no longer has (a key removed too soon) is one
    failed message, not a delivery that stops before every message queued after it."""
    app.config["COMPLAINT_DELIVER_AFTER_REQUEST"] = False
    post_complaint(
        office="shenzhen-in-shijiazhuang", contact_email="me@example.cn", email_updates="y"
    )
    first, second = db.scalars(select(NotificationOutbox).order_by(NotificationOutbox.id)).all()
    first.recipient_encrypted = second.recipient_encrypted[:-8] + "AAAAAAAA"  # no key opens it
    db.commit()
    result = runner.invoke(args=["complaints", "deliver"])
    assert "sent 1, failed 1" in result.output, result.output
    db.expire_all()
    assert first.delivered_at is None and first.attempts == 1
    assert first.last_error == "DecryptionError"
    assert second.delivered_at is not None
