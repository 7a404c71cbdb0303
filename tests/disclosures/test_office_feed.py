"""Issue 15, item 11: an office's Atom feed carries its disclosures and their corrections too,
beside its inspections and approvals."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from tests.disclosures.test_public_pages import published  # noqa: F401 - fixture

A = "{http://www.w3.org/2005/Atom}"


def test_the_office_feed_carries_its_disclosures_and_corrections(client, published, db):  # noqa: F811
    from portal.models import Role
    from portal.oversight.inspections import InspectionDraft, publish_inspection, save_draft
    from portal.oversight.models import InspectionResult
    from tests import factories

    office = published.laishui_office
    account = factories.make_account(db, Role.SUPERVISOR, government=published.hebei)
    draft = save_draft(
        db,
        InspectionDraft(office.id, date(2024, 3, 1), "x", InspectionResult.COMPLIANT, None),
        account,
        today=date(2030, 1, 1),
    )
    publish_inspection(db, draft, account)
    db.commit()
    root = ET.fromstring(client.get(f"/offices/{office.slug}/feed.atom?lang=en").data)
    entries = root.findall(f"{A}entry")
    titles = [e.find(f"{A}title").text for e in entries]
    terms = {e.find(f"{A}category").get("term") for e in entries}
    assert {"inspection", "budgets", "receptions", "contracts", "services"} <= terms
    correction = next(t for t in titles if t.startswith("Correction:"))
    assert "revision 2" in correction
    summaries = [e.find(f"{A}summary").text for e in entries]
    assert "Reason for the correction: The vehicles line was left out." in summaries
    # Baoding's disclosures are not Laishui's.
    assert not any("Baoding" in title for title in titles)
