"""Issue 19 item 3 (the rest): a new office recorded on the web as pending approval by the
province that supervises it; every register change produces the office's findings again and
shows in its history; the office page says when and by whom it last changed; the reception
hours appear with the complaint channels."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from admin.models import AdminAuditEntry
from portal.clock import frozen
from portal.findings_models import FindingRecord
from portal.models import Office, OfficeStatus, Role

TODAY = date(2026, 6, 1)
NEW = {
    "establishing": "130600",
    "host": "440000",
    "kind": "standing",
    "established_on": "2026-05-01",
    "reason": "Reported by Baoding's government",
}


def rules_of(db, office_id: int) -> set[str]:
    db.expire_all()
    return set(db.scalars(select(FindingRecord.rule).where(FindingRecord.office_id == office_id)))


@pytest.mark.parametrize(
    ("who", "status"),
    [("hebei", 200), ("admin", 200), ("baoding", 404), ("national", 404), ("editor", 404)],
)
def test_who_may_record_a_new_office(client, sign_in_as, who, status):
    sign_in_as(who)
    assert client.get("/admin/offices/new").status_code == status


def test_a_new_office_pending_approval_then_its_approval_clears_r4(client, db, registry, login):
    account = login(Role.SUPERVISOR, government=registry.hebei)
    with frozen(TODAY):
        response = client.post("/admin/offices/new", data=NEW)
    assert response.status_code == 302
    office = db.scalar(select(Office).where(Office.slug == "130600-gov-in-guangzhou"))
    assert response.headers["Location"].endswith("/admin/offices/130600-gov-in-guangzhou")
    assert office.status is OfficeStatus.PENDING_APPROVAL
    assert office.name_zh == "保定市人民政府驻广州市办事处"
    assert office.host_province_id == registry.guangdong.id
    entry = db.scalar(select(AdminAuditEntry).where(AdminAuditEntry.action == "office_recorded"))
    assert entry.actor_id == account.id and entry.subject_id == office.id
    assert json.loads(entry.after)["status"] == "pending_approval"
    assert "R4" in rules_of(db, office.id)  # working without an approval

    with frozen(TODAY):
        approved = client.post(
            f"/admin/offices/{office.slug}/approval",
            data={
                "approval-reference": "粤府函〔2026〕7号",
                "approval-approved_on": "2026-05-01",
                "approval-approving": "440000",
                "approval-reason": "Approved by Guangdong",
            },
        )
        history = client.get(f"/admin/offices/{office.slug}?lang=en").get_data(as_text=True)
        public = client.get(f"/offices/{office.slug}?lang=en").get_data(as_text=True)
    assert approved.status_code == 302
    assert "R4" not in rules_of(db, office.id)
    assert "New office recorded, pending approval" in history
    assert "Approval recorded" in history and "Approved by Guangdong" in history
    assert "Last changed on" in public and "by the government of Hebei" in public
    assert f'href="/admin/offices/{office.slug}"' in public


def test_closing_an_office_produces_its_findings_again(client, db, registry, login):
    """R1 (a county's office in its own capital) stops once the office is closed."""
    office = registry.laishui_office
    login(Role.SUPERVISOR, government=registry.hebei)
    with frozen(TODAY):
        client.post(
            f"/admin/offices/{office.slug}/closing", data={"closing-reason": "Ordered to close"}
        )
        assert "R1" in rules_of(db, office.id)
        client.post(
            f"/admin/offices/{office.slug}/closure",
            data={"closure-closed_on": "2026-05-31", "closure-reason": "Closed"},
        )
    assert "R1" not in rules_of(db, office.id)


def test_anonymous_readers_see_when_but_no_link(client, db, registry, login):
    login(Role.SUPERVISOR, government=registry.hebei)
    with frozen(TODAY):
        client.post(
            "/admin/offices/laishui-in-shijiazhuang/closing", data={"closing-reason": "Ordered"}
        )
    with client.session_transaction() as cookie_session:
        cookie_session.clear()
    page = client.get("/offices/laishui-in-shijiazhuang?lang=en").get_data(as_text=True)
    assert "by the government of Hebei" in page
    assert "/admin/offices/" not in page
    untouched = client.get("/offices/yanji-in-changchun?lang=en").get_data(as_text=True)
    assert "Last changed on" not in untouched


@pytest.mark.parametrize(
    ("who", "data", "field_message"),
    [
        ("jilin", NEW, "You cannot record an office for these governments."),
        ("hebei", {**NEW, "host": "130600"}, "The host must be a province with a capital."),
        ("hebei", {**NEW, "establishing": "999999"}, "No government has this division code."),
        ("hebei", {**NEW, "established_on": "2030-01-01"}, "The date cannot be in the future."),
        ("hebei", {**NEW, "kind": "special_mission"}, "A special mission has an end date."),
        ("hebei", {**NEW, "kind": "nonsense"}, "Not a valid choice"),
        ("hebei", {**NEW, "reason": ""}, "This field is required."),
    ],
)
def test_a_bad_new_office_is_refused_and_nothing_is_written(
    client, db, sign_in_as, who, data, field_message
):
    sign_in_as(who)
    with frozen(TODAY):
        response = client.post("/admin/offices/new?lang=en", data=data)
    assert response.status_code == 422
    assert field_message in response.get_data(as_text=True)
    assert db.scalar(select(Office).where(Office.slug.like("130600-%"))) is None
    assert db.scalar(select(AdminAuditEntry)) is None


def test_reception_hours_show_with_the_channels(client, registry, login):
    login(Role.SUPERVISOR, government=registry.hebei)
    response = client.post(
        "/admin/governments/130000/channels",
        data={"phone": "0311-12345678", "hours_zh": "工作日9:00-17:00", "hours_en": "Weekdays 9-5"},
    )
    assert response.status_code == 302
    assert "Weekdays 9-5" in client.get("/governments/130000?lang=en").get_data(as_text=True)
    assert "工作日9:00-17:00" in client.get("/governments/130000?lang=zh").get_data(as_text=True)
