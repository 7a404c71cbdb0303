"""Inspections: record a draft, change it, publish it (the lists are in `queries.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.clock import today_in_china, utcnow
from portal.models import Account, Office, OfficeStatus
from portal.oversight.models import Inspection, InspectionResult, InspectionStatus
from portal.oversight.supervision import OversightError, office_in_scope

MAX_FINDINGS_LENGTH = 20_000


@dataclass(frozen=True)
class InspectionDraft:
    """What a supervisor typed: plain values, already shape-checked by the form."""

    office_id: int
    inspected_on: date
    findings_markdown: str
    result: InspectionResult
    rectification_due_on: date | None = None


def _check(db: Session, draft: InspectionDraft, account: Account, today: date) -> Office:
    office = db.get(Office, draft.office_id)
    if office is None or not office_in_scope(db, account, office):
        raise OversightError(_l("Choose an office your government supervises."), "office_id")
    if draft.inspected_on > today:
        raise OversightError(_l("The inspection date cannot be in the future."), "inspected_on")
    if not draft.findings_markdown.strip():
        raise OversightError(_l("Write the inspection's findings."), "findings_markdown")
    if len(draft.findings_markdown) > MAX_FINDINGS_LENGTH:
        raise OversightError(
            _l("The findings may be at most %(count)d characters long.", count=MAX_FINDINGS_LENGTH),
            "findings_markdown",
        )
    if draft.result == InspectionResult.RECTIFICATION_REQUIRED:
        if draft.rectification_due_on is None:
            raise OversightError(
                _l("Give the deadline for the rectification."), "rectification_due_on"
            )
        if draft.rectification_due_on < draft.inspected_on:
            raise OversightError(
                _l("The rectification deadline must be on or after the inspection date."),
                "rectification_due_on",
            )
    return office


def save_draft(
    db: Session,
    draft: InspectionDraft,
    account: Account,
    inspection: Inspection | None = None,
    today: date | None = None,
) -> Inspection:
    """Create a draft inspection, or change a draft, for an office in the account's scope.

    The inspecting government is the account's own. Raises OversightError (with the field) when
    the office is out of scope, a date is wrong, the findings are empty, or the inspection
    is already published (a published inspection is never changed).
    """
    today = today or today_in_china()
    _check(db, draft, account, today)
    if inspection is None:
        inspection = Inspection(
            inspecting_government_id=account.government_id,
            created_by_id=account.id,
            status=InspectionStatus.DRAFT,
        )
        db.add(inspection)
    elif inspection.status != InspectionStatus.DRAFT:
        raise OversightError(_l("A published inspection cannot be changed."))
    inspection.office_id = draft.office_id
    inspection.inspected_on = draft.inspected_on
    inspection.findings_markdown = draft.findings_markdown.strip()
    inspection.result = draft.result
    inspection.rectification_due_on = (
        draft.rectification_due_on
        if draft.result == InspectionResult.RECTIFICATION_REQUIRED
        else None
    )
    db.flush()
    return inspection


def publish_inspection(db: Session, inspection: Inspection, account: Account) -> Inspection:
    """Publish a draft; an order to close marks the office (rule R9 reads `closure_ordered_on`).

    Raises OversightError if it is already published or the office left the account's scope.
    """
    if inspection.status != InspectionStatus.DRAFT:
        raise OversightError(_l("This inspection is already published."))
    if not office_in_scope(db, account, inspection.office):
        raise OversightError(_l("Choose an office your government supervises."), "office_id")
    inspection.status = InspectionStatus.PUBLISHED
    inspection.published_at = utcnow()
    inspection.published_by_id = account.id
    office = inspection.office
    ordered = inspection.result == InspectionResult.ORDERED_TO_CLOSE
    # The earliest order counts: a later order to close does not move the date R9 reads.
    if (
        ordered
        and office.status != OfficeStatus.CLOSED
        and (
            office.closure_ordered_on is None or office.closure_ordered_on > inspection.inspected_on
        )
    ):
        office.closure_ordered_on = inspection.inspected_on
    db.flush()
    return inspection
