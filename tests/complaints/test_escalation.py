"""Escalation of overdue complaints: one level up, the old primary copied, once per deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from complaints.models import ComplaintEvent, EventKind, NotificationOutbox, RouteRole
from tests.complaints.test_supervise import file_complaint

FILED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_escalate_command_is_idempotent(app, db, runner, registry):
    complaint, _ = file_complaint(app, db, when=FILED)  # Laishui office -> Baoding
    on_time, _ = file_complaint(app, db, when=FILED + timedelta(days=14))
    outbox_before = db.scalar(select(func.count()).select_from(NotificationOutbox))

    result = runner.invoke(args=["complaints", "escalate", "--now", "2026-03-20"])
    assert result.exit_code == 0, result.output
    assert "escalated 1" in result.output
    db.expire_all()
    assert complaint.primary_government_id == registry.hebei.id
    roles = {(r.government_id, r.role, r.active) for r in complaint.routes}
    assert (registry.baoding.id, RouteRole.COPY, True) in roles  # the earlier one stays copied
    assert (registry.hebei.id, RouteRole.PRIMARY, True) in roles
    assert on_time.primary_government_id == registry.baoding.id
    events = [e for e in complaint.events if e.kind == EventKind.ESCALATED]
    assert len(events) == 1 and events[0].public
    outbox_after = db.scalar(select(func.count()).select_from(NotificationOutbox))
    assert outbox_after == outbox_before + 1  # Hebei has an e-mail channel

    again = runner.invoke(args=["complaints", "escalate", "--now", "2026-03-20"])
    assert "escalated 0" in again.output
    db.expire_all()
    assert (
        db.scalar(
            select(func.count())
            .select_from(ComplaintEvent)
            .where(ComplaintEvent.kind == "escalated")
        )
        == 1
    )
    assert db.scalar(select(func.count()).select_from(NotificationOutbox)) == outbox_after

    # Missing the resolution deadline as well escalates once more, to the national level.
    late = runner.invoke(args=["complaints", "escalate", "--now", "2026-06-01T00:00:00+00:00"])
    assert "escalated 2" in late.output  # both complaints missed both deadlines by June
    db.expire_all()
    assert complaint.primary_government_id == registry.national.id
    assert complaint.escalation_level == 2


def test_escalate_rejects_a_bad_date(runner, registry):
    result = runner.invoke(args=["complaints", "escalate", "--now", "yesterday"])
    assert result.exit_code != 0 and "ISO date" in result.output


def test_escalated_complaint_reaches_the_new_queue(app, db, runner, client, login, registry):
    complaint, _ = file_complaint(app, db, when=FILED)
    runner.invoke(args=["complaints", "escalate", "--now", "2026-03-20"])
    login("supervisor", government=registry.hebei)
    client.set_cookie("lang", "en")
    page = client.get(f"/supervise/complaints/{complaint.reference}").get_data(as_text=True)
    assert "/acknowledge" in page  # Hebei now acts on it
    assert "went up to the government above" in page
