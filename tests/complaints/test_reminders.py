"""Deadline reminders (issue 16 item 9) with a frozen clock: 3 days before each deadline and the
day after it passed, to the assignee or the government's inbox, once (recorded)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from complaints import supervision
from complaints.models import (
    OUTBOX_PURPOSE,
    ComplaintReminder,
    NotificationOutbox,
    ReminderPreference,
)
from complaints.reminders import PASSED, SOON, send_deadline_reminders, stage_on
from portal.clock import frozen
from portal.encryption import decrypt_json
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account

FILED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # China day 2 March: acknowledge by 17 March,
# resolve by 1 May


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)  # 09:00 in China


def reminders(db, app) -> list[tuple[str, str, str]]:
    """(template, recipient, subject) of every reminder in the outbox, oldest first."""
    rows = db.scalars(
        select(NotificationOutbox)
        .where(NotificationOutbox.template.in_(["deadline_reminder", "deadline_digest"]))
        .order_by(NotificationOutbox.id)
    )
    with app.app_context():
        return [
            (row.template, decrypt_json(OUTBOX_PURPOSE, row.recipient_encrypted)["to"], row.subject)
            for row in rows
        ]


def test_stage_on_is_three_days_before_to_the_day_and_the_days_after():
    due = date(2026, 3, 17)
    assert stage_on(due, date(2026, 3, 13)) is None
    assert [stage_on(due, date(2026, 3, d)) for d in (14, 15, 16, 17)] == [SOON] * 4
    assert [stage_on(due, date(2026, 3, d)) for d in (18, 19, 20)] == [PASSED] * 3
    assert stage_on(due, date(2026, 3, 21)) is None


def test_government_inbox_reminded_before_and_after_acknowledgement_deadline_once(
    app, db, registry
):
    registry.baoding.contact_email = "jiandu@baoding.example.cn"
    complaint, _ = file_complaint(app, db, when=FILED)  # Laishui's office -> Baoding
    assert send_deadline_reminders(db, at(date(2026, 3, 13))) == 0  # 4 days before: nothing yet
    assert send_deadline_reminders(db, at(date(2026, 3, 14))) == 1
    assert send_deadline_reminders(db, at(date(2026, 3, 14))) == 0  # the same day again
    assert send_deadline_reminders(db, at(date(2026, 3, 16))) == 0  # still "soon": sent already
    assert send_deadline_reminders(db, at(date(2026, 3, 17))) == 0  # the deadline day
    assert send_deadline_reminders(db, at(date(2026, 3, 18))) == 1  # passed
    assert send_deadline_reminders(db, at(date(2026, 3, 18))) == 0
    sent = reminders(db, app)
    assert [(t, to) for t, to, _ in sent] == [
        ("deadline_reminder", "jiandu@baoding.example.cn")
    ] * 2
    assert complaint.reference in sent[0][2] and "acknowledgement due" in sent[0][2].lower()
    assert "acknowledgement overdue" in sent[1][2].lower()
    recorded = db.scalars(select(ComplaintReminder).order_by(ComplaintReminder.id)).all()
    assert [(r.deadline, r.stage, r.due_on) for r in recorded] == [
        ("acknowledge", SOON, date(2026, 3, 17)),
        ("acknowledge", PASSED, date(2026, 3, 17)),
    ]
    body = db.scalars(select(NotificationOutbox.body)).all()
    assert not any(complaint.body in text for text in body)  # never the complaint's text


def test_assignee_reminded_of_resolution_and_again_after_an_extension(app, db, registry):
    complaint, _ = file_complaint(app, db, when=FILED)
    boss = make_account(db, Role.SUPERVISOR, registry.baoding, email="boss@baoding.test")
    clerk = make_account(db, Role.SUPERVISOR, registry.baoding, email="clerk@baoding.test")
    with frozen(FILED):
        supervision.acknowledge(db, complaint, boss, notify=False, now=FILED)
        supervision.assign(db, complaint, boss, clerk.id, now=FILED)
    # Acknowledged: no acknowledgement reminder, even in its window.
    assert send_deadline_reminders(db, at(date(2026, 3, 15))) == 0
    assert send_deadline_reminders(db, at(date(2026, 4, 28))) == 1  # 3 days before 1 May
    supervision.extend_deadline(db, complaint, boss, 10, "Waiting for the hotel's bills.")
    assert complaint.resolve_due_on == date(2026, 5, 11)
    assert send_deadline_reminders(db, at(date(2026, 5, 2))) == 0  # the old day is gone
    assert send_deadline_reminders(db, at(date(2026, 5, 8))) == 1  # the new day, afresh
    assert send_deadline_reminders(db, at(date(2026, 5, 12))) == 1
    assert [to for _, to, _ in reminders(db, app)] == ["clerk@baoding.test"] * 3


def test_closed_or_without_recipient_nothing_and_nothing_recorded(app, db, registry):
    registry.baoding.contact_email = None
    file_complaint(app, db, when=FILED)
    assert send_deadline_reminders(db, at(date(2026, 3, 14))) == 0
    assert db.scalars(select(ComplaintReminder)).all() == []
    registry.baoding.contact_email = "jiandu@baoding.example.cn"
    # The inbox is known the next day: the reminder is still owed, and sent then.
    assert send_deadline_reminders(db, at(date(2026, 3, 15))) == 1


def test_long_passed_deadlines_send_no_flood(app, db, registry):
    registry.baoding.contact_email = "jiandu@baoding.example.cn"
    file_complaint(app, db, when=FILED)
    assert send_deadline_reminders(db, at(date(2026, 3, 21))) == 0  # 4 days after the day


def test_daily_digest_gathers_an_accounts_reminders_in_one_message(app, db, registry):
    boss = make_account(db, Role.SUPERVISOR, registry.baoding, email="boss@baoding.test")
    db.add(ReminderPreference(account_id=boss.id, daily_digest=True))
    first, _ = file_complaint(app, db, when=FILED)
    second, _ = file_complaint(app, db, when=FILED)
    for complaint in (first, second):
        supervision.acknowledge(db, complaint, boss, notify=False, now=FILED)
        supervision.assign(db, complaint, boss, boss.id, now=FILED)
    assert send_deadline_reminders(db, at(date(2026, 4, 29))) == 1
    sent = db.scalars(
        select(NotificationOutbox).where(NotificationOutbox.template == "deadline_digest")
    ).all()
    assert len(sent) == 1
    assert first.reference in sent[0].body and second.reference in sent[0].body
    assert len(db.scalars(select(ComplaintReminder)).all()) == 2
    assert send_deadline_reminders(db, at(date(2026, 4, 29))) == 0


def test_a_supervisor_chooses_the_daily_digest_on_the_queue(app, client, db, login, registry):
    me = login(Role.SUPERVISOR, government=registry.baoding)
    client.set_cookie("lang", "en")
    assert 'name="daily_digest" value="1">' in client.get("/supervise/").text  # not chosen
    response = client.post("/supervise/reminders", data={"daily_digest": "1"})
    assert response.status_code == 303
    page = client.get("/supervise/").text
    assert 'name="daily_digest" value="1" checked>' in page
    assert "come as one daily message" in page
    complaint, _ = file_complaint(app, db, when=FILED)
    supervision.acknowledge(db, complaint, me, notify=False, now=FILED)
    supervision.assign(db, complaint, me, me.id, now=FILED)
    assert send_deadline_reminders(db, at(date(2026, 4, 28))) == 1
    assert [t for t, _, _ in reminders(db, app)] == ["deadline_digest"]
    client.post("/supervise/reminders", data={})  # unticked: one by one again
    db.expire_all()
    assert db.get(ReminderPreference, me.id).daily_digest is False
