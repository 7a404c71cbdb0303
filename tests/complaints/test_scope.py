"""Who sees and who acts, called directly (complaints/scope.py): the rules behind every 404."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from complaints import supervision
from complaints.scope import (
    Access,
    QueueFilters,
    access_to,
    filtered_queue,
    queue_counts,
    visible_complaints,
)
from portal.clock import china_day
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account


@pytest.fixture
def filed(app, db, registry):
    """Laishui (-> Baoding), Baoding (-> Hebei, copy Guangdong), Yanji (-> Yanbian)."""
    return {
        "laishui": file_complaint(app, db)[0],
        "baoding": file_complaint(app, db, office="baoding-in-guangzhou")[0],
        "yanji": file_complaint(app, db, office="yanji-in-changchun")[0],
    }


def account(db, role, government=None):
    """An account of `role`; an office editor's "government" is the office it edits."""
    if role == Role.OFFICE_EDITOR:
        made = make_account(db, role, office=government)
    else:
        made = make_account(db, role, government=government)
    db.commit()
    return made


def seen(db, who) -> set[str]:
    return {c.reference for c in db.scalars(visible_complaints(db, who))}


def refs(filed, *names) -> set[str]:
    return {filed[name].reference for name in names}


@pytest.mark.parametrize(
    ("role", "government", "expected"),
    [
        (Role.NATIONAL, "national", {"laishui", "baoding", "yanji"}),
        (Role.ADMIN, None, {"laishui", "baoding", "yanji"}),
        (Role.SUPERVISOR, "baoding", {"laishui"}),  # primary
        (Role.SUPERVISOR, "hebei", {"laishui", "baoding"}),  # primary, and Baoding below it
        (Role.SUPERVISOR, "guangdong", {"baoding"}),  # copied
        (Role.SUPERVISOR, "jilin", {"yanji"}),  # Yanbian is below Jilin
        (Role.SUPERVISOR, "laishui", set()),  # the office's own side
        (Role.SUPERVISOR, "shenzhen", set()),  # unrelated
        (Role.OFFICE_EDITOR, "laishui_office", set()),  # the office itself
    ],
)
def test_visible_complaints(db, registry, filed, role, government, expected):
    who = account(db, role, getattr(registry, government) if government else None)
    assert seen(db, who) == refs(filed, *expected)


@pytest.mark.parametrize(
    ("role", "government", "complaint", "expected"),
    [
        (Role.NATIONAL, "national", "yanji", Access.ACT),
        (Role.ADMIN, None, "yanji", Access.READ),
        (Role.SUPERVISOR, "baoding", "laishui", Access.ACT),
        (Role.SUPERVISOR, "guangdong", "baoding", Access.CONTRIBUTE),
        (Role.SUPERVISOR, "hebei", "laishui", Access.READ),
        (Role.SUPERVISOR, "national", "laishui", Access.READ),  # a supervisor, not national
        (Role.SUPERVISOR, "laishui", "laishui", Access.NONE),
        (Role.SUPERVISOR, "jilin", "laishui", Access.NONE),
        (Role.OFFICE_EDITOR, "laishui_office", "laishui", Access.NONE),
    ],
)
def test_access_to(db, registry, filed, role, government, complaint, expected):
    who = account(db, role, getattr(registry, government) if government else None)
    assert access_to(db, who, filed[complaint]) == expected


def test_nobody_signed_in_has_no_access(db, filed):
    assert access_to(db, None, filed["laishui"]) == Access.NONE


def test_access_and_visibility_agree(db, registry, filed):
    """A complaint is in an account's queue exactly when the account has some access to it."""
    for role, government in [
        (Role.SUPERVISOR, registry.hebei),
        (Role.SUPERVISOR, registry.guangdong),
        (Role.SUPERVISOR, registry.yanbian),
        (Role.ADMIN, None),
    ]:
        who = account(db, role, government)
        visible = seen(db, who)
        for complaint in filed.values():
            assert (complaint.reference in visible) == (access_to(db, who, complaint) > 0)


def test_a_transfer_takes_the_complaint_out_of_the_old_queue(db, registry, filed):
    yanbian = account(db, Role.SUPERVISOR, registry.yanbian)
    complaint = filed["yanji"]
    supervision.acknowledge(db, complaint, yanbian)
    supervision.transfer(db, complaint, yanbian, registry.guangdong.id, "Wrong province.")
    db.commit()
    assert access_to(db, yanbian, complaint) == Access.NONE
    assert complaint.reference not in seen(db, yanbian)
    assert access_to(db, account(db, Role.SUPERVISOR, registry.guangdong), complaint) == Access.ACT


def test_filters_and_counts(app, db, registry, filed):
    national = account(db, Role.NATIONAL, registry.national)
    late, _ = file_complaint(app, db, when=datetime.now(UTC) - timedelta(days=20))
    supervision.acknowledge(db, filed["laishui"], national)
    supervision.assign(db, filed["laishui"], national, national.id)
    supervision.tag(db, filed["laishui"], national, "  Hotel  Bills ")
    db.commit()
    today = china_day()

    def queue(**filters) -> list[str]:
        query = filtered_queue(db, national, QueueFilters(**filters), today)
        return [c.reference for c in db.scalars(query)]

    assert queue()[0] == late.reference  # the nearest deadline first
    assert queue(overdue=True) == [late.reference]
    assert queue(assignee=str(national.id)) == [filed["laishui"].reference]
    assert filed["laishui"].reference not in queue(assignee="none")
    assert queue(tag="hotel bills") == [filed["laishui"].reference]
    assert queue(office="yanji-in-changchun") == [filed["yanji"].reference]
    assert queue(status="in_progress") == [filed["laishui"].reference]
    assert len(queue(status="not-a-status")) == 4  # an unknown value filters nothing
    overdue, soon = queue_counts(db, national, today)
    assert overdue == 1 and soon == 0
    # Three days before the others' acknowledgement day, they are "due soon".
    _overdue, soon = queue_counts(db, national, filed["yanji"].acknowledge_due_on - timedelta(3))
    assert soon == 2  # Baoding's and Yanji's acknowledgements (Laishui's is acknowledged)
