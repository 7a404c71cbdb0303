"""Escalation at every level (issue 16 item 8): one step up per missed deadline, so the level
always says how far the lead went up; at the top the lead stays and is told to finish it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from complaints.escalation import escalate_overdue
from complaints.models import AuditEntry, EventKind, NotificationOutbox
from complaints.outbox import OUTBOX_PURPOSE
from complaints.routing import ESCALATED_OVERDUE
from portal.clock import frozen
from portal.encryption import decrypt_json
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


# What an escalation that cannot go up leaves behind (issue 21): the public event, the audit
# entry, the message and the route, exactly — the complainant reads the event, the national
# office the audit, and a wrong value in either tells a false story about who handles it.


def stays_put(app, db, registry, established_by, host) -> tuple:
    make_office(db, "stays-in-changchun", established_by, host)
    registry.national.contact_email = "jiandu@national.example.cn"
    registry.jilin.contact_email = "jiandu@jilin.example.cn"
    db.commit()
    complaint, _ = file_complaint(app, db, office="stays-in-changchun", when=FILED)
    lead = complaint.primary_government_id
    assert escalate_overdue(db, ACK_MISSED) == []  # it moved nowhere
    (event,) = [e for e in complaint.events if e.kind == EventKind.ESCALATED]
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "escalate")).one()
    return complaint, lead, event, audit


def told(db, complaint, address: str) -> NotificationOutbox:
    """The one escalation message about `complaint` queued for `address`."""
    rows = db.scalars(select(NotificationOutbox)).all()
    (row,) = [
        r
        for r in rows
        if r.complaint_id == complaint.id
        and r.template == "escalated"
        and decrypt_json(OUTBOX_PURPOSE, r.recipient_encrypted)["to"] == address
    ]
    return row


def assert_told_to_finish_it(db, complaint, address: str) -> None:
    mail = told(db, complaint, address)
    assert mail.subject == (
        f"逾期投诉无法上交 Overdue complaint stays with you {complaint.reference}"
    )
    assert mail.body.startswith(f"投诉 {complaint.reference} 逾期未办，且已无上级可以上交")
    assert (
        mail.body.endswith("to: please close it or extend its deadline with a reason.")
        and f"Complaint {complaint.reference} is overdue and there is nobody above" in mail.body
    )


def test_the_top_keeps_it_and_the_records_say_so_publicly(app, db, registry):
    complaint, lead, event, audit = stays_put(app, db, registry, registry.hebei, registry.jilin)
    assert lead == registry.national.id
    assert (event.public, event.government_id, event.created_at) == (True, lead, ACK_MISSED)
    assert event.data == {"from_government": lead, "level": 1, "stayed": "top"}
    assert (audit.complaint_id, audit.actor_id, audit.created_at) == (
        complaint.id,
        None,
        ACK_MISSED,
    )
    assert audit.detail == {"from": lead, "to": lead, "stayed": "top"}
    assert_told_to_finish_it(db, complaint, "jiandu@national.example.cn")


def test_with_only_the_offices_own_side_above_the_province_keeps_it(app, db, registry):
    """An office of the top goes to its host province; the only government above is the one
    that set the office up, so the province keeps it and says why."""
    complaint, lead, event, audit = stays_put(app, db, registry, registry.national, registry.jilin)
    assert lead == registry.jilin.id
    assert (event.public, event.government_id, event.created_at) == (True, lead, ACK_MISSED)
    assert event.data == {"from_government": lead, "level": 1, "stayed": "own_side_above"}
    assert (audit.complaint_id, audit.created_at) == (complaint.id, ACK_MISSED)
    assert audit.detail == {"from": lead, "to": lead, "stayed": "own_side_above"}
    assert_told_to_finish_it(db, complaint, "jiandu@jilin.example.cn")


def test_the_new_lead_is_recorded_with_the_escalation_rule(app, db, registry):
    complaint, _ = file_complaint(app, db, when=FILED)  # Laishui's office -> Baoding
    escalate_overdue(db, ACK_MISSED)
    (lead,) = [route for route in complaint.routes if route.primary]
    assert (lead.government_id, lead.rule, lead.active) == (
        registry.hebei.id,
        ESCALATED_OVERDUE,
        True,
    )
    (event,) = [e for e in complaint.events if e.kind == EventKind.ESCALATED]
    assert (event.public, event.government_id, event.created_at) == (
        True,
        registry.hebei.id,
        ACK_MISSED,
    )
