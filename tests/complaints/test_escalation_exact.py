"""What an escalation run does to each open complaint, and what it leaves on record.

DESIGN.md: "A complaint past a deadline escalates one level up"; never to the government that set
up the office (complaints/routing.py: may_receive), never once closed, once per missed deadline.
The clock is frozen on another day throughout: escalation judges by the `now` it is given.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from complaints import supervision
from complaints.escalation import escalate_overdue
from complaints.models import AuditEntry, EventKind
from portal.clock import frozen
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account, make_office

FILED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # acknowledge by 17 March, resolve by 1 May
ACK_MISSED = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)
RESOLVE_MISSED = datetime(2026, 5, 5, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock_elsewhere():
    with frozen(datetime(2026, 1, 1, tzinfo=UTC)):
        yield


def test_an_escalation_records_who_now_handles_it_when_and_why(app, db, registry):
    complaint, _ = file_complaint(app, db, when=FILED)  # Laishui's office -> Baoding
    assert escalate_overdue(db, ACK_MISSED) == [complaint]
    (event,) = [e for e in complaint.events if e.kind == EventKind.ESCALATED]
    assert (event.created_at, event.public, event.government_id) == (
        ACK_MISSED,
        True,
        registry.hebei.id,
    )
    assert event.data == {"from_government": registry.baoding.id, "level": 1}
    (entry,) = db.scalars(select(AuditEntry).where(AuditEntry.action == "escalate"))
    assert (entry.complaint_id, entry.actor_id, entry.created_at) == (
        complaint.id,
        None,
        ACK_MISSED,
    )
    assert entry.detail == {"from": registry.baoding.id, "to": registry.hebei.id}


def test_a_closed_complaint_is_never_escalated(app, db, registry):
    complaint, _ = file_complaint(app, db, when=FILED)
    baoding = make_account(db, Role.SUPERVISOR, government=registry.baoding)
    supervision.acknowledge(db, complaint, baoding, now=FILED + timedelta(days=1))
    supervision.close(
        db, complaint, baoding, "upheld", "Refund ordered.", now=FILED + timedelta(days=2)
    )
    db.commit()
    assert escalate_overdue(db, RESOLVE_MISSED) == []
    assert complaint.primary_government_id == registry.baoding.id


def test_a_missed_resolution_alone_escalates(app, db, registry):
    """Acknowledged in time, not resolved in time: one missed deadline, one level up."""
    complaint, _ = file_complaint(app, db, when=FILED)
    baoding = make_account(db, Role.SUPERVISOR, government=registry.baoding)
    supervision.acknowledge(db, complaint, baoding, now=FILED + timedelta(days=1))
    db.commit()
    assert escalate_overdue(db, RESOLVE_MISSED - timedelta(days=5)) == []
    assert escalate_overdue(db, RESOLVE_MISSED) == [complaint]
    assert complaint.escalation_level == 1 and complaint.primary_government_id == registry.hebei.id


def test_an_office_of_the_top_government_never_goes_up_to_it(app, db, registry):
    """A national office's complaint goes to the host province; above it is the national
    government, which set the office up: the missed deadline is recorded, nobody is added."""
    make_office(db, "national-in-shijiazhuang", registry.national, registry.hebei)
    db.commit()
    complaint, _ = file_complaint(app, db, office="national-in-shijiazhuang", when=FILED)
    assert complaint.primary_government_id == registry.hebei.id
    assert escalate_overdue(db, ACK_MISSED) == []
    assert complaint.escalation_level == 1
    assert complaint.primary_government_id == registry.hebei.id
    assert registry.national.id not in {route.government_id for route in complaint.routes}


def test_a_complaint_left_alone_does_not_stop_the_run(app, db, registry):
    """Complaints are taken in order; one that cannot go up, or whose missed deadline was
    already acted on, is skipped and the next ones are still escalated."""
    make_office(db, "national-in-shijiazhuang", registry.national, registry.hebei)
    db.commit()
    stuck, _ = file_complaint(app, db, office="national-in-shijiazhuang", when=FILED)
    first, _ = file_complaint(app, db, when=FILED)
    assert escalate_overdue(db, ACK_MISSED) == [first]  # stuck cannot go up
    later, _ = file_complaint(app, db, when=FILED + timedelta(days=10))
    second, _ = file_complaint(app, db, when=FILED + timedelta(days=10))
    # first's missed deadline was acted on, stuck cannot go up: both are skipped, in turn.
    assert escalate_overdue(db, ACK_MISSED + timedelta(days=10)) == [later, second]
    assert first.escalation_level == 1 and stuck.escalation_level == 1
