"""Issue 19 item 3 (second half): an office's approval, closing and closure recorded on the web
by the province that supervises it; audited; the office's findings follow; bad input refused."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from admin.models import AdminAuditEntry
from portal.clock import frozen
from portal.models import OfficeStatus

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("who", "slug", "status"),
    [
        ("hebei", "laishui-in-shijiazhuang", 200),
        ("jilin", "yanji-in-changchun", 200),
        ("admin", "yanji-in-changchun", 200),
        ("jilin", "laishui-in-shijiazhuang", 404),
        ("baoding", "laishui-in-shijiazhuang", 404),
        ("national", "laishui-in-shijiazhuang", 404),
        ("editor", "laishui-in-shijiazhuang", 404),
        ("admin", "no-such-office", 404),
    ],
)
def test_who_may_keep_an_office_s_record(client, sign_in_as, who, slug, status):
    sign_in_as(who)
    assert client.get(f"/admin/offices/{slug}").status_code == status


def test_closure_is_recorded_audited_and_shown(client, db, registry, sign_in_as):
    account = sign_in_as("hebei")
    with frozen(TODAY):
        response = client.post(
            "/admin/offices/laishui-in-shijiazhuang/closure",
            data={
                "closure-closed_on": "2026-05-31",
                "closure-reason": "Merged into the province's office",
            },
        )
    assert response.status_code == 302
    office = registry.laishui_office
    db.refresh(office)
    assert office.status is OfficeStatus.CLOSED and office.closed_on == date(2026, 5, 31)
    entry = db.scalar(select(AdminAuditEntry).where(AdminAuditEntry.action == "office_closed"))
    assert entry.actor_id == account.id
    assert json.loads(entry.before)["status"] == "operating"
    assert json.loads(entry.after) == {"status": "closed", "closed_on": "2026-05-31"}
    with frozen(TODAY):
        page = client.get("/admin/offices/laishui-in-shijiazhuang?lang=en").get_data(as_text=True)
    assert "Closure recorded" in page and "Merged into the province" in page


def test_approval_of_an_office_pending_it_starts_it_operating(client, db, registry, sign_in_as):
    office = registry.laishui_office
    office.status = OfficeStatus.PENDING_APPROVAL
    office.established_on = None
    db.commit()
    sign_in_as("hebei")
    with frozen(TODAY):
        response = client.post(
            "/admin/offices/laishui-in-shijiazhuang/approval",
            data={
                "approval-reference": "冀政函〔2026〕12号",
                "approval-approved_on": "2026-05-20",
                "approval-approving": "130000",
                "approval-reason": "Approved by the provincial government",
            },
        )
    assert response.status_code == 302
    db.refresh(office)
    assert office.status is OfficeStatus.OPERATING
    assert office.approval_reference == "冀政函〔2026〕12号"
    assert office.approved_on == office.established_on == date(2026, 5, 20)
    assert office.approving_government_id == registry.hebei.id


def test_closing_then_the_closed_office_takes_no_more_changes(client, db, registry, sign_in_as):
    sign_in_as("hebei")
    data = {"closing-reason": "Ordered by the inspection"}
    assert (
        client.post("/admin/offices/laishui-in-shijiazhuang/closing", data=data).status_code == 302
    )
    db.refresh(registry.laishui_office)
    assert registry.laishui_office.status is OfficeStatus.CLOSING
    refused = client.post(
        "/admin/offices/shenzhen-in-shijiazhuang/closure?lang=en",
        data={"closure-closed_on": "2016-01-01", "closure-reason": "x"},
    )
    assert refused.status_code == 422 and "This office is closed." in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"closure-closed_on": "2030-01-01", "closure-reason": "x"},
            "The date cannot be in the future.",
        ),
        (
            {"closure-closed_on": "2001-01-01", "closure-reason": "x"},
            "cannot close before it was established",
        ),
        ({"closure-closed_on": "not a date", "closure-reason": "x"}, "A date, please."),
        ({"closure-closed_on": "2026-01-01", "closure-reason": ""}, "This field is required."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    client, db, registry, sign_in_as, data, message
):
    sign_in_as("hebei")
    with frozen(TODAY):
        response = client.post("/admin/offices/laishui-in-shijiazhuang/closure?lang=en", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.refresh(registry.laishui_office)
    assert registry.laishui_office.status is OfficeStatus.OPERATING
    assert db.scalar(select(AdminAuditEntry)) is None


def test_an_unknown_action_is_a_404(client, sign_in_as):
    sign_in_as("hebei")
    assert client.post("/admin/offices/laishui-in-shijiazhuang/reopen").status_code == 404
