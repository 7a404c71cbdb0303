"""Escalation at every level (issue 16 item 8): one step up per missed deadline, so the level
always says how far the lead went up; at the top the lead stays and is told to finish it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from complaints.escalation import escalate_overdue
from complaints.models import AuditEntry, EventKind, NotificationOutbox
from portal.clock import frozen
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_office

FILED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
ACK_MISSED = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)
BOTH_MISSED = datetime(2026, 5, 5, 2, 0, tzinfo=UTC)


def escalations(complaint) -> list[dict]:
    return [e.data for e in complaint.events if e.kind == EventKind.ESCALATED]


def test_both_deadlines_missed_in_one_run_go_up_two_levels(app, db, registry):
    complaint, _ = file_complaint(app, db, when=FILED)  # Laishui's office -> Baoding
    with frozen(BOTH_MISSED):
        assert escalate_overdue(db, BOTH_MISSED) == [complaint]
    assert complaint.escalation_level == 2
    assert complaint.primary_government_id == registry.national.id  # Baoding -> Hebei -> national
    assert escalations(complaint) == [
        {"from_government": registry.baoding.id, "level": 1},
        {"from_government": registry.hebei.id, "level": 2},
    ]
    copies = {r.government_id for r in complaint.routes if r.active and not r.primary}
    assert copies == {registry.baoding.id, registry.hebei.id}


def test_one_missed_deadline_at_a_time_gives_the_same_lead(app, db, registry):
    complaint, _ = file_complaint(app, db, when=FILED)
    escalate_overdue(db, ACK_MISSED)
    assert (complaint.escalation_level, complaint.primary_government_id) == (
        1,
        registry.hebei.id,
    )
    escalate_overdue(db, BOTH_MISSED)
    assert (complaint.escalation_level, complaint.primary_government_id) == (
        2,
        registry.national.id,
    )
    assert escalate_overdue(db, BOTH_MISSED) == []  # nothing new: nothing recorded twice
    assert len(escalations(complaint)) == 2


def test_at_the_top_the_national_office_keeps_it_and_is_told_to_finish_it(app, db, registry):
    # An office set up by Hebei: the national government above Hebei handles it from the start.
    make_office(db, "hebei-in-changchun", registry.hebei, registry.jilin)
    db.commit()
    complaint, _ = file_complaint(app, db, office="hebei-in-changchun", when=FILED)
    assert complaint.primary_government_id == registry.national.id
    outbox_before = len(db.scalars(select(NotificationOutbox)).all())
    assert escalate_overdue(db, ACK_MISSED) == []  # it moved nowhere
    assert complaint.escalation_level == 1
    assert complaint.primary_government_id == registry.national.id
    assert escalations(complaint) == [
        {"from_government": registry.national.id, "level": 1, "stayed": "top"}
    ]
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "escalate")).one()
    assert entry.detail == {
        "from": registry.national.id,
        "to": registry.national.id,
        "stayed": "top",
    }
    # Each missed deadline is recorded once, never again.
    escalate_overdue(db, ACK_MISSED)
    assert len(escalations(complaint)) == 1
    escalate_overdue(db, BOTH_MISSED)
    assert complaint.escalation_level == 2 and len(escalations(complaint)) == 2
    outbox_after = len(db.scalars(select(NotificationOutbox)).all())
    assert outbox_after - outbox_before == (2 if registry.national.contact_email else 0)


def test_the_complaint_page_explains_where_it_stands(app, client, db, login, registry):
    from portal.models import Role

    complaint, _ = file_complaint(app, db, when=FILED)
    escalate_overdue(db, BOTH_MISSED)
    db.commit()
    login(Role.NATIONAL, government=registry.national)
    page = client.get(f"/supervise/complaints/{complaint.reference}?lang=en").text
    assert "2 — missed deadlines moved it up 2 levels" in page
    assert "At the top: nobody above can take it" in page
