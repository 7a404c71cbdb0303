"""Contact channels, the office page's complaint section, the nav item and the statistics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from complaints.intake import Intake, submit_complaint
from complaints.models import Complaint, ComplaintOutcome, ComplaintStatus
from complaints.receipts import new_nonce


def results(page: str) -> str:
    return page.split('class="channel-list"', 1)[1] if 'class="channel-list"' in page else ""


def test_contact_channels_are_findable_by_province_and_name(registry, client):
    everyone = results(client.get("/complaints/contact?lang=en").text)
    assert "Hebei" in everyone and "jiandu@hebei.example.cn" in everyone
    assert "Baoding" not in everyone  # prefectures appear once a province is chosen
    hebei = results(client.get("/complaints/contact?province=130000&lang=en").text)
    assert "Baoding" in hebei and "Jilin" not in hebei
    by_name = results(client.get("/complaints/contact?q=Yanbian&lang=en").text)
    assert "Yanbian Korean Autonomous Prefecture" in by_name and "Hebei" not in by_name


def test_the_office_page_says_how_to_complain(registry, client):
    page = client.get("/offices/baoding-in-guangzhou?lang=en").text
    assert "How to complain about this office" in page
    assert "/complaints/new?office=baoding-in-guangzhou" in page
    assert "jiandu@hebei.example.cn" in page  # Hebei supervises Baoding
    assert "Copied" in page  # Guangdong hosts it


def test_the_navigation_has_a_complain_link(registry, client):
    assert 'href="/complaints/new?lang=en">Complain</a>' in client.get("/?lang=en").text


def file(db, app, registry, when, slug="laishui-in-shijiazhuang", category="other"):
    intake = Intake(nonce=new_nonce(), category=category, body="Text.", office_slug=slug)
    return submit_complaint(
        db, intake, data_key=app.config["DATA_KEY"], upload_dir=app.config["UPLOAD_DIR"], now=when
    ).complaint


def test_statistics_count_and_keep_outcomes_apart(registry, db, app, client):
    start = datetime(2025, 3, 10, 2, tzinfo=UTC)
    upheld = file(db, app, registry, start, category="reception_over_standard")
    not_upheld = file(db, app, registry, start + timedelta(days=40), slug="yanji-in-changchun")
    file(db, app, registry, start + timedelta(days=41))
    for complaint, outcome, days in (
        (upheld, ComplaintOutcome.UPHELD, 10),
        (not_upheld, ComplaintOutcome.NOT_UPHELD, 90),
    ):
        complaint.acknowledged_at = complaint.submitted_at + timedelta(days=days // 10 * 2)
        complaint.closed_at = complaint.submitted_at + timedelta(days=days)
        complaint.status = ComplaintStatus.CLOSED
        complaint.outcome = outcome
    db.commit()
    page = client.get("/complaints/stats?lang=en").text
    assert 'id="stat-total">3<' in page
    assert '<th scope="row">2025-03</th><td>1</td>' in page
    assert '<th scope="row">2025-04</th><td>2</td>' in page
    assert '<th scope="row">Upheld</th><td>1</td>' in page
    assert '<th scope="row">Not upheld</th><td>1</td>' in page
    assert '<th scope="row">Reception over the standard</th><td>1</td>' in page
    assert '<th scope="row">Jilin</th><td>1</td>' in page
    assert '<th scope="row">Hebei</th><td>2</td>' in page
    # one resolved in 10 days, one in 90 (late), one open and long past its deadline
    assert 'id="resolve-on-time">33% <span class="muted">(1 / 3)' in page
    assert "Text." not in page


def test_statistics_with_no_complaints(registry, client):
    page = client.get("/complaints/stats?lang=en").text
    assert 'id="stat-total">0<' in page


def test_complaint_stats_never_list_references(registry, db, app, client):
    complaint = file(db, app, registry, datetime(2025, 1, 5, tzinfo=UTC))
    db.commit()
    assert complaint.reference not in client.get("/complaints/stats").text
    assert db.scalar(select(Complaint.id)) is not None


def test_the_forms_office_search_lists_offices_in_pinyin_order(registry, db):
    """北 (bei) comes before 安 (an) by code point; a reader expects 安 first (issue 15 item 9)."""
    from complaints.queries import search_offices
    from tests.factories import make_office

    make_office(
        db, "bei-in-changchun", registry.hebei, registry.jilin, name_zh="北戴河区驻长春联络处"
    )
    make_office(db, "an-in-changchun", registry.hebei, registry.jilin, name_zh="安国市驻长春联络处")
    db.commit()
    names = [office.name_zh for office in search_offices(db, "驻长春联络处")]
    assert names == ["安国市驻长春联络处", "北戴河区驻长春联络处"]
