"""`flask jobs run`: every periodic job, its lease between machines, its recorded runs, its page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

import operations.jobs
from complaints.models import Complaint, NotificationOutbox
from operations.jobs import JOBS, Job, run_job
from operations.leases import take_lease
from operations.models import JobLease, JobRun, RunResult
from operations.scheduler import build_scheduler
from portal.clock import frozen, utcnow
from portal.models import Role
from tests.complaints.conftest import file_complaint


def runs(db) -> list[JobRun]:
    db.expire_all()
    return list(db.scalars(select(JobRun).order_by(JobRun.id)))


def test_run_once_runs_every_job_and_records_each_run(runner, db, registry):
    result = runner.invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 0, result.output
    recorded = runs(db)
    assert [run.job for run in recorded] == list(JOBS)
    for run in recorded:
        assert run.result is RunResult.SUCCEEDED, run.summary
        assert run.started_at <= run.finished_at
        assert run.summary
    assert "deliver: succeeded: sent 0, failed 0" in result.output
    # every lease is given back
    assert all(lease.holder is None for lease in db.scalars(select(JobLease)))


def test_a_second_run_finds_nothing_left_to_do(app, runner, db, registry):
    file_complaint(app, db)
    first = runner.invoke(args=["jobs", "run", "--once", "--job", "deliver"])
    assert first.exit_code == 0, first.output
    pending = select(func.count()).select_from(NotificationOutbox)
    assert db.scalar(pending.where(NotificationOutbox.delivered_at.is_(None))) == 0
    sent = db.scalar(pending.where(NotificationOutbox.delivered_at.is_not(None)))
    assert sent > 0 and f"sent {sent}, failed 0" in first.output
    db.rollback()  # SQLite: the test's own read must not hold the write lock
    second = runner.invoke(args=["jobs", "run", "--once", "--job", "deliver"])
    assert "deliver: succeeded: sent 0, failed 0" in second.output


def test_the_delivery_job_sends_a_burst_in_batches_until_the_outbox_is_empty(
    app, runner, db, registry, monkeypatch
):
    """A burst larger than one batch goes out in one run (not a batch a minute)."""
    monkeypatch.setattr(operations.jobs, "DELIVERY_BATCH", 2)
    for _ in range(3):
        file_complaint(app, db)
    pending = select(func.count()).select_from(NotificationOutbox)
    queued = db.scalar(pending)
    assert queued > 2
    db.rollback()
    result = runner.invoke(args=["jobs", "run", "--once", "--job", "deliver"])
    assert f"sent {queued}, failed 0" in result.output
    assert db.scalar(pending.where(NotificationOutbox.delivered_at.is_(None))) == 0


def test_the_delivery_job_stops_at_a_failing_batch_to_keep_the_attempts(
    app, runner, db, registry, monkeypatch
):
    """A mail server that is down costs each message one attempt per run, not one per batch."""
    monkeypatch.setattr(operations.jobs, "DELIVERY_BATCH", 1)
    for _ in range(2):
        file_complaint(app, db)
    db.rollback()
    app.config["SMTP_URL"] = "smtp://127.0.0.1:1"  # nothing listens there: every send fails
    result = runner.invoke(args=["jobs", "run", "--once", "--job", "deliver"])
    assert "sent 0, failed 1" in result.output
    attempts = db.scalars(select(NotificationOutbox.attempts)).all()
    assert sorted(attempts)[-1] == 1 and sum(attempts) == 1


def test_an_unknown_job_is_refused_with_the_names_of_the_jobs(runner, db):
    result = runner.invoke(args=["jobs", "run", "--once", "--job", "nonsense"])
    assert result.exit_code == 2
    assert "unknown job nonsense" in result.output and "deliver" in result.output


def test_a_job_held_by_another_machine_is_not_run_twice(app, db):
    assert take_lease(db, "escalate", "other-machine:1:aa", utcnow(), 600)
    assert run_job(app, JOBS["escalate"], "this-machine:2:bb") is None
    assert runs(db) == []


def test_an_expired_lease_is_taken_over(app, db):
    assert take_lease(db, "escalate", "crashed:1:aa", utcnow() - timedelta(hours=2), 60)
    run = run_job(app, JOBS["escalate"], "this-machine:2:bb")
    assert run is not None and run.result is RunResult.SUCCEEDED
    assert take_lease(db, "escalate", "third:3:cc", utcnow(), 60)


def test_only_one_of_two_holders_gets_a_free_lease(db):
    now = utcnow()
    assert take_lease(db, "findings", "first:1:aa", now, 60)
    assert not take_lease(db, "findings", "second:2:bb", now, 60)
    assert take_lease(db, "findings", "first:1:aa", now, 60)  # the holder may renew


def test_a_failing_job_is_recorded_as_failed_and_gives_its_lease_back(app, db):
    def broken(_app):
        raise RuntimeError("the mail server said no")

    run = run_job(app, Job("broken", broken, every_seconds=60, lease_seconds=60), "me:1:aa")
    assert run.result is RunResult.FAILED
    assert run.summary == "RuntimeError: the mail server said no"
    assert run.finished_at is not None
    assert db.get(JobLease, "broken").holder is None


def test_administrators_see_the_runs(runner, client, db, login, registry):
    runner.invoke(args=["jobs", "run", "--once", "--job", "escalate"])
    login(Role.ADMIN)
    page = client.get("/operations/jobs?lang=en")
    assert page.status_code == 200
    assert "Escalate overdue complaints" in page.text
    assert "escalated 0" in page.text and "Succeeded" in page.text
    assert "Interval (minutes)" in page.text and "<td>60</td>" in page.text  # escalate: hourly
    chinese = client.get("/operations/jobs?lang=zh")
    assert "定期任务" in chinese.text and "逾期投诉升级" in chinese.text and "成功" in chinese.text
    assert "间隔（分钟）" in chinese.text


@pytest.mark.parametrize("role", [Role.NATIONAL, Role.SUPERVISOR, Role.OFFICE_EDITOR])
def test_other_roles_get_a_404(client, login, registry, role):
    government = {Role.NATIONAL: registry.national, Role.SUPERVISOR: registry.hebei}.get(role)
    office = registry.laishui_office if role is Role.OFFICE_EDITOR else None
    login(role, government=government, office=office)
    assert client.get("/operations/jobs").status_code == 404


def test_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/operations/jobs")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_scheduler_has_every_job_on_its_interval_one_at_a_time(app):
    scheduler = build_scheduler(app, JOBS.values(), "me:1:aa")
    planned = {job.id: job for job in scheduler.get_jobs()}
    assert set(planned) == set(JOBS)
    for name, job in JOBS.items():
        assert planned[name].trigger.interval == timedelta(seconds=job.every_seconds)
        assert planned[name].max_instances == 1 and planned[name].coalesce


def test_the_escalation_job_escalates_an_overdue_complaint_once(app, runner, db, registry):
    complaint, _secret = file_complaint(app, db)
    reference, level = complaint.reference, complaint.escalation_level
    due = complaint.acknowledge_due_on
    db.rollback()
    with frozen(due + timedelta(days=3)):
        first = runner.invoke(args=["jobs", "run", "--once", "--job", "escalate"])
        second = runner.invoke(args=["jobs", "run", "--once", "--job", "escalate"])
    assert "escalate: succeeded: escalated 1" in first.output, first.output
    assert "escalate: succeeded: escalated 0" in second.output, second.output
    db.expire_all()
    escalated = db.scalar(select(Complaint).where(Complaint.reference == reference))
    assert escalated.escalation_level == level + 1


def test_a_run_record_leaves_the_public_pages_kept(db, registry):
    """The scheduler writes a run record every minute: no public page shows it, so it must not
    move the data version (each process would draw every page again, every minute)."""
    from portal.clock import utcnow
    from portal.findings import data_version

    before = data_version(db)
    db.add(JobRun(job="deliver", holder="test", started_at=utcnow(), result=list(RunResult)[0]))
    db.commit()
    assert data_version(db) == before


def test_the_reminders_job_queues_each_reminder_once(app, runner, db, registry):
    registry.baoding.contact_email = "jiandu@baoding.example.cn"  # Laishui's office -> Baoding
    db.commit()
    complaint, _secret = file_complaint(app, db)
    due = complaint.acknowledge_due_on
    db.rollback()
    with frozen(due - timedelta(days=3)):
        first = runner.invoke(args=["jobs", "run", "--once", "--job", "reminders"])
        second = runner.invoke(args=["jobs", "run", "--once", "--job", "reminders"])
    assert "reminders: succeeded: queued 1 reminders" in first.output, first.output
    assert "reminders: succeeded: queued 0 reminders" in second.output, second.output
    recorded = [run for run in runs(db) if run.job == "reminders"]
    assert [run.result for run in recorded] == [RunResult.SUCCEEDED] * 2
