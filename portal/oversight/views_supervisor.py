"""Supervisor pages: the workspace, recording and publishing inspections, applying and deciding."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from portal.auth import current_account, role_required
from portal.database import database
from portal.i18n import localized_name
from portal.models import (
    Government,
    GovernmentLevel,
    Office,
    OfficeFunction,
    OfficeKind,
    OfficeStatus,
    Role,
)
from portal.oversight import bp
from portal.oversight.approvals import ApplicationDraft, decide_application, submit_application
from portal.oversight.forms import ApplicationForm, DecisionForm, InspectionForm, yuan_to_fen
from portal.oversight.inspections import InspectionDraft, drafts_of, publish_inspection, save_draft
from portal.oversight.models import (
    ApplicationPurpose,
    ApplicationStatus,
    ApprovalApplication,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from portal.oversight.reports import rounds
from portal.oversight.service import OversightError, china_day, offices_in_scope

STAFF = (Role.SUPERVISOR, Role.NATIONAL, Role.ADMIN)


def form_errors(form) -> dict[str, str]:
    """The first message of each invalid field, keyed by the field's id (for the summary)."""
    return {name: messages[0] for name, messages in form.errors.items() if messages}


@bp.get("/oversight/")
@role_required(*STAFF)
def workspace():
    db = database.session
    account = current_account()
    to_decide = []
    if account.government_id is not None:
        to_decide = list(
            db.scalars(
                select(ApprovalApplication)
                .where(
                    ApprovalApplication.host_province_id == account.government_id,
                    ApprovalApplication.status == ApplicationStatus.PENDING,
                )
                .order_by(ApprovalApplication.urgent.desc(), ApprovalApplication.decision_due_on)
            )
        )
    government = account.government
    mine = []
    if government is not None:
        mine = list(
            db.scalars(
                select(ApprovalApplication)
                .where(ApprovalApplication.applicant_government_id == government.id)
                .order_by(ApprovalApplication.submitted_on.desc(), ApprovalApplication.id.desc())
                .limit(50)
            )
        )
    return render_template(
        "oversight/workspace.html",
        account=account,
        drafts=drafts_of(db, account) if government else [],
        to_decide=to_decide,
        mine=mine,
        rounds=rounds(db),
        is_province=government is not None and government.level == GovernmentLevel.PROVINCIAL,
        today=china_day(),
    )


def _inspection_form(account, inspection: Inspection | None = None) -> InspectionForm:
    form = InspectionForm(obj=inspection)
    offices = offices_in_scope(database.session, account)
    form.office_id.choices = [
        SelectChoice(o.id, f"{localized_name(o)} ({o.slug})") for o in offices
    ]
    if request.method == "GET" and inspection is None:
        wanted = request.args.get("office", "")
        match = next((o for o in offices if o.slug == wanted), None)
        if match:
            form.office_id.data = match.id
    return form


def _save(form: InspectionForm, account, inspection: Inspection | None):
    db = database.session
    if form.validate_on_submit():
        draft = InspectionDraft(
            office_id=form.office_id.data,
            inspected_on=form.inspected_on.data,
            findings_markdown=form.findings_markdown.data,
            result=InspectionResult(form.result.data),
            rectification_due_on=form.rectification_due_on.data,
        )
        try:
            saved = save_draft(db, draft, account, inspection, china_day())
        except OversightError as error:
            db.rollback()
            errors = {error.field or "form": error.message}
        else:
            db.commit()
            flash(_("The draft is saved. It is not public until you publish it."), "success")
            return redirect(url_for("oversight.edit_inspection", inspection_id=saved.id))
    else:
        errors = form_errors(form)
    return (
        render_template(
            "oversight/inspection_form.html", form=form, errors=errors, inspection=inspection
        ),
        400,
    )


@bp.route("/inspections/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new_inspection():
    account = current_account()
    if account.government is None:
        abort(404)
    form = _inspection_form(account)
    if request.method == "POST":
        return _save(form, account, None)
    return render_template("oversight/inspection_form.html", form=form, errors={}, inspection=None)


def _own_draft(inspection_id: int) -> Inspection:
    inspection = database.session.get(Inspection, inspection_id)
    account = current_account()
    if (
        inspection is None
        or inspection.status != InspectionStatus.DRAFT
        or inspection.inspecting_government_id != account.government_id
    ):
        abort(404)
    return inspection


@bp.route("/inspections/<int:inspection_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_inspection(inspection_id: int):
    inspection = _own_draft(inspection_id)
    account = current_account()
    form = _inspection_form(account, inspection)
    if request.method == "POST":
        return _save(form, account, inspection)
    return render_template(
        "oversight/inspection_form.html", form=form, errors={}, inspection=inspection
    )


@bp.post("/inspections/<int:inspection_id>/publish")
@role_required(*STAFF)
def publish(inspection_id: int):
    db = database.session
    inspection = _own_draft(inspection_id)
    try:
        publish_inspection(db, inspection, current_account())
    except OversightError:
        db.rollback()
        abort(404)
    db.commit()
    flash(_("The inspection is published."), "success")
    return redirect(url_for("oversight.inspection", inspection_id=inspection.id))


def _application_form(account) -> ApplicationForm:
    db = database.session
    form = ApplicationForm()
    form.host.choices = [
        SelectChoice(p.id, localized_name(p))
        for p in db.scalars(
            select(Government)
            .where(
                Government.level == GovernmentLevel.PROVINCIAL,
                Government.id != account.government_id,
            )
            .order_by(Government.code)
        )
    ]
    own = db.scalars(
        select(Office)
        .where(
            Office.establishing_government_id == account.government_id,
            Office.status != OfficeStatus.CLOSED,
        )
        .order_by(Office.name_zh)
    )
    form.office_id.choices = [SelectChoice(0, _("None: a new office"))] + [
        SelectChoice(o.id, f"{localized_name(o)} ({o.slug})") for o in own
    ]
    return form


@bp.route("/approvals/new", methods=["GET", "POST"])
@role_required(Role.SUPERVISOR)
def new_application():
    db = database.session
    account = current_account()
    if account.government is None:
        abort(404)
    form = _application_form(account)
    errors: dict[str, str] = {}
    if request.method == "POST":
        fen = yuan_to_fen(form.planned_budget.data)
        if form.validate_on_submit():
            if fen is None:
                errors = {"planned_budget": _("Give the budget in yuan, e.g. 1,250,000.00.")}
            else:
                draft = ApplicationDraft(
                    purpose=ApplicationPurpose(form.purpose.data),
                    host_province_id=form.host.data,
                    office_id=form.office_id.data or None,
                    office_name_zh=form.office_name_zh.data,
                    office_name_en=form.office_name_en.data,
                    department_zh=form.department_zh.data,
                    kind=OfficeKind(form.kind.data),
                    mission_ends_on=form.mission_ends_on.data,
                    functions=[OfficeFunction(code) for code in form.functions.data or []],
                    planned_budget_fen=fen,
                    reason=form.reason.data,
                    urgent=bool(form.urgent.data),
                )
                try:
                    application = submit_application(db, draft, account, china_day())
                except OversightError as error:
                    db.rollback()
                    errors = {error.field or "form": error.message}
                else:
                    db.commit()
                    flash(_("The application is submitted and public."), "success")
                    return redirect(url_for("oversight.approval", application_id=application.id))
        else:
            errors = form_errors(form)
        return render_template("oversight/application_form.html", form=form, errors=errors), 400
    return render_template("oversight/application_form.html", form=form, errors=errors)


@bp.post("/approvals/<int:application_id>/decide")
@role_required(*STAFF)
def decide(application_id: int):
    db = database.session
    account = current_account()
    application = db.get(ApprovalApplication, application_id)
    if application is None or application.host_province_id != account.government_id:
        abort(404)
    form = DecisionForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            decide_application(
                db,
                application,
                account,
                approve=form.decision.data == "approve",
                reasons=form.reasons.data,
                reference=form.reference.data,
                today=china_day(),
            )
        except OversightError as error:
            db.rollback()
            errors = {error.field or "form": error.message}
        else:
            db.commit()
            flash(_("The decision is recorded and public."), "success")
            return redirect(url_for("oversight.approval", application_id=application.id))
    else:
        errors = form_errors(form)
    status = 409 if application.status != ApplicationStatus.PENDING else 400
    return (
        render_template(
            "oversight/approval.html",
            application=application,
            today=china_day(),
            form=form if application.status == ApplicationStatus.PENDING else None,
            errors=errors,
        ),
        status,
    )
