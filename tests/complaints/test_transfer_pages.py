"""Transfers as supervisors do them (issue 16 item 6): the receiver chosen by name in either
language, the queue after the transfer with a read-only trace, the office filter by name."""

from __future__ import annotations

from complaints import supervision
from portal.models import Role
from tests.complaints.test_supervise import file_complaint

REASON = "The office is run from Shijiazhuang: Hebei knows it best."


def transfer(client, complaint, government, lang="en"):
    return client.post(
        f"/supervise/complaints/{complaint.reference}/transfer?lang={lang}",
        data={"government": government, "reason": REASON},
    )


def test_a_transfer_by_english_name_lands_on_the_queue_with_a_trace(
    app, client, db, login, registry
):
    complaint, _ = file_complaint(app, db)  # Laishui's office: handled by Baoding
    login(Role.SUPERVISOR, government=registry.baoding)
    client.set_cookie("lang", "en")
    detail = client.get(f"/supervise/complaints/{complaint.reference}").text
    assert 'list="transfer-governments"' in detail
    assert '<option value="Hebei (130000)">' in detail  # offered by name

    response = transfer(client, complaint, "hebei")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/supervise/")
    queue = client.get("/supervise/")
    assert queue.status_code == 200
    page = queue.text
    assert "Transferred to Hebei." in page
    trace = page[page.index('id="transferred"') :]
    assert complaint.reference in trace and "Hebei" in trace and REASON in trace
    # A trace only: the complaint itself is no longer Baoding's to open.
    assert client.get(f"/supervise/complaints/{complaint.reference}").status_code == 404
    db.expire_all()
    assert complaint.primary_government_id == registry.hebei.id


def test_a_transfer_by_chinese_name_or_code(app, client, db, login, registry):
    first, _ = file_complaint(app, db)
    second, _ = file_complaint(app, db)
    login(Role.SUPERVISOR, government=registry.baoding)
    assert transfer(client, first, "河北省", lang="zh").status_code == 303
    assert transfer(client, second, "Hebei (130000)").status_code == 303
    db.expire_all()
    assert first.primary_government_id == second.primary_government_id == registry.hebei.id
    page = client.get("/supervise/?lang=zh").text
    assert "转给其他政府的投诉" in page


def test_a_name_two_governments_share_asks_for_the_code(app, client, db, login, registry):
    from tests.factories import make_government

    make_government(db, "220200", "吉林市", "Jilin", "prefectural", registry.jilin)
    db.commit()
    complaint, _ = file_complaint(app, db)
    login(Role.SUPERVISOR, government=registry.baoding)
    response = transfer(client, complaint, "Jilin")
    assert response.status_code == 400
    assert "Several governments have this name" in response.text
    assert "220000" in response.text and "220200" in response.text
    assert transfer(client, complaint, "吉林省 (220000)").status_code == 303
    assert transfer(client, file_complaint(app, db)[0], "220000").status_code == 303


def test_an_unknown_name_is_refused_on_the_field(app, client, db, login, registry):
    complaint, _ = file_complaint(app, db)
    login(Role.SUPERVISOR, government=registry.baoding)
    response = transfer(client, complaint, "Atlantis")
    assert response.status_code == 400
    assert 'id="transfer-government-error">No government has this name.' in response.text
    db.expire_all()
    assert complaint.primary_government_id == registry.baoding.id


def test_the_trace_is_only_the_sending_governments(app, client, db, login, registry):
    complaint, _ = file_complaint(app, db)
    officer = login(Role.SUPERVISOR, government=registry.baoding)
    supervision.transfer(db, complaint, officer, registry.hebei.id, REASON)
    db.commit()
    login(Role.SUPERVISOR, government=registry.guangdong)
    assert 'id="transferred"' not in client.get("/supervise/?lang=en").text


def test_the_queue_filters_offices_by_name(app, client, db, login, registry):
    laishui, _ = file_complaint(app, db)
    yanji, _ = file_complaint(app, db, office="yanji-in-changchun")
    login(Role.NATIONAL, government=registry.national)
    for text in (laishui.office.name_zh, laishui.office.name_en.split()[0].lower()):
        page = client.get("/supervise/", query_string={"office": text, "lang": "en"}).text
        assert laishui.reference in page and yanji.reference not in page, text
    page = client.get("/supervise/?office=yanji-in-changchun").text  # the slug still works
    assert yanji.reference in page and laishui.reference not in page
    page = client.get("/supervise/?office=50%25_off").text  # LIKE wildcards are literal
    assert laishui.reference not in page and yanji.reference not in page
