"""Wording by audience (issue 16 item 5): "waiting for you" only for the complainant."""

from __future__ import annotations

from complaints import supervision
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account


def waiting_complaint(app, db, registry):
    complaint, secret = file_complaint(app, db)
    officer = make_account(db, Role.SUPERVISOR, government=registry.baoding)
    supervision.acknowledge(db, complaint, officer, notify=False)
    supervision.request_information(db, complaint, officer, "Which hotel?", notify=False)
    db.commit()
    return complaint, secret


def test_the_complainant_reads_waiting_for_you_and_supervisors_read_the_complainant(
    app, client, db, login, registry
):
    complaint, secret = waiting_complaint(app, db, registry)
    citizen = app.test_client()
    citizen.post("/complaints/track", data={"reference": complaint.reference, "secret": secret})
    for lang, for_you in (("en", "Waiting for information from you"), ("zh", "等待您补充材料")):
        page = citizen.get(f"/complaints/track?lang={lang}").get_data(as_text=True)
        assert f'<strong id="status">{for_you}</strong>' in page

    login(Role.SUPERVISOR, government=registry.baoding)
    for lang, neutral, for_you in (
        ("en", "Awaiting information from the complainant", "Waiting for information from you"),
        ("zh", "等待投诉人补充材料", "等待您补充材料"),
    ):
        detail = client.get(f"/supervise/complaints/{complaint.reference}?lang={lang}").text
        assert f'<strong id="status">{neutral}</strong>' in detail
        queue = client.get(f"/supervise/?lang={lang}").text
        assert neutral in queue
        assert for_you not in detail and for_you not in queue
