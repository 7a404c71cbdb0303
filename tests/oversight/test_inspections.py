"""Inspections: scope, drafts, publication, the public list and page, the office section, R9/R11."""

from __future__ import annotations

from datetime import date

import pytest

from portal.compliance import all_findings, findings_for_office
from portal.models import Role
from portal.oversight.inspections import InspectionDraft, save_draft
from portal.oversight.models import Inspection, InspectionResult, InspectionStatus
from portal.oversight.supervision import OversightError
from tests.oversight.conftest import inspection_form


def test_supervisor_records_a_draft_then_publishes_it(client, db, registry, login):
    login(Role.SUPERVISOR, government=registry.hebei)
    office = registry.laishui_office
    response = client.post(
        "/inspections/new",
        data=inspection_form(
            registry,
            findings_markdown="The office **still operates** in Shijiazhuang.",
            result="ordered_to_close",
        ),
    )
    assert response.status_code == 302
    inspection = db.query(Inspection).one()
    assert inspection.status == InspectionStatus.DRAFT
    assert client.get(f"/inspections/{inspection.id}").status_code == 404
    assert "涞水县" not in client.get("/inspections/").get_data(as_text=True)

    response = client.post(f"/inspections/{inspection.id}/publish")
    assert response.status_code == 302
    db.expire_all()
    assert office.closure_ordered_on == date(2016, 4, 12)
    page = client.get(f"/inspections/{inspection.id}?lang=en").get_data(as_text=True)
    assert "<strong>still operates</strong>" in page
    assert "Office ordered to close" in page
    page = client.get(f"/inspections/{inspection.id}?lang=zh").get_data(as_text=True)
    assert "责令撤销" in page


def test_a_published_inspection_cannot_be_edited(client, db, registry, login, publish):
    inspection = publish(registry.laishui_office, "compliant", date(2016, 4, 1), by=registry.hebei)
    login(Role.SUPERVISOR, government=registry.hebei)
    assert client.get(f"/inspections/{inspection.id}/edit").status_code == 404
    assert client.post(f"/inspections/{inspection.id}/publish").status_code == 404


def test_office_outside_scope_is_refused(db, registry, supervisor):
    jilin = supervisor(registry.jilin)
    draft = InspectionDraft(
        registry.laishui_office.id, date(2016, 1, 5), "x", InspectionResult.COMPLIANT
    )
    with pytest.raises(OversightError) as error:
        save_draft(db, draft, jilin, today=date(2016, 2, 1))
    assert error.value.field == "office_id"


def test_scope_covers_own_subordinates_and_hosted_offices(db, registry, supervisor):
    guangdong = supervisor(registry.guangdong)
    # Baoding's office in Guangzhou: hosted in Guangdong.
    hosted = InspectionDraft(
        registry.baoding_office.id, date(2016, 1, 5), "x", InspectionResult.COMPLIANT
    )
    assert save_draft(db, hosted, guangdong, today=date(2016, 2, 1)).id
    # Shenzhen's office in Changchun: Shenzhen is below Guangdong.
    own = InspectionDraft(
        registry.shenzhen_office.id, date(2016, 1, 5), "x", InspectionResult.COMPLIANT
    )
    assert save_draft(db, own, guangdong, today=date(2016, 2, 1)).id


def test_someone_elses_draft_is_not_found(client, db, registry, login, supervisor, record_draft):
    draft = record_draft(registry.laishui_office, supervisor(registry.hebei))
    db.commit()
    login(Role.SUPERVISOR, government=registry.jilin)
    assert client.get(f"/inspections/{draft.id}/edit").status_code == 404
    assert client.post(f"/inspections/{draft.id}/publish").status_code == 404


def test_form_errors_are_shown_in_the_language_of_the_page(client, registry, login):
    login(Role.SUPERVISOR, government=registry.hebei)
    data = inspection_form(
        registry,
        findings_markdown="Rooms were rented to private guests.",
        result="rectification_required",
    )
    response = client.post("/inspections/new?lang=en", data=data)
    assert response.status_code == 400
    assert "Give the deadline for the rectification." in response.get_data(as_text=True)
    response = client.post("/inspections/new?lang=zh", data={**data, "inspected_on": "12/04/2016"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "请按 YYYY-MM-DD 格式填写日期。" in page
    assert '<a href="#inspected_on">检查日期：请按 YYYY-MM-DD 格式填写日期。</a>' in page


def test_public_pages_need_no_sign_in_but_supervisor_pages_do(client, registry):
    assert client.get("/inspections/").status_code == 200
    response = client.get("/inspections/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_editor_cannot_record_inspections(client, registry, login):
    login(Role.OFFICE_EDITOR, office=registry.laishui_office)
    assert client.get("/inspections/new").status_code == 404


def test_markdown_is_sanitised(client, db, registry, publish):
    inspection = publish(
        registry.laishui_office,
        "compliant",
        date(2016, 4, 1),
        text='<script>alert(1)</script> [site](javascript:alert(2)) <img src=x onerror="y">',
    )
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "javascript:" not in page
    assert "onerror" not in page


def test_list_filters_by_province_result_and_year(client, registry, publish):
    publish(registry.laishui_office, "compliant", date(2016, 4, 1))
    publish(registry.yanji_office, "rectification_required", date(2017, 5, 2), due=date(2017, 8, 1))
    page = client.get("/inspections/?province=220000&lang=en").get_data(as_text=True)
    assert "Yanji Office" in page and "Laishui County Office" not in page
    page = client.get("/inspections/?result=compliant&lang=en").get_data(as_text=True)
    assert "Laishui County Office" in page and "Yanji Office" not in page
    page = client.get("/inspections/?year=2017&lang=en").get_data(as_text=True)
    assert "Yanji Office" in page and "Laishui County Office" not in page
    assert client.get("/inspections/?year=17").status_code == 400
    assert client.get("/inspections/?result=bogus").status_code == 400
    assert client.get("/inspections/?province=999999").status_code == 400


def test_office_page_lists_its_inspections(client, registry, publish):
    publish(
        registry.laishui_office, "rectification_required", date(2016, 4, 1), due=date(2016, 6, 30)
    )
    page = client.get("/offices/laishui-in-shijiazhuang?lang=en").get_data(as_text=True)
    assert "Rectification required" in page
    assert "/offices/laishui-in-shijiazhuang/feed.atom" in page
    page = client.get("/offices/laishui-in-shijiazhuang?lang=zh").get_data(as_text=True)
    assert "需要整改" in page


def test_r11_finding_until_a_follow_up_inspection(db, registry, publish):
    office = registry.yanji_office
    publish(office, "rectification_required", date(2016, 4, 1), due=date(2016, 6, 30))
    assert not [f for f in all_findings(db, date(2016, 6, 30)) if f.rule == "R11"]
    late = [f for f in findings_for_office(db, office, date(2016, 7, 10)) if f.rule == "R11"]
    assert len(late) == 1 and late[0].facts["days_overdue"] == 10
    assert late[0].severity == "violation"
    publish(office, "compliant", date(2016, 7, 20))
    # Confirmed, but 20 days after the deadline: it stays on record as a warning.
    r11 = [f for f in all_findings(db, date(2016, 8, 1)) if f.rule == "R11"]
    assert [(f.severity.value, f.facts["days_late"]) for f in r11] == [("warning", 20)]


def test_r11_follow_up_in_time_clears_the_rectification(db, registry, publish):
    office = registry.baoding_office
    publish(office, "rectification_required", date(2016, 4, 1), due=date(2016, 6, 30))
    publish(office, "compliant", date(2016, 6, 30))
    assert not [f for f in all_findings(db, date(2017, 1, 1)) if f.rule == "R11"]


def test_inspection_page_shows_the_follow_up_state(client, registry, publish):
    first = publish(
        registry.yanji_office, "rectification_required", date(2016, 4, 1), due=date(2016, 6, 30)
    )
    page = client.get(f"/inspections/{first.id}?lang=en").get_data(as_text=True)
    assert "no follow-up inspection has been published" in page
    follow = publish(registry.yanji_office, "compliant", date(2016, 7, 5))
    page = client.get(f"/inspections/{first.id}?lang=zh").get_data(as_text=True)
    assert f"/inspections/{follow.id}" in page and "晚于整改期限" in page
