"""Escalation and transfer: who sees a complaint afterwards, what an escalation run records, and
which complaints it leaves alone.

DESIGN.md: "A complaint past a deadline escalates one level up"; never to the government that set
up the office (complaints/routing.py: may_receive), never once closed, once per missed deadline.
An escalation keeps the earlier government copied; a transfer takes it off the complaint. Either
way the copy of the host province (which approves offices in its capital) stays, and a
government already on the complaint is promoted rather than routed twice. The clock is frozen on
another day throughout: escalation judges by the `now` it is given.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from complaints import supervision
from complaints.escalation import escalate_overdue
from complaints.models import AuditEntry, EventKind, RouteRole
from portal.clock import frozen
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account, make_office

FILED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
LATE = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)  # acknowledgement (due 17 March) missed
ACK_MISSED = LATE
RESOLVE_MISSED = datetime(2026, 5, 5, 2, 0, tzinfo=UTC)  # resolution (due 1 May) missed


@pytest.fixture(autouse=True)
def clock_elsewhere():
    with frozen(datetime(2026, 1, 1, tzinfo=UTC)):
        yield


def routes(complaint) -> dict[int, tuple[RouteRole, bool, str]]:
    return {r.government_id: (r.role, r.active, r.rule) for r in complaint.routes}


def test_an_escalation_keeps_the_old_primary_and_the_host_province_copied(app, db, registry):
    complaint, _ = file_complaint(app, db, office="baoding-in-guangzhou", when=FILED)
    assert routes(complaint) == {
        registry.hebei.id: (RouteRole.PRIMARY, True, "parent_of_establishing"),
        registry.guangdong.id: (RouteRole.COPY, True, "host_province_copy"),
    }
    with frozen(FILED):  # the clock is behind: escalation goes by the `now` it is given
        assert escalate_overdue(db, LATE) == [complaint]
    assert routes(complaint) == {
        registry.national.id: (RouteRole.PRIMARY, True, "escalated_overdue"),
        registry.hebei.id: (RouteRole.COPY, True, "parent_of_establishing"),
        registry.guangdong.id: (RouteRole.COPY, True, "host_province_copy"),
    }
    (new,) = [r for r in complaint.routes if r.government_id == registry.national.id]
    assert new.created_at == LATE


def transferred_by_hebei(app, db, registry, target):
    """A complaint about Baoding's office in Guangzhou, acknowledged by Hebei, then transferred
    by Hebei to `target` at LATE."""
    complaint, _ = file_complaint(app, db, office="baoding-in-guangzhou", when=FILED)
    hebei = make_account(db, Role.SUPERVISOR, government=registry.hebei)
    supervision.acknowledge(db, complaint, hebei, now=FILED + timedelta(hours=1))
    supervision.transfer(db, complaint, hebei, target.id, "Not ours to handle.", now=LATE)
    db.commit()
    return complaint


def test_a_transfer_drops_only_the_old_primary(app, db, registry):
    complaint = transferred_by_hebei(app, db, registry, registry.national)
    assert routes(complaint) == {
        registry.national.id: (RouteRole.PRIMARY, True, "transferred"),
        registry.hebei.id: (RouteRole.COPY, False, "parent_of_establishing"),
        registry.guangdong.id: (RouteRole.COPY, True, "host_province_copy"),
    }


def test_a_transfer_to_a_copied_government_promotes_its_route(app, db, registry):
    complaint = transferred_by_hebei(app, db, registry, registry.guangdong)
    assert routes(complaint) == {
        registry.guangdong.id: (RouteRole.PRIMARY, True, "transferred"),
        registry.hebei.id: (RouteRole.COPY, False, "parent_of_establishing"),
    }
    assert complaint.primary_government_id == registry.guangdong.id


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


def test_the_government_above_is_told_by_mail_what_it_now_handles(app, db, registry):
    from complaints.models import OUTBOX_PURPOSE, NotificationOutbox
    from portal.encryption import decrypt_json

    complaint, _ = file_complaint(app, db, when=FILED)
    before = set(db.scalars(select(NotificationOutbox.id)))
    assert escalate_overdue(db, ACK_MISSED) == [complaint]  # Baoding -> Hebei
    (mail,) = [m for m in db.scalars(select(NotificationOutbox)) if m.id not in before]
    assert mail.complaint_id == complaint.id and mail.template == "escalated"
    assert decrypt_json(OUTBOX_PURPOSE, mail.recipient_encrypted)["to"] == (
        registry.hebei.contact_email
    )
    assert mail.body == (
        f"投诉 {complaint.reference} 逾期未办，现由贵单位主办（原主办单位抄送）。\n"
        f"Complaint {complaint.reference} is overdue and now yours to handle (the "
        "earlier government stays copied). Sign in to the portal to read it."
    )


def test_a_complaint_about_an_unlisted_office_escalates_above_its_province(app, db, registry):
    """Nobody is known to run an unlisted office, so nobody above the host province is on its
    own side: it goes up to the national government."""
    complaint, _ = file_complaint(
        app, db, office=None, when=FILED, unlisted_name="某联络处", unlisted_city="石家庄",
        unlisted_province_code="130000",
    )  # fmt: skip
    assert complaint.office is None and complaint.primary_government_id == registry.hebei.id
    assert escalate_overdue(db, ACK_MISSED) == [complaint]
    assert complaint.primary_government_id == registry.national.id
