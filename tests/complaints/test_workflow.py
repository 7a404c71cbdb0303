"""The workflow table: allowed moves, refusals with a reason, events appended, never rewritten."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from complaints import supervision
from complaints.models import ComplaintEvent, ComplaintStatus
from complaints.workflow import TRANSITIONS, TransitionError, allowed_actions, check_transition
from portal.models import Role
from tests.complaints.test_supervise import file_complaint

S = ComplaintStatus


@pytest.mark.parametrize(
    ("action", "status", "after"),
    [
        ("acknowledge", S.SUBMITTED, S.ACKNOWLEDGED),
        ("assign", S.ACKNOWLEDGED, S.IN_PROGRESS),
        ("request_information", S.IN_PROGRESS, S.AWAITING_INFORMATION),
        ("resume", S.AWAITING_INFORMATION, S.IN_PROGRESS),
        ("close", S.AWAITING_INFORMATION, S.CLOSED),
        ("close", S.ACKNOWLEDGED, S.CLOSED),
        ("message", S.SUBMITTED, S.SUBMITTED),
        ("note", S.CLOSED, S.CLOSED),
    ],
)
def test_allowed_moves(action, status, after):
    assert check_transition(action, status) == after


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("close", S.SUBMITTED, "Acknowledge the complaint first."),
        ("acknowledge", S.IN_PROGRESS, "already been acknowledged"),
        ("message", S.CLOSED, "closed; it can no longer be changed"),
        ("extend", S.CLOSED, "closed"),
        ("resume", S.IN_PROGRESS, "not waiting for information"),
        ("request_information", S.AWAITING_INFORMATION, "cannot be done while"),
    ],
)
def test_refused_moves_say_why(app, action, status, message):
    with app.test_request_context("/?lang=en"), pytest.raises(TransitionError) as refused:
        check_transition(action, status)
    with app.test_request_context("/?lang=en"):
        assert message in str(refused.value)


def test_closed_is_final():
    assert allowed_actions(S.CLOSED) == {"note", "tag"}
    assert all(move.to != S.SUBMITTED for move in TRANSITIONS.values())


def test_every_action_appends_an_event(app, db, login, registry):
    complaint, _secret = file_complaint(app, db)
    me = login(Role.SUPERVISOR, government=registry.baoding)
    before = len(complaint.events)
    supervision.acknowledge(db, complaint, me)
    supervision.assign(db, complaint, me, me.id)
    supervision.note(db, complaint, me, "Internal.")
    supervision.close(db, complaint, me, "not_upheld", "The dinner was within the standard.")
    db.commit()
    kinds = [e.kind.value for e in complaint.events[before:]]
    assert kinds == ["acknowledged", "assigned", "note", "closed"]
    assert all(e.actor_id == me.id for e in complaint.events[before:])


def test_database_refuses_an_unknown_status(app, db, registry):
    complaint, _secret = file_complaint(app, db)
    with pytest.raises(IntegrityError):
        db.execute(
            text("UPDATE complaint SET status = 'lost' WHERE id = :id"), {"id": complaint.id}
        )
        db.flush()
    db.rollback()


def test_database_refuses_closed_without_outcome(app, db, registry):
    complaint, _secret = file_complaint(app, db)
    with pytest.raises(IntegrityError):
        db.execute(
            text("UPDATE complaint SET status = 'closed' WHERE id = :id"), {"id": complaint.id}
        )
    db.rollback()


def test_events_are_not_rewritten_by_actions(app, db, login, registry):
    complaint, _secret = file_complaint(app, db)
    me = login(Role.SUPERVISOR, government=registry.baoding)
    first = db.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint.id))
    snapshot = [(e.id, e.kind, e.body, e.created_at) for e in first]
    supervision.acknowledge(db, complaint, me)
    supervision.message(db, complaint, me, "Hello.")
    db.commit()
    again = db.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint.id))
    assert [(e.id, e.kind, e.body, e.created_at) for e in again][: len(snapshot)] == snapshot
