"""The supervisors' services called directly (complaints/supervision.py): effects and refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from complaints import supervision
from complaints.models import (
    OUTBOX_PURPOSE,
    AuditEntry,
    ComplaintStatus,
    EventKind,
    NotificationOutbox,
    RouteRole,
)
from complaints.supervision import SupervisionError
from complaints.workflow import TransitionError
from portal.encryption import decrypt_json
from portal.errors import PortalError
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture
def complaint(app, db, registry):
    """A complaint about the Laishui office (Baoding handles it), with the complainant's e-mail."""
    return file_complaint(app, db, when=NOW - timedelta(days=1))[0]


@pytest.fixture
def baoding(db, registry):
    account = make_account(db, Role.SUPERVISOR, government=registry.baoding)
    db.commit()
    return account


def mails_to(db, address: str) -> list[NotificationOutbox]:
    rows = db.scalars(select(NotificationOutbox).order_by(NotificationOutbox.id))
    return [r for r in rows if decrypt_json(OUTBOX_PURPOSE, r.recipient_encrypted)["to"] == address]


def refused(error_type, field: str, call, *args, **kwargs) -> PortalError:
    with pytest.raises(error_type) as raised:
        call(*args, **kwargs)
    assert isinstance(raised.value, PortalError)
    assert raised.value.field == field
    return raised.value


def test_acknowledge_records_the_time_audits_and_tells_the_complainant(db, complaint, baoding):
    before = len(mails_to(db, "wang.fang@example.test"))
    event = supervision.acknowledge(db, complaint, baoding, now=NOW)
    assert event.kind == EventKind.ACKNOWLEDGED and event.public
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED and complaint.acknowledged_at == NOW
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "acknowledge"))
    assert entry.detail == {"from": "submitted", "to": "acknowledged"}
    mails = mails_to(db, "wang.fang@example.test")
    assert len(mails) == before + 1
    assert "Wang Fang" not in mails[-1].body and complaint.body not in mails[-1].body


def test_notify_false_mails_nobody(db, complaint, baoding):
    before = len(mails_to(db, "wang.fang@example.test"))
    supervision.acknowledge(db, complaint, baoding, notify=False, now=NOW)
    assert len(mails_to(db, "wang.fang@example.test")) == before


def test_a_read_only_account_may_not_act(db, registry, complaint):
    hebei = make_account(db, Role.SUPERVISOR, government=registry.hebei)  # above Baoding
    refused(SupervisionError, "action", supervision.acknowledge, db, complaint, hebei)
    refused(SupervisionError, "action", supervision.note, db, complaint, hebei, "Seen.")
    assert complaint.status == ComplaintStatus.SUBMITTED


def test_a_move_the_workflow_forbids_is_a_transition_error_on_the_action(
    app, db, complaint, baoding
):
    with app.test_request_context("/?lang=en"):
        error = refused(
            TransitionError, "action", supervision.close, db, complaint, baoding, "upheld", "x"
        )
        assert str(error) == "Acknowledge the complaint first."


def test_assign_only_to_a_colleague(db, registry, complaint, baoding):
    supervision.acknowledge(db, complaint, baoding, now=NOW)
    stranger = make_account(db, Role.SUPERVISOR, government=registry.hebei)
    refused(SupervisionError, "assignee", supervision.assign, db, complaint, baoding, stranger.id)
    refused(SupervisionError, "assignee", supervision.assign, db, complaint, baoding, 0)
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED
    colleague = make_account(db, Role.SUPERVISOR, government=registry.baoding)
    supervision.assign(db, complaint, baoding, colleague.id, now=NOW)
    assert complaint.assignee == colleague and complaint.status == ComplaintStatus.IN_PROGRESS


def test_tags_are_normalised_and_added_once(db, complaint, baoding):
    assert supervision.tag(db, complaint, baoding, "  Hotel   Bills ", now=NOW) is not None
    assert supervision.tag(db, complaint, baoding, "hotel bills", now=NOW) is None
    refused(SupervisionError, "tag", supervision.tag, db, complaint, baoding, "   ")
    refused(SupervisionError, "tag", supervision.tag, db, complaint, baoding, "x" * 41)


def test_extend_once_within_thirty_days_with_a_reason(db, complaint, baoding):
    due = complaint.resolve_due_on
    refused(SupervisionError, "days", supervision.extend_deadline, db, complaint, baoding, 31, "x")
    refused(SupervisionError, "days", supervision.extend_deadline, db, complaint, baoding, 0, "x")
    refused(SupervisionError, "reason", supervision.extend_deadline, db, complaint, baoding, 5, "")
    event = supervision.extend_deadline(db, complaint, baoding, 30, "Waiting for invoices.")
    assert complaint.resolve_due_on == due + timedelta(days=30) and event.public
    refused(SupervisionError, "days", supervision.extend_deadline, db, complaint, baoding, 1, "x")


def test_transfer_makes_the_target_primary_and_tells_it(db, registry, complaint, baoding):
    supervision.acknowledge(db, complaint, baoding, now=NOW)
    refused(
        SupervisionError, "government", supervision.transfer,
        db, complaint, baoding, registry.baoding.id, "Same.",
    )  # fmt: skip
    refused(SupervisionError, "government", supervision.transfer, db, complaint, baoding, 0, "x")
    supervision.transfer(db, complaint, baoding, registry.hebei.id, "Provincial matter.", now=NOW)
    routes = {route.government_id: route for route in complaint.routes}
    assert complaint.primary_government_id == registry.hebei.id
    assert routes[registry.hebei.id].role == RouteRole.PRIMARY
    assert routes[registry.hebei.id].rule == "transferred"
    assert not routes[registry.baoding.id].active  # the old primary no longer sees it
    assert mails_to(db, "jiandu@hebei.example.cn")  # Hebei has an e-mail channel


def test_close_needs_a_known_outcome_and_publishes_it(db, complaint, baoding):
    supervision.acknowledge(db, complaint, baoding, now=NOW)
    refused(SupervisionError, "outcome", supervision.close, db, complaint, baoding, "won", "x")
    refused(SupervisionError, "summary", supervision.close, db, complaint, baoding, "upheld", " ")
    event = supervision.close(
        db, complaint, baoding, "partly_upheld", "Refund ordered.", now=NOW + timedelta(hours=1)
    )
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.outcome.value == "partly_upheld" and complaint.outcome_summary
    assert event.public and event.data == {"outcome": "partly_upheld"}
    # Closed is final: only notes and tags follow.
    refused(TransitionError, "action", supervision.message, db, complaint, baoding, "Hello.")
    assert supervision.note(db, complaint, baoding, "Filed away.") is not None
