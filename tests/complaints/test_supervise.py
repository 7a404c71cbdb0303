"""Supervisor queue and complaint page: scope, filters, counts, CSV, actions, both languages."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from complaints import supervision
from complaints.models import ComplaintStatus
from portal.models import Role
from tests.complaints.conftest import file_complaint, png_bytes


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English unless a test asks for ?lang=zh."""
    client.set_cookie("lang", "en")


@pytest.fixture
def filed(app, db, registry):
    """Complaints about three offices: Laishui (-> Baoding), Baoding (-> Hebei, copy Guangdong),
    Yanji (-> Yanbian)."""
    laishui, secret = file_complaint(app, db, files=[("receipt.png", png_bytes())])
    baoding, _ = file_complaint(app, db, office="baoding-in-guangzhou", category="disclosure")
    yanji, _ = file_complaint(app, db, office="yanji-in-changchun")
    return {"laishui": laishui, "baoding": baoding, "yanji": yanji, "secret": secret}


def test_queue_shows_routed_complaints_and_below_read_only(client, login, registry, filed):
    login(Role.SUPERVISOR, government=registry.baoding)
    page = client.get("/supervise/").get_data(as_text=True)
    assert filed["laishui"].reference in page
    assert filed["baoding"].reference not in page and filed["yanji"].reference not in page

    login(Role.SUPERVISOR, government=registry.hebei)
    page = client.get("/supervise/").get_data(as_text=True)
    assert filed["baoding"].reference in page  # its own (primary)
    assert filed["laishui"].reference in page  # routed to Baoding, below Hebei: read-only
    assert filed["yanji"].reference not in page
    detail = client.get(f"/supervise/complaints/{filed['laishui'].reference}").get_data(True)
    assert "the government handling it acts on it" in detail
    assert "/acknowledge" not in detail

    login(Role.SUPERVISOR, government=registry.guangdong)  # copied
    page = client.get("/supervise/").get_data(as_text=True)
    assert filed["baoding"].reference in page and filed["laishui"].reference not in page

    login(Role.NATIONAL, government=registry.national)
    page = client.get("/supervise/").get_data(as_text=True)
    assert all(filed[k].reference in page for k in ("laishui", "baoding", "yanji"))


def test_queue_filters_counts_and_csv(app, client, db, login, registry, filed):
    old, _ = file_complaint(app, db, when=datetime.now(UTC) - timedelta(days=20))
    login(Role.NATIONAL, government=registry.national)
    page = client.get("/supervise/").get_data(as_text=True)
    assert '<strong id="count-overdue">1</strong>' in page
    # Sorted by deadline: the overdue one first.
    assert page.index(old.reference) < page.index(filed["laishui"].reference)
    page = client.get("/supervise/?overdue=1").get_data(as_text=True)
    assert old.reference in page and filed["yanji"].reference not in page
    page = client.get("/supervise/?category=disclosure").get_data(as_text=True)
    assert filed["baoding"].reference in page and filed["laishui"].reference not in page
    page = client.get("/supervise/?office=yanji-in-changchun").get_data(as_text=True)
    assert filed["yanji"].reference in page and filed["baoding"].reference not in page

    response = client.get("/supervise/export.csv?category=disclosure")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [row["reference"] for row in rows] == [filed["baoding"].reference]


def test_csv_export_only_what_the_account_sees(client, login, registry, filed):
    login(Role.SUPERVISOR, government=registry.yanbian)
    text = client.get("/supervise/export.csv").get_data(as_text=True)
    assert filed["yanji"].reference in text and filed["laishui"].reference not in text


def test_a_week_of_work_through_the_browser(app, client, db, login, registry, filed):
    complaint, ref = filed["laishui"], filed["laishui"].reference
    colleague = login(Role.SUPERVISOR, government=registry.baoding)
    me = login(Role.SUPERVISOR, government=registry.baoding)
    url = f"/supervise/complaints/{ref}"
    page = client.get(url).get_data(as_text=True)
    assert "Twelve guests dined" in page and "receipt.png" in page
    assert "parent_of_establishing" not in page and "directly above" in page  # the reason

    # Closing before acknowledging is refused with a clear message.
    refused = client.post(
        f"{url}/close", data={"outcome": "upheld", "summary": "x", "confirm": "1"}
    )
    assert refused.status_code == 409
    assert "Acknowledge the complaint first." in refused.get_data(as_text=True)

    assert client.post(f"{url}/acknowledge").status_code == 303
    again = client.post(f"{url}/acknowledge")
    assert again.status_code == 409 and "already been acknowledged" in again.get_data(True)
    client.post(f"{url}/assign", data={"assignee": colleague.id})
    client.post(f"{url}/tag", data={"tag": "Hotel"})
    client.post(f"{url}/note", data={"body": "Call the hotel manager."})
    client.post(f"{url}/message", data={"body": "We are checking the invoices."})
    client.post(f"{url}/request_information", data={"body": "Which day was the dinner?"})
    assert client.post(f"{url}/extend", data={"days": 31, "reason": "x"}).status_code == 400
    assert client.post(f"{url}/extend", data={"days": 20, "reason": "Invoices"}).status_code == 303
    second = client.post(f"{url}/extend", data={"days": 5, "reason": "More"})
    assert second.status_code == 400 and "already been extended" in second.get_data(True)

    db.expire_all()
    assert complaint.status == ComplaintStatus.AWAITING_INFORMATION
    assert complaint.assignee_id == colleague.id
    page = client.get("/supervise/?tag=hotel").get_data(as_text=True)
    assert ref in page

    preview = client.post(
        f"{url}/close",
        data={
            "outcome": "upheld",
            "summary": "**Refund** ordered <script>x</script>",
            "preview": "1",
        },
    )
    body = preview.get_data(as_text=True)
    assert "<strong>Refund</strong>" in body and "<script>x" not in body
    assert "remove every name" in body
    db.expire_all()
    assert complaint.status == ComplaintStatus.AWAITING_INFORMATION  # a preview changes nothing
    client.post(
        f"{url}/close", data={"outcome": "upheld", "summary": "**Refund** ordered", "confirm": "1"}
    )
    db.expire_all()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.outcome.value == "upheld"
    assert me.id != colleague.id

    # The complainant's tracking page: message, request and outcome; never the note.
    client.post("/complaints/track", data={"reference": ref, "secret": filed["secret"]})
    tracking = client.get("/complaints/track").get_data(as_text=True)
    assert "We are checking the invoices." in tracking
    assert "Which day was the dinner?" in tracking
    assert "<strong>Refund</strong>" in tracking
    assert "Call the hotel manager." not in tracking


def test_transfer_moves_the_complaint(client, db, login, registry, filed):
    ref = filed["yanji"].reference
    login(Role.SUPERVISOR, government=registry.yanbian)
    url = f"/supervise/complaints/{ref}"
    client.post(f"{url}/acknowledge")
    bad = client.post(f"{url}/transfer", data={"government": "999999", "reason": "x"})
    assert bad.status_code == 400 and "No government has this name." in bad.get_data(True)
    ok = client.post(
        f"{url}/transfer", data={"government": "220000", "reason": "Provincial matter"}
    )
    assert ok.status_code == 303
    assert client.get(url).status_code == 404  # Yanbian no longer sees it
    login(Role.SUPERVISOR, government=registry.jilin)
    assert "Provincial matter" in client.get(url).get_data(as_text=True)


def test_attachment_download_headers(client, login, registry, filed):
    complaint = filed["laishui"]
    login(Role.SUPERVISOR, government=registry.baoding)
    attachment = complaint.attachments[0]
    response = client.get(
        f"/supervise/complaints/{complaint.reference}/attachments/{attachment.id}"
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_contact_details_decrypted_for_routed_government(client, login, registry, filed):
    login(Role.SUPERVISOR, government=registry.baoding)
    page = client.get(f"/supervise/complaints/{filed['laishui'].reference}/contact").get_data(True)
    assert "Wang Fang" in page and "wang.fang@example.test" in page


def test_pages_in_chinese(client, login, registry, filed):
    login(Role.SUPERVISOR, government=registry.baoding)
    queue = client.get("/supervise/?lang=zh").get_data(as_text=True)
    assert "待督办投诉" in queue
    page = client.get(f"/supervise/complaints/{filed['laishui'].reference}?lang=zh")
    assert "受理" in page.get_data(as_text=True)


def test_services_refuse_a_copied_government(db, login, registry, filed):
    copied = login(Role.SUPERVISOR, government=registry.guangdong)
    with pytest.raises(supervision.SupervisionError):
        supervision.acknowledge(db, filed["baoding"], copied)
    assert supervision.note(db, filed["baoding"], copied, "Seen in Guangzhou too.") is not None


def test_each_action_field_has_its_own_label_and_id(client, login, registry, filed):
    """Several action forms share field names; their ids (and so their labels) must not clash."""
    import re
    from collections import Counter

    login("supervisor", government=registry.baoding)
    page = client.get(f"/supervise/complaints/{filed['laishui'].reference}").get_data(True)
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, count in ids.items() if count > 1] == []
    assert 'for="message-body"' in page and 'id="message-body"' in page
    assert 'for="note-body"' in page and 'id="note-body"' in page
