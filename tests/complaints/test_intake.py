"""Filing a complaint through the form: receipt, routing shown, bad input refused, retries."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from complaints.models import Complaint, ComplaintAttachment


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_a_complaint_gets_a_receipt_with_reference_and_secret(registry, post_complaint, db):
    response = post_complaint()
    assert response.status_code == 200, response.text
    page = response.text
    reference = re.search(r"TS-\d{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}", page).group(0)
    secret = re.search(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", page).group(0)
    complaint = db.scalar(select(Complaint).where(Complaint.reference == reference))
    assert complaint is not None
    assert secret.replace("-", "") not in complaint.secret_hash
    assert complaint.secret_hash.startswith("hmac-sha256$")  # issue 20
    assert response.headers["Cache-Control"] == "no-store"
    assert "Baoding" in page or "保定市" in page


def test_routing_and_deadlines_are_stored_and_shown(registry, post_complaint, db):
    response = post_complaint(office="baoding-in-guangzhou", lang="en")
    complaint = db.scalar(select(Complaint))
    routes = {(r.government.code, r.role.value, r.rule) for r in complaint.routes}
    assert routes == {
        ("130000", "primary", "parent_of_establishing"),
        ("440000", "copy", "host_province_copy"),
    }
    assert (complaint.resolve_due_on - complaint.acknowledge_due_on).days == 45
    assert complaint.acknowledge_due_on.isoformat() in response.text


def test_a_retried_form_creates_no_duplicate_and_shows_the_same_working_receipt(
    registry, client, db
):
    from tests.complaints.conftest import complaint_form

    data = complaint_form()
    first = client.post("/complaints/new", data=dict(data), follow_redirects=True)
    second = client.post("/complaints/new", data=dict(data), follow_redirects=True)
    assert first.status_code == second.status_code == 200
    assert count(db, Complaint) == 1
    secret_pattern = r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}"
    first_secret = re.search(secret_pattern, first.text).group(0)
    assert re.search(secret_pattern, second.text).group(0) == first_secret
    reference = db.scalar(select(Complaint.reference))
    tracked = client.post(
        "/complaints/track", data={"reference": reference, "secret": first_secret}
    )
    assert tracked.status_code == 303


def test_unlisted_office_goes_to_the_host_province(registry, post_complaint, db):
    response = post_complaint(
        office="__unlisted__",
        unlisted_name="Some County Office",
        unlisted_city="Changchun",
        unlisted_province="220000",
        unlisted_runner="Some County",
    )
    assert response.status_code == 200, response.text
    complaint = db.scalar(select(Complaint))
    assert complaint.office_id is None
    assert [(r.government.code, r.rule) for r in complaint.routes] == [
        ("220000", "unlisted_host_province")
    ]


def test_the_preselected_office_is_checked_on_the_form(registry, client):
    page = client.get("/complaints/new?office=yanji-in-changchun").text
    assert 'value="yanji-in-changchun" checked' in page


def test_the_office_search_works_without_javascript(registry, client):
    page = client.get("/complaints/new?q=Baoding&lang=en").text
    assert 'type="radio" id="office-baoding-in-guangzhou"' in page
    assert "laishui-in-shijiazhuang" not in page


def test_an_unknown_office_in_the_address_gets_a_message(registry, client):
    response = client.get("/complaints/new?office=no-such-office&lang=en")
    assert response.status_code == 404
    assert "There is no office at this address" in response.text


BAD_INPUT = [
    ({"body": "   "}, "Say what happened"),
    ({"body": "x" * 10_001}, "under 10000 characters"),
    ({"office": "no-such-office"}, "not in the registry"),
    ({"category": "bribery<script>"}, "Choose one of the categories"),
    ({"office": ""}, "Choose an office"),
    ({"office": "__unlisted__", "unlisted_name": "X"}, "Give the city"),
]


import pytest  # noqa: E402


@pytest.mark.parametrize(("fields", "message"), BAD_INPUT)
def test_bad_input_gets_a_message_and_stores_nothing(registry, post_complaint, db, fields, message):
    response = post_complaint(lang="en", **fields)
    assert response.status_code == 400
    assert message in response.text
    assert 'class="error-summary"' in response.text
    assert count(db, Complaint) == 0


def test_a_fake_pdf_is_refused_on_the_field_and_nothing_is_stored(
    registry, post_complaint, db, app
):
    from pathlib import Path

    response = post_complaint(
        lang="en", files=[("evidence.pdf", b"MZ\x90\x00 this is a windows program")]
    )
    assert response.status_code == 400
    assert "evidence.pdf is not a PDF, JPEG, PNG or Word (DOCX) file" in response.text
    pdf_header = post_complaint(lang="en", files=[("fake.pdf", b"%PDF-1.7\nnot really a pdf")])
    assert "fake.pdf is damaged" in pdf_header.text
    assert count(db, Complaint) == 0
    assert count(db, ComplaintAttachment) == 0
    uploads = Path(app.config["UPLOAD_DIR"])
    assert not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))


def test_too_many_files_are_refused(registry, post_complaint, db):
    from tests.complaints.conftest import png_bytes

    files = [(f"photo{i}.png", png_bytes()) for i in range(6)]
    response = post_complaint(lang="en", files=files)
    assert response.status_code == 400
    assert "Attach at most 5 files" in response.text
    assert count(db, Complaint) == 0


def test_the_text_is_always_escaped(registry, client, post_complaint, db):
    from tests.complaints.conftest import complaint_form  # noqa: F401

    response = post_complaint(body="<script>alert('x')</script> <b>bold</b>")
    reference = db.scalar(select(Complaint.reference))
    secret = re.search(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", response.text).group(0)
    client.post("/complaints/track", data={"reference": reference, "secret": secret})
    page = client.get("/complaints/track").text
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert(" not in page


def test_the_honeypot_stores_nothing(registry, post_complaint, db):
    response = post_complaint(website="http://spam.example")
    assert response.status_code == 400
    assert count(db, Complaint) == 0


def test_too_large_a_request_is_refused_with_413(registry, client, db):
    body = b"x" * (53 * 1024 * 1024)
    response = client.post(
        "/complaints/new", data=body, content_type="multipart/form-data; boundary=xyz"
    )
    assert response.status_code == 413
    assert count(db, Complaint) == 0


def test_attachments_are_stored_outside_static_and_never_served(registry, post_complaint, db, app):
    from pathlib import Path

    from tests.complaints.conftest import docx_with_author, jpeg_with_exif, pdf_with_author

    response = post_complaint(
        files=[
            ("../../etc/我的 照片.JPG", jpeg_with_exif()),
            ("report.pdf", pdf_with_author()),
            ("letter.docx", docx_with_author()),
        ]
    )
    assert response.status_code == 200, response.text
    attachments = db.scalars(select(ComplaintAttachment)).all()
    assert sorted(a.filename for a in attachments) == ["letter.docx", "report.pdf", "我的 照片.jpg"]
    upload_dir = Path(app.config["UPLOAD_DIR"]).resolve()
    assert Path(app.static_folder).resolve() not in upload_dir.parents
    for attachment in attachments:
        stored = upload_dir / "complaints" / attachment.stored_name
        assert b"Secret" not in stored.read_bytes()
        assert app.test_client().get(f"/static/{attachment.stored_name}").status_code == 404


def test_the_form_speaks_chinese_by_default_and_english_on_request(registry, client):
    assert "提交投诉" in client.get("/complaints/new").text
    assert "File a complaint" in client.get("/complaints/new?lang=en").text


def test_a_bad_field_message_is_in_chinese(registry, post_complaint):
    assert "请说明发生了什么。" in post_complaint(body="").text
