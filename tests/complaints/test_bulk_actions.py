"""Bulk actions on the queue (issue 16 item 13): acknowledge, assign and tag several complaints
at once; each still checked and audited one by one, a refused one named and left alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from complaints.models import AuditEntry, ComplaintStatus, ComplaintTag
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


@pytest.fixture
def three(app, db, registry):
    """Two complaints Baoding leads (Laishui's office), one Yanbian leads (not Baoding's)."""
    first, _ = file_complaint(app, db)
    second, _ = file_complaint(app, db)
    other, _ = file_complaint(app, db, office="yanji-in-changchun")
    return first, second, other


def audited(db, action: str) -> list[int]:
    rows = db.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
    return [row.complaint_id for row in rows]


def test_acknowledge_several_each_audited_and_a_foreign_one_refused(
    client, db, login, registry, three
):
    first, second, other = three
    login(Role.SUPERVISOR, government=registry.baoding)
    response = client.post(
        "/supervise/bulk?status=submitted",
        data={
            "bulk_action": "acknowledge",
            "complaint": [first.reference, second.reference, other.reference],
        },
    )
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "/supervise/?" in location and "status=submitted" in location  # filters kept
    db.expire_all()
    assert first.status == second.status == ComplaintStatus.ACKNOWLEDGED
    assert other.status == ComplaintStatus.SUBMITTED  # Yanbian's: not Baoding's to touch
    assert audited(db, "acknowledge") == [first.id, second.id]  # one entry each
    page = client.get("/supervise/").text
    assert "Done for 2 complaints" in page
    assert f"{other.reference}: not done (not found)" in page


def test_a_wrong_status_refuses_that_one_only(client, db, login, registry, three):
    first, second, _other = three
    login(Role.SUPERVISOR, government=registry.baoding)
    client.post(
        "/supervise/bulk", data={"bulk_action": "acknowledge", "complaint": first.reference}
    )
    client.get("/supervise/")  # the flash is read
    client.post(
        "/supervise/bulk",
        data={"bulk_action": "acknowledge", "complaint": [first.reference, second.reference]},
    )
    page = client.get("/supervise/").text
    assert "Done for 1 complaint," in page and f"{first.reference}: not done" in page
    assert audited(db, "acknowledge") == [first.id, second.id]


def test_assign_and_tag_several(client, db, login, registry, three):
    first, second, _other = three
    me = login(Role.SUPERVISOR, government=registry.baoding)
    clerk = make_account(db, Role.SUPERVISOR, registry.baoding, email="clerk@baoding.test")
    db.commit()
    both = [first.reference, second.reference]
    client.post("/supervise/bulk", data={"bulk_action": "acknowledge", "complaint": both})
    client.post(
        "/supervise/bulk",
        data={"bulk_action": "assign", "assignee": str(clerk.id), "complaint": both},
    )
    client.post("/supervise/bulk", data={"bulk_action": "tag", "tag": "Hotel", "complaint": both})
    db.expire_all()
    assert first.assignee_id == second.assignee_id == clerk.id
    assert first.status == ComplaintStatus.IN_PROGRESS
    tags = db.scalars(select(ComplaintTag.complaint_id).where(ComplaintTag.tag == "hotel")).all()
    assert sorted(tags) == sorted([first.id, second.id])
    assert audited(db, "assign") == [first.id, second.id]
    assert audited(db, "tag") == [first.id, second.id]
    assert me.id  # the actor of each entry
    actors = set(db.scalars(select(AuditEntry.actor_id).where(AuditEntry.action == "tag")))
    assert actors == {me.id}


def test_nothing_ticked_or_no_action_says_so(client, login, registry, three):
    login(Role.SUPERVISOR, government=registry.baoding)
    client.post("/supervise/bulk", data={"bulk_action": "acknowledge"})
    assert "Tick at least one complaint" in client.get("/supervise/").text
    assert client.post("/supervise/bulk", data={"assignee": "x"}).status_code == 303


def test_the_queue_offers_the_boxes_but_not_to_administrators(client, login, registry, three):
    login(Role.SUPERVISOR, government=registry.baoding)
    page = client.get("/supervise/").text
    assert f'id="tick-{three[0].reference}"' in page and 'name="bulk_action"' in page
    login(Role.ADMIN)
    assert 'name="bulk_action"' not in client.get("/supervise/").text
