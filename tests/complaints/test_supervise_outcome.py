"""The public outcome of a closed complaint: tracking page, statistics, office page (anonymised)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from complaints import supervision
from portal.models import Role
from tests.complaints.test_supervise import file_complaint


def close(app, db, login, registry, outcome, summary, days_ago=10):
    complaint, secret = file_complaint(app, db, when=datetime.now(UTC) - timedelta(days=days_ago))
    me = login(Role.SUPERVISOR, government=registry.baoding)
    start = datetime.now(UTC) - timedelta(days=days_ago - 1)
    supervision.acknowledge(db, complaint, me, now=start)
    supervision.close(db, complaint, me, outcome, summary, now=start + timedelta(days=3))
    db.commit()
    return complaint, secret


def test_stats_keep_outcomes_apart_and_fill_medians(app, db, client, login, registry):
    close(app, db, login, registry, "upheld", "Refund ordered.")
    close(app, db, login, registry, "not_upheld", "Within the standard.")
    close(app, db, login, registry, "not_upheld", "No evidence.")
    client.set_cookie("lang", "en")
    page = client.get("/complaints/stats").get_data(as_text=True)
    outcomes = page[page.index('id="outcomes"') :]
    assert "Upheld</th><td>1</td>" in outcomes
    assert "Not upheld</th><td>2</td>" in outcomes
    assert '<span class="stat-number">1.0</span>' in page  # median days to acknowledge
    assert '<span class="stat-number">4.0</span>' in page  # median days to resolve


def test_office_page_shows_outcome_anonymised(app, db, client, login, registry):
    complaint, _ = close(app, db, login, registry, "partly_upheld", "One dinner was **over** it.")
    client.set_cookie("lang", "en")
    page = client.get("/offices/laishui-in-shijiazhuang").get_data(as_text=True)
    assert "Outcomes of recent complaints" in page
    assert "Partly upheld" in page and "<strong>over</strong>" in page
    assert complaint.reference not in page
    assert "Twelve guests dined" not in page and "Wang Fang" not in page
    zh = client.get("/offices/laishui-in-shijiazhuang?lang=zh").get_data(as_text=True)
    assert "近期投诉的办理结果" in zh


def test_tracking_page_shows_outcome_not_identity(app, db, client, login, registry):
    complaint, secret = close(app, db, login, registry, "upheld", "Refund of **1,200 yuan**.")
    client.set_cookie("lang", "en")
    client.post("/complaints/track", data={"reference": complaint.reference, "secret": secret})
    page = client.get("/complaints/track").get_data(as_text=True)
    assert "Refund of <strong>1,200 yuan</strong>" in page
    assert "supervisor" not in page  # no supervisor's e-mail on the citizen's page


def test_demo_spreads_complaints_over_every_status(db, registry, monkeypatch):
    from sqlalchemy import func, select

    import complaints.demo
    from complaints.demo import load_demo
    from complaints.models import Complaint, ComplaintStatus
    from complaints.stats import complaint_stats
    from portal.demo import Progress
    from tests import factories

    factories.make_account(db, Role.NATIONAL, government=registry.national)
    db.commit()
    monkeypatch.setitem(complaints.demo.COUNTS, "small", 80)
    load_demo(db, "small", Progress(enabled=False))
    db.commit()
    statuses = {c.status for c in db.scalars(select(Complaint))}
    assert statuses == set(ComplaintStatus)
    stats = complaint_stats(db, datetime.now(UTC).date())
    assert stats.median_days_to_acknowledge is not None and stats.median_days_to_resolve
    events = db.scalar(select(func.count()).select_from(complaints.models.ComplaintEvent))
    load_demo(db, "small", Progress(enabled=False))  # a second run adds nothing
    db.commit()
    assert db.scalar(select(func.count()).select_from(complaints.models.ComplaintEvent)) == events
