"""The demo step files complaints through the citizen's service: spread out, routed, idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from complaints.demo import load_demo
from complaints.models import Complaint, ComplaintRoute, NotificationOutbox
from portal.demo import Progress


def test_demo_complaints_are_spread_routed_and_loaded_once(registry, db, monkeypatch):
    import complaints.demo

    monkeypatch.setitem(complaints.demo.COUNTS, "small", 40)
    load_demo(db, "small", Progress(enabled=False))
    db.commit()
    complaints = db.scalars(select(Complaint)).all()
    assert len(complaints) == 40
    assert len({c.category for c in complaints}) >= 5
    assert len({c.submitted_at.year for c in complaints}) >= 5
    assert len({c.host_province_id for c in complaints}) == 3
    assert all(c.routes and c.primary_government_id for c in complaints)
    assert any(c.office_id is None for c in complaints)
    pending = select(func.count()).where(NotificationOutbox.delivered_at.is_(None))
    assert db.scalar(pending) == 0  # nobody is mailed about invented complaints
    routes = db.scalar(select(func.count()).select_from(ComplaintRoute))
    load_demo(db, "small", Progress(enabled=False))
    db.commit()
    assert db.scalar(select(func.count()).select_from(Complaint)) == 40
    assert db.scalar(select(func.count()).select_from(ComplaintRoute)) == routes


def test_demo_complaints_are_assigned_to_their_own_governments_staff(registry, db, monkeypatch):
    """Issue 16 item 7: a government's supervisor works its complaints, not the national one."""
    import complaints.demo
    from portal.models import Role
    from tests.factories import make_account

    national = make_account(db, Role.NATIONAL, government=registry.national)
    hebei = make_account(db, Role.SUPERVISOR, government=registry.hebei)
    baoding = make_account(db, Role.SUPERVISOR, government=registry.baoding)
    db.commit()
    monkeypatch.setitem(complaints.demo.COUNTS, "small", 60)
    load_demo(db, "small", Progress(enabled=False))
    db.commit()
    assigned = [c for c in db.scalars(select(Complaint)) if c.assignee_id is not None]
    assert assigned
    own = {registry.hebei.id: hebei.id, registry.baoding.id: baoding.id}
    routed = {"parent_of_establishing", "unlisted_host_province", "top_level_host_province"}
    for complaint in assigned:
        first = next(r for r in complaint.routes if r.rule in routed)
        # Assigned by the government it was routed to: its own staff where it has some.
        assert complaint.assignee_id == own.get(first.government_id, national.id)
    assert {c.assignee_id for c in assigned} >= {hebei.id, baoding.id}
