"""Retention: complaints closed longer than PORTAL_RETENTION_DAYS lose their complainant's data,
keep their anonymised public outcome (issue 20, item 6). The clock is frozen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from complaints.attachments import stored_path
from complaints.intake import contact_of
from complaints.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintOutcome,
    ComplaintStatus,
    NotificationOutbox,
)
from complaints.retention import DEFAULT_RETENTION_DAYS, erase_expired, retention_days
from portal.clock import frozen
from tests.complaints.conftest import file_complaint, png_bytes

NOW = datetime(2029, 6, 1, 4, 0, tzinfo=UTC)


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "COMPLAINT_MAIL_LOG": str(tmp_path / "instance" / "mail.log")}


def filed(app, db, closed_days_ago: int | None) -> int:
    """A complaint with contact details and a picture, closed so many days before NOW (or open)."""
    complaint, _secret = file_complaint(
        app,
        db,
        when=NOW - timedelta(days=(closed_days_ago or 0) + 1000),
        body="Dinner for twelve guests at the Grand Hotel.",
        contact_name="张三",
        contact_email="zhang@example.cn",
        email_updates=False,
        files=[("photo.png", png_bytes())],
    )
    if closed_days_ago is not None:
        complaint.status = ComplaintStatus.CLOSED
        complaint.outcome = ComplaintOutcome.UPHELD
        complaint.outcome_summary = "The office repaid the cost of the dinner."
        complaint.closed_at = NOW - timedelta(days=closed_days_ago)
    db.commit()
    return complaint.id


def holdings(app, db, complaint_id: int) -> dict:
    """What a complaint still holds of its complainant."""
    db.expire_all()
    complaint = db.get(Complaint, complaint_id)
    names = list(
        db.scalars(
            select(ComplaintAttachment.stored_name).where(
                ComplaintAttachment.complaint_id == complaint_id
            )
        )
    )
    notices = db.scalar(
        select(func.count())
        .select_from(NotificationOutbox)
        .where(NotificationOutbox.complaint_id == complaint_id)
    )
    return {"contact": contact_of(complaint), "files": names, "notices": notices}


def run_retention(runner, db):
    db.rollback()  # SQLite: the test's own reads must not hold the write lock
    with frozen(NOW):
        result = runner.invoke(args=["jobs", "run", "--once", "--job", "retention"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_complaint_closed_over_two_years_ago_loses_contact_and_files_not_its_outcome(
    app, runner, db, registry
):
    old = filed(app, db, closed_days_ago=DEFAULT_RETENTION_DAYS + 1)
    before = holdings(app, db, old)
    assert before["contact"] == {"name": "张三", "email": "zhang@example.cn"}
    (stored_name,) = before["files"]
    assert stored_path(app.config["UPLOAD_DIR"], stored_name).exists()
    reference = db.get(Complaint, old).reference

    output = run_retention(runner, db)
    assert "erased 1 complaints' contact details, 1 files" in output
    assert holdings(app, db, old) == {"contact": {}, "files": [], "notices": 0}
    assert not stored_path(app.config["UPLOAD_DIR"], stored_name).exists()
    complaint = db.get(Complaint, old)
    assert complaint.reference == reference
    assert complaint.outcome is ComplaintOutcome.UPHELD
    assert complaint.outcome_summary == "The office repaid the cost of the dinner."
    assert complaint.body == "Dinner for twelve guests at the Grand Hotel."


def test_a_complaint_closed_just_under_two_years_ago_and_an_old_open_one_keep_everything(
    app, runner, db, registry
):
    recent = filed(app, db, closed_days_ago=DEFAULT_RETENTION_DAYS - 1)
    still_open = filed(app, db, closed_days_ago=None)
    before = {key: holdings(app, db, key) for key in (recent, still_open)}
    assert "erased 0 complaints" in run_retention(runner, db)
    assert {key: holdings(app, db, key) for key in (recent, still_open)} == before
    assert all(value["contact"] and value["files"] for value in before.values())


def test_the_period_is_configurable_and_a_second_run_erases_nothing_more(app, runner, db, registry):
    app.config["RETENTION_DAYS"] = 30
    month_old = filed(app, db, closed_days_ago=31)
    assert "erased 1 complaints' contact details, 1 files" in run_retention(runner, db)
    assert holdings(app, db, month_old)["contact"] == {}
    assert "erased 0 complaints' contact details, 0 files" in run_retention(runner, db)


def test_the_service_alone_flushes_and_leaves_the_commit_to_its_caller(app, db, registry):
    old = filed(app, db, closed_days_ago=DEFAULT_RETENTION_DAYS + 10)
    erased = erase_expired(db, NOW)
    assert erased.complaint_ids == [old] and len(erased.stored_names) == 1
    db.rollback()
    assert holdings(app, db, old)["contact"] == {"name": "张三", "email": "zhang@example.cn"}


@pytest.mark.parametrize(
    ("configured", "days"), [(None, 730), ("", 730), ("90", 90), ("0", 1), ("soon", 730)]
)
def test_retention_days_reads_the_setting_or_falls_back_to_two_years(configured, days):
    assert retention_days({"RETENTION_DAYS": configured}) == days
