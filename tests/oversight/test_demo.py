"""The oversight demo step: what it adds over the portal's offices, and that a rerun adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portal.demo import Progress
from portal.models import OfficeStatus
from portal.oversight.demo import load_oversight_demo
from portal.oversight.models import (
    ApprovalApplication,
    Inspection,
    InspectionResult,
    ProgressReport,
    ReportingRound,
)
from tests import factories


def _counts(db) -> tuple:
    return tuple(
        db.scalar(select(func.count()).select_from(model))
        for model in (ReportingRound, ProgressReport, ApprovalApplication, Inspection)
    )


def test_demo_step_is_registered(app):
    steps = {name: order for order, name, _step in app.extensions["portal_registry"].demo_steps}
    assert steps["oversight"] == 40


def test_demo_adds_rounds_reports_applications_inspections_once(db, registry):
    registry.laishui_office.closure_ordered_on = date(2016, 5, 1)
    registry.yanji_office.approving_government_id = registry.jilin.id
    registry.yanji_office.approved_on = date(2015, 6, 1)
    registry.yanji_office.approval_reference = "吉政函〔2015〕3号"
    factories.make_office(
        db,
        "laishui-in-guangzhou",
        registry.laishui,
        registry.guangdong,
        status=OfficeStatus.PENDING_APPROVAL,
        established_on=None,
    )
    db.commit()
    load_oversight_demo(db, "small", Progress(enabled=False))
    db.commit()
    first = _counts(db)
    assert first[0] == 2 and first[1] >= 1 and first[2] >= 2 and first[3] >= 1
    ordered = db.scalar(
        select(Inspection).where(Inspection.office_id == registry.laishui_office.id)
    )
    assert ordered.result == InspectionResult.ORDERED_TO_CLOSE
    assert ordered.inspected_on == date(2016, 5, 1)
    statuses = {a.status.value for a in db.scalars(select(ApprovalApplication))}
    assert {"approved", "pending"} <= statuses
    load_oversight_demo(db, "small", Progress(enabled=False))
    db.commit()
    assert _counts(db) == first
