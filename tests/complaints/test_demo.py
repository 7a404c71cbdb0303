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
