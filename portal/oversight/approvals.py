"""Approvals: a government applies to the host province; the province approves or refuses.

The public list and counts are in `portal/oversight/queries.py`; who decides in `supervision.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.clock import today_in_china, utcnow
from portal.models import (
    Account,
    Government,
    GovernmentLevel,
    Office,
    OfficeFunction,
    OfficeFunctionAssignment,
    OfficeKind,
    OfficeStatus,
    Role,
)
from portal.oversight.models import ApplicationPurpose, ApplicationStatus, ApprovalApplication
from portal.oversight.supervision import OversightError, can_decide

DECISION_DAYS = 30
URGENT_DECISION_DAYS = 10
MAX_BUDGET_FEN = 10**12


@dataclass(frozen=True)
class ApplicationDraft:
    """What the applying government asks for, already shape-checked by the form."""

    purpose: ApplicationPurpose
    host_province_id: int
    office_name_zh: str
    kind: OfficeKind
    functions: list[OfficeFunction]
    planned_budget_fen: int
    reason: str
    urgent: bool = False
    office_id: int | None = None
    office_name_en: str | None = None
    department_zh: str | None = None
    department_en: str | None = None
    mission_ends_on: date | None = None
    extra: dict = field(default_factory=dict)


def decision_deadline(submitted_on: date, urgent: bool) -> date:
    """The day by which the host province must decide: 10 days when urgent, else 30."""
    return submitted_on + timedelta(days=URGENT_DECISION_DAYS if urgent else DECISION_DAYS)


def submit_application(
    db: Session, draft: ApplicationDraft, account: Account, today: date | None = None
) -> ApprovalApplication:
    """File an application in the name of the account's own government.

    Raises OversightError (with its field) when the account has no government, the host is
    not a province or is the applicant itself, the office to keep is not the applicant's in
    that province, a special mission has no end in the future, or the budget is out of range.
    """
    today = today or today_in_china()
    applicant = account.government
    if account.role != Role.SUPERVISOR or applicant is None:
        raise OversightError(_l("Only a government's supervisor account can apply."))
    host = db.get(Government, draft.host_province_id)
    if host is None or host.level != GovernmentLevel.PROVINCIAL:
        raise OversightError(_l("Choose the province whose capital hosts the office."), "host")
    if host.id == applicant.id:
        raise OversightError(
            _l("A provincial government does not need approval in its own capital."), "host"
        )
    office = None
    if draft.purpose == ApplicationPurpose.KEEP_OFFICE or draft.office_id is not None:
        office = db.get(Office, draft.office_id) if draft.office_id else None
        if (
            office is None
            or office.establishing_government_id != applicant.id
            or office.host_province_id != host.id
            or office.status == OfficeStatus.CLOSED
        ):
            raise OversightError(
                _l("Choose an open office of your government in that province."), "office_id"
            )
    if not draft.office_name_zh.strip():
        raise OversightError(_l("Give the office's name in Chinese."), "office_name_zh")
    if not draft.functions:
        raise OversightError(_l("Choose at least one function."), "functions")
    if draft.kind == OfficeKind.SPECIAL_MISSION and (
        draft.mission_ends_on is None or draft.mission_ends_on <= today
    ):
        raise OversightError(
            _l("A special-mission office needs the date its mission ends, in the future."),
            "mission_ends_on",
        )
    if not 0 <= draft.planned_budget_fen <= MAX_BUDGET_FEN:
        raise OversightError(_l("The planned budget is out of range."), "planned_budget")
    if not draft.reason.strip():
        raise OversightError(_l("Give the reason for the application."), "reason")
    application = ApprovalApplication(
        purpose=draft.purpose,
        applicant_government_id=applicant.id,
        host_province_id=host.id,
        office_id=office.id if office else None,
        office_name_zh=draft.office_name_zh.strip(),
        office_name_en=(draft.office_name_en or "").strip() or None,
        department_zh=(draft.department_zh or "").strip() or None,
        department_en=(draft.department_en or "").strip() or None,
        kind=draft.kind,
        mission_ends_on=draft.mission_ends_on if draft.kind == OfficeKind.SPECIAL_MISSION else None,
        functions=",".join(sorted({f.value for f in draft.functions})),
        planned_budget_fen=draft.planned_budget_fen,
        reason=draft.reason.strip(),
        urgent=draft.urgent,
        submitted_at=utcnow(),
        submitted_on=today,
        submitted_by_id=account.id,
        decision_due_on=decision_deadline(today, draft.urgent),
        status=ApplicationStatus.PENDING,
    )
    db.add(application)
    db.flush()
    return application


def decide_application(
    db: Session,
    application: ApprovalApplication,
    account: Account,
    approve: bool,
    reasons: str,
    reference: str | None = None,
    today: date | None = None,
) -> ApprovalApplication:
    """Approve or refuse a pending application, with written reasons.

    An approval needs the host province's document reference; it creates the office (or
    updates the one named) with the approval rules R2 and R4 read. A decided application is
    final: a refused one can only be followed by a new application. Raises OversightError.
    """
    today = today or today_in_china()
    if not can_decide(account, application):
        raise OversightError(_l("Only the host province's supervisors decide this application."))
    if application.status != ApplicationStatus.PENDING:
        raise OversightError(
            _l("This application has been decided. A new application is needed to ask again.")
        )
    if not reasons.strip():
        raise OversightError(_l("Write the reasons for the decision."), "reasons")
    reference = (reference or "").strip()
    if approve and not reference:
        raise OversightError(_l("Give the reference of the approval document."), "reference")
    application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REFUSED
    application.decided_at = utcnow()
    application.decided_on = today
    application.decided_by_id = account.id
    application.decision_reasons = reasons.strip()
    if approve:
        application.approval_reference = reference
        application.office = _apply_approval(db, application, today)
    db.flush()
    return application


def _apply_approval(db: Session, application: ApprovalApplication, today: date) -> Office:
    office = application.office
    if office is None:
        office = Office(
            slug=_free_slug(db, application),
            name_zh=application.office_name_zh,
            name_en=application.office_name_en,
            establishing_government_id=application.applicant_government_id,
            department_zh=application.department_zh,
            department_en=application.department_en,
            host_province_id=application.host_province_id,
            kind=application.kind,
            mission_ends_on=application.mission_ends_on,
            status=OfficeStatus.OPERATING,
            established_on=today,
        )
        office.functions = [
            OfficeFunctionAssignment(function=code) for code in application.function_codes
        ]
        db.add(office)
    elif office.status in (OfficeStatus.PENDING_APPROVAL, OfficeStatus.CLOSING):
        office.status = OfficeStatus.OPERATING
    office.approving_government_id = application.host_province_id
    office.approved_on = today
    office.approval_reference = application.approval_reference
    db.flush()
    return office


def _free_slug(db: Session, application: ApprovalApplication) -> str:
    applicant = db.get(Government, application.applicant_government_id)
    host = db.get(Government, application.host_province_id)
    words = f"{applicant.name_en or applicant.code} in {host.capital_en or host.code}"
    base = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:100] or applicant.code
    taken = set(db.scalars(select(Office.slug).where(Office.slug.startswith(base))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
