"""Public lists of closed complaints' outcomes per office and per government, paginated, with
Atom feeds (issue 16 item 15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

from complaints import supervision
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account

ATOM = "{http://www.w3.org/2005/Atom}"
CLOSED = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)


def close_some(app, db, registry, count: int, office="laishui-in-shijiazhuang"):
    officer = make_account(db, Role.SUPERVISOR, government=registry.baoding)
    closed = []
    for number in range(count):
        complaint, _ = file_complaint(app, db, office=office, contact_phone="13800138000")
        supervision.acknowledge(db, complaint, officer, notify=False)
        supervision.close(
            db,
            complaint,
            officer,
            "upheld",
            f"Outcome number {number:02d}: repaid.",
            notify=False,
            now=CLOSED + timedelta(days=number),
        )
        closed.append(complaint)
    db.commit()
    return closed


def test_an_offices_outcomes_are_listed_newest_first_and_paginated(app, client, db, registry):
    closed = close_some(app, db, registry, 22)
    open_one, _ = file_complaint(app, db)
    slug = closed[0].office.slug
    first = client.get(f"/complaints/outcomes/office/{slug}?lang=en")
    assert first.status_code == 200
    page = first.text
    assert page.index("Outcome number 21") < page.index("Outcome number 02")
    assert "Outcome number 01" not in page  # 20 a page
    assert "Next page" in page and "Previous page" not in page
    second = client.get(f"/complaints/outcomes/office/{slug}?page=2&lang=en").text
    assert "Outcome number 01" in second and "Outcome number 00" in second
    assert "Next page" not in second and "Previous page" in second
    # Anonymised: no reference, no text, no contact detail.
    for complaint in [*closed, open_one]:
        assert complaint.reference not in page and complaint.reference not in second
    assert "Twelve guests dined" not in page and "13800138000" not in page
    assert client.get(f"/complaints/outcomes/office/{slug}?page=x").status_code == 400
    assert client.get("/complaints/outcomes/office/no-such-office").status_code == 404


def test_a_governments_outcomes_and_the_feeds(app, client, db, registry):
    closed = close_some(app, db, registry, 3)
    page = client.get(f"/complaints/outcomes/government/{registry.baoding.code}?lang=zh").text
    assert "Outcome number 02" in page and "成立" in page
    assert (
        "No complaint has been closed here yet."
        in client.get(f"/complaints/outcomes/government/{registry.yanbian.code}?lang=en").text
    )
    assert client.get("/complaints/outcomes/government/999999").status_code == 404
    assert client.get("/complaints/outcomes/government/abc").status_code == 404

    for url in (
        f"/complaints/outcomes/government/{registry.baoding.code}.atom",
        f"/complaints/outcomes/office/{closed[0].office.slug}.atom",
    ):
        feed = client.get(url + "?lang=en")
        assert feed.status_code == 200
        assert feed.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
        root = ElementTree.fromstring(feed.data)
        entries = root.findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}summary").text for e in entries] == [
            "Outcome number 02: repaid.",
            "Outcome number 01: repaid.",
            "Outcome number 00: repaid.",
        ]
        assert all(c.reference.encode() not in feed.data for c in closed)
        assert entries[0].find(f"{ATOM}updated").text.startswith("2026-04-03")


def test_the_office_and_government_pages_link_to_the_lists(app, client, db, registry):
    closed = close_some(app, db, registry, 1)
    slug = closed[0].office.slug
    office_page = client.get(f"/offices/{slug}?lang=en").text
    assert f'href="/complaints/outcomes/office/{slug}?lang=en"' in office_page
    government_page = client.get(f"/governments/{registry.baoding.code}?lang=zh").text
    assert f'href="/complaints/outcomes/government/{registry.baoding.code}"' in government_page
    assert "它办理的投诉的结果" in government_page
