"""Oversight fixtures: reporting rounds, inspections and applications built through the services."""

from __future__ import annotations

from datetime import date

import pytest

from portal.models import OfficeFunction, OfficeKind, Role
from portal.oversight.approvals import ApplicationDraft, submit_application
from portal.oversight.inspections import InspectionDraft, publish_inspection, save_draft
from portal.oversight.models import ApplicationPurpose, InspectionResult
from tests import factories


@pytest.fixture
def first_round(db):
    """The circular's round: baseline 2015-03-16, figures as of 2015-11-30, due before 12-01."""
    round_ = factories.make_round(db, 2015)
    db.commit()
    return round_


@pytest.fixture
def supervisor(db):
    """supervisor(government) -> a committed supervisor account of that government."""

    def make(government, role=Role.SUPERVISOR):
        account = factories.make_account(db, role, government=government)
        db.commit()
        return account

    return make


@pytest.fixture
def record_draft(db):
    """record_draft(office, account, on=2016-01-05, result="compliant") -> a draft inspection, saved by
    the service (not committed)."""

    def make(office, account, on=date(2016, 1, 5), result="compliant", due=None, text="x"):
        return save_draft(
            db,
            InspectionDraft(office.id, on, text, InspectionResult(result), due),
            account,
            today=date(2030, 1, 1),
        )

    return make


@pytest.fixture
def publish(db, supervisor, record_draft):
    """publish(office, result, on, due=None, by=government) -> a published inspection."""

    def make(office, result, on, due=None, by=None, text="Findings of the visit."):
        account = supervisor(by or office.host_province)
        inspection = record_draft(office, account, on, result, due, text)
        publish_inspection(db, inspection, account)
        db.commit()
        return inspection

    return make


def inspection_form(registry, **changes) -> dict[str, object]:
    """What a supervisor types to record an inspection of the Laishui office (the form's fields)."""
    return {
        "office_id": registry.laishui_office.id,
        "inspected_on": "2016-04-12",
        "findings_markdown": "Findings.",
        "result": "compliant",
        **changes,
    }


def application_draft(host, **changes) -> ApplicationDraft:
    values = dict(
        purpose=ApplicationPurpose.NEW_OFFICE,
        host_province_id=host.id,
        office_name_zh="保定市驻长春办事处",
        office_name_en="Baoding Office in Changchun",
        kind=OfficeKind.STANDING,
        functions=[OfficeFunction.PROMOTION, OfficeFunction.MIGRANT_WORKERS],
        planned_budget_fen=125_000_000,
        reason="Baoding has 40,000 migrant workers in Changchun.",
    )
    values.update(changes)
    return ApplicationDraft(**values)


@pytest.fixture
def apply(db, supervisor):
    """apply(applicant, host, **changes) -> a submitted application (committed)."""

    def make(applicant, host, today=date(2016, 3, 1), **changes):
        account = supervisor(applicant)
        application = submit_application(db, application_draft(host, **changes), account, today)
        db.commit()
        return application

    return make
