"""Approvals: applying, deciding within the deadline, the office in the registry, public pages."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.models import Office, OfficeKind, OfficeStatus, Role
from portal.oversight.approvals import decide_application, decision_deadline, submit_application
from portal.oversight.models import ApplicationPurpose, ApplicationStatus, ApprovalApplication
from portal.oversight.supervision import OversightError
from tests.oversight.conftest import application_draft


def test_urgent_applications_get_a_shorter_deadline():
    assert decision_deadline(date(2016, 3, 1), urgent=False) == date(2016, 3, 31)
    assert decision_deadline(date(2016, 3, 1), urgent=True) == date(2016, 3, 11)


def test_approval_creates_the_office_with_its_approval(db, registry, apply, supervisor):
    application = apply(registry.baoding, registry.jilin)
    jilin = supervisor(registry.jilin)
    decide_application(
        db,
        application,
        jilin,
        True,
        "Many migrant workers.",
        "吉政函〔2016〕7号",
        date(2016, 3, 20),
    )
    db.commit()
    office = application.office
    assert office.status == OfficeStatus.OPERATING
    assert office.establishing_government_id == registry.baoding.id
    assert office.host_province_id == registry.jilin.id
    assert office.approving_government_id == registry.jilin.id
    assert office.approved_on == date(2016, 3, 20)
    assert office.approval_reference == "吉政函〔2016〕7号"
    assert office.slug == "baoding-in-changchun"
    assert {f.value for f in office.function_codes} == {"promotion", "migrant_workers"}


def test_keeping_an_office_records_the_approval_on_it(db, registry, apply, supervisor):
    office = registry.yanji_office
    application = apply(
        registry.yanji,
        registry.jilin,
        purpose=ApplicationPurpose.KEEP_OFFICE,
        office_id=office.id,
        office_name_zh=office.name_zh,
    )
    decide_application(
        db, application, supervisor(registry.jilin), True, "Ethnic affairs.", "吉政函〔2016〕9号"
    )
    db.commit()
    db.refresh(office)
    assert office.approval_reference == "吉政函〔2016〕9号"
    assert db.scalar(select(Office).where(Office.slug.startswith("yanji"))).id == office.id


def test_a_refused_application_cannot_be_reopened(db, registry, apply, supervisor):
    application = apply(registry.baoding, registry.jilin)
    jilin = supervisor(registry.jilin)
    decide_application(db, application, jilin, False, "No need shown.", today=date(2016, 3, 5))
    db.commit()
    with pytest.raises(OversightError):
        decide_application(db, application, jilin, True, "Changed our mind.", "X-1")
    # A new application is the only way to ask again.
    again = apply(registry.baoding, registry.jilin)
    assert again.id != application.id and again.status == ApplicationStatus.PENDING


def test_only_the_host_province_decides(db, registry, apply, supervisor):
    application = apply(registry.baoding, registry.jilin)
    for government in (registry.hebei, registry.baoding, registry.national):
        with pytest.raises(OversightError):
            decide_application(db, application, supervisor(government), True, "ok", "ref")


def test_rules_of_an_application(db, registry, supervisor):
    baoding = supervisor(registry.baoding)
    today = date(2016, 3, 1)
    cases = [
        ({"host_province_id": registry.baoding.id}, "host"),
        ({"functions": []}, "functions"),
        (
            {"kind": OfficeKind.SPECIAL_MISSION, "mission_ends_on": date(2016, 1, 1)},
            "mission_ends_on",
        ),
        (
            {"purpose": ApplicationPurpose.KEEP_OFFICE, "office_id": registry.yanji_office.id},
            "office_id",
        ),
        ({"reason": "  "}, "reason"),
        ({"planned_budget_fen": -1}, "planned_budget"),
    ]
    for changes, field in cases:
        with pytest.raises(OversightError) as error:
            submit_application(db, application_draft(registry.jilin, **changes), baoding, today)
        assert error.value.field == field, changes
    assert db.scalar(select(ApprovalApplication)) is None


def test_apply_and_decide_through_the_pages(client, db, registry, login):
    login(Role.SUPERVISOR, government=registry.baoding)
    form = {
        "purpose": "new_office",
        "host": registry.jilin.id,
        "office_id": 0,
        "office_name_zh": "保定市驻长春办事处",
        "office_name_en": "Baoding Office in Changchun",
        "kind": "standing",
        "functions": ["promotion", "migrant_workers"],
        "planned_budget": "1,250,000.50",
        "reason": "40,000 migrant workers.",
        "urgent": "y",
    }
    response = client.post("/approvals/new", data=form)
    assert response.status_code == 302
    application = db.scalar(select(ApprovalApplication))
    assert application.planned_budget_fen == 125_000_050 and application.urgent
    page = client.get("/approvals/?lang=en").get_data(as_text=True)
    assert "Baoding Office in Changchun" in page and "Urgent" in page
    refused = client.get("/approvals/?urgent=1&status=refused&lang=en").get_data(as_text=True)
    assert "No application matches." in refused

    # The applicant cannot decide; the host province's supervisor can.
    assert client.post(f"/approvals/{application.id}/decide", data={}).status_code == 404
    login(Role.SUPERVISOR, government=registry.jilin)
    response = client.post(
        f"/approvals/{application.id}/decide?lang=en",
        data={"decision": "approve", "reasons": "Justified.", "reference": ""},
    )
    assert response.status_code == 400
    assert "Give the reference of the approval document." in response.get_data(as_text=True)
    response = client.post(
        f"/approvals/{application.id}/decide",
        data={"decision": "approve", "reasons": "Justified.", "reference": "吉政函〔2016〕7号"},
    )
    assert response.status_code == 302
    page = client.get(f"/approvals/{application.id}?lang=zh").get_data(as_text=True)
    assert "已批准" in page and "吉政函〔2016〕7号" in page and "紧急" in page
    office_page = client.get("/offices/baoding-in-changchun?lang=en").get_data(as_text=True)
    assert f"/approvals/{application.id}" in office_page
    # Deciding twice is refused, visibly.
    response = client.post(
        f"/approvals/{application.id}/decide?lang=en",
        data={"decision": "refuse", "reasons": "No."},
    )
    assert response.status_code == 409
    assert "A new application is needed" in response.get_data(as_text=True)


def test_bad_budget_is_explained_in_chinese(client, registry, login):
    login(Role.SUPERVISOR, government=registry.baoding)
    response = client.post(
        "/approvals/new?lang=zh",
        data={
            "purpose": "new_office",
            "host": registry.jilin.id,
            "office_name_zh": "保定市驻长春办事处",
            "kind": "standing",
            "functions": ["promotion"],
            "planned_budget": "lots",
            "reason": "r",
        },
    )
    assert response.status_code == 400
    assert "请以元为单位填写预算" in response.get_data(as_text=True)


def test_overdue_pending_applications_are_marked(client, db, registry, apply):
    apply(registry.baoding, registry.jilin, today=date(2015, 6, 1))
    page = client.get("/approvals/?lang=en").get_data(as_text=True)
    assert "Overdue" in page


def test_national_accounts_see_the_workspace_but_cannot_apply(client, registry, login):
    login(Role.NATIONAL, government=registry.national)
    assert client.get("/oversight/").status_code == 200
    assert client.get("/approvals/new").status_code == 404
