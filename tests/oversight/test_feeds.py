"""Atom feeds of inspection results and of one office: valid Atom, parsed with ElementTree.

Built by portal.atom like every feed: ids are tag: URIs of one shape and every link is absolute
under the configured PUBLIC_URL, whatever Host header the request carries.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

A = "{http://www.w3.org/2005/Atom}"
PUBLIC = "https://portal.example.cn"
TAG = "tag:portal.example.cn,2015:"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUBLIC_URL": PUBLIC}


def _alternate(element) -> str:
    """The href of an element's alternate link (a link without rel is alternate, RFC 4287)."""
    links = [
        link for link in element.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"
    ]
    assert len(links) == 1
    return links[0].get("href")


def _parse(response):
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{A}{name}").text
    assert root.find(f"{A}id").text.startswith(TAG)
    assert root.find(f"{A}author/{A}name").text
    assert root.find(f"{A}link[@rel='self']").get("href").startswith(PUBLIC + "/")
    assert _alternate(root).startswith(PUBLIC + "/")
    for entry in root.findall(f"{A}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{A}{name}").text, name
        assert entry.find(f"{A}id").text.startswith(TAG)
        assert _alternate(entry).startswith(PUBLIC + "/")
    return root


def test_inspections_feed_lists_published_inspections_only(
    client, db, registry, publish, supervisor, record_draft
):
    publish(registry.laishui_office, "ordered_to_close", date(2016, 4, 1))
    record_draft(registry.yanji_office, supervisor(registry.jilin), on=date(2016, 4, 2))
    db.commit()
    root = _parse(client.get("/feeds/inspections.atom?lang=en"))
    entries = root.findall(f"{A}entry")
    assert len(entries) == 1
    assert "Laishui County Office" in entries[0].find(f"{A}title").text
    root = _parse(client.get("/feeds/inspections.atom?lang=zh"))
    assert "责令撤销" in root.find(f"{A}entry/{A}title").text


def test_empty_feed_is_still_valid(client, registry):
    root = _parse(client.get("/feeds/inspections.atom"))
    assert root.findall(f"{A}entry") == []


def test_office_feed_has_its_inspections_and_applications(client, db, registry, publish, apply):
    from portal.oversight.models import ApplicationPurpose

    office = registry.yanji_office
    publish(office, "compliant", date(2016, 4, 1))
    apply(
        registry.yanji,
        registry.jilin,
        purpose=ApplicationPurpose.KEEP_OFFICE,
        office_id=office.id,
        office_name_zh=office.name_zh,
    )
    publish(registry.laishui_office, "compliant", date(2016, 4, 1))
    root = _parse(client.get(f"/offices/{office.slug}/feed.atom?lang=en"))
    categories = sorted(e.find(f"{A}category").get("term") for e in root.findall(f"{A}entry"))
    assert categories == ["approval", "inspection"]
    assert client.get("/offices/no-such-office/feed.atom").status_code == 404


def test_feed_links_ignore_a_forged_host_header(client, registry, publish):
    inspection = publish(registry.laishui_office, "compliant", date(2016, 4, 1))
    response = client.get("/feeds/inspections.atom", headers={"Host": "evil.example"})
    root = _parse(response)
    entry = root.find(f"{A}entry")
    assert entry.find(f"{A}id").text == f"{TAG}inspection/{inspection.id}"
    assert _alternate(entry) == f"{PUBLIC}/inspections/{inspection.id}"
    assert b"evil.example" not in response.data
    assert response.headers["Cache-Control"] == "max-age=300"


def test_a_decision_is_a_new_entry(client, db, registry, apply, supervisor):
    from portal.oversight.approvals import decide_application

    application = apply(registry.baoding, registry.jilin)
    decide_application(
        db,
        application,
        supervisor(registry.jilin),
        True,
        "Agreed.",
        "吉政函〔2016〕3号",
        today=date(2016, 3, 9),
    )
    db.commit()
    feed = client.get(f"/offices/{application.office.slug}/feed.atom")
    ids = [entry.find(f"{A}id").text for entry in _parse(feed).findall(f"{A}entry")]
    assert ids == [f"{TAG}approval/{application.id}/approved"]
