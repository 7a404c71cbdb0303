"""Supervisor pages: the workspace, recording and publishing inspections, applying and deciding."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from portal.auth import current_account, role_required
from portal.clock import today_in_china
from portal.commit import commit_or_show
from portal.database import database
from portal.i18n import localized_name
from portal.models import GovernmentLevel, OfficeFunction, OfficeKind, Role
from portal.oversight import bp
from portal.oversight.approvals import ApplicationDraft, decide_application, submit_application
from portal.oversight.forms import (
    ApplicationForm,
    DecisionForm,
    InspectionForm,
    form_errors,
    yuan_to_fen,
)
from portal.oversight.inspections import InspectionDraft, publish_inspection, save_draft
from portal.oversight.models import (
    ApplicationPurpose,
    ApplicationStatus,
    ApprovalApplication,
    Inspection,
    InspectionResult,
)
from portal.oversight.queries import (
    applications_by,
    applications_to_decide,
    drafts_of,
    open_offices_of,
)
from portal.oversight.reports import rounds
from portal.oversight.supervision import (
    SUPERVISING_ROLES,
    OversightError,
    can_decide,
    may_edit,
    offices_in_scope,
)
from portal.queries import provinces


@bp.get("/oversight/")
@role_required(*SUPERVISING_ROLES)
def workspace():
    db = database.session
    account = current_account()
    government = account.government
    to_decide = applications_to_decide(db, government.id) if government else []
    mine = applications_by(db, government.id) if government else []
    return render_template(
        "oversight/workspace.html",
        account=account,
        drafts=drafts_of(db, account) if government else [],
        to_decide=to_decide,
        mine=mine,
        rounds=rounds(db),
        is_province=government is not None and government.level == GovernmentLevel.PROVINCIAL,
        today=today_in_china(),
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
        done, saved = commit_or_show(
            form,
            lambda: save_draft(db, draft, account, inspection, today_in_china()),
            (OversightError,),
        )
        if done:
            flash(_("The draft is saved. It is not public until you publish it."), "success")
            return redirect(url_for("oversight.edit_inspection", inspection_id=saved.id))
    errors = form_errors(form)
    return (
        render_template(
            "oversight/inspection_form.html", form=form, errors=errors, inspection=inspection
        ),
        400,
    )


@bp.route("/inspections/new", methods=["GET", "POST"])
@role_required(*SUPERVISING_ROLES)
def new_inspection():
    account = current_account()
    if account.government is None:
        abort(404)
    form = _inspection_form(account)
    if request.method == "POST":
        return _save(form, account, None)
    return render_template("oversight/inspection_form.html", form=form, errors={}, inspection=None)


def _own_draft(inspection_id: int) -> Inspection:
    """The draft, for the government that records it; a 404 for anyone else (a draft is not
    public, so others must not learn that it exists)."""
    inspection = database.session.get(Inspection, inspection_id)
    if inspection is None or not may_edit(current_account(), inspection):
        abort(404)
    return inspection


@bp.route("/inspections/<int:inspection_id>/edit", methods=["GET", "POST"])
@role_required(*SUPERVISING_ROLES)
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
@role_required(*SUPERVISING_ROLES)
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
        for p in provinces(db)
        if p.id != account.government_id
    ]
    form.office_id.choices = [SelectChoice(0, _("None: a new office"))] + [
        SelectChoice(o.id, f"{localized_name(o)} ({o.slug})")
        for o in open_offices_of(db, account.government_id)
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
    if request.method == "POST":
        if form.validate_on_submit():
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
                planned_budget_fen=yuan_to_fen(form.planned_budget.data),
                reason=form.reason.data,
                urgent=bool(form.urgent.data),
            )
            done, application = commit_or_show(
                form,
                lambda: submit_application(db, draft, account, today_in_china()),
                (OversightError,),
            )
            if done:
                flash(_("The application is submitted and public."), "success")
                return redirect(url_for("oversight.approval", application_id=application.id))
        return render_template(
            "oversight/application_form.html", form=form, errors=form_errors(form)
        ), 400
    return render_template("oversight/application_form.html", form=form, errors={})


@bp.post("/approvals/<int:application_id>/decide")
@role_required(*SUPERVISING_ROLES)
def decide(application_id: int):
    db = database.session
    account = current_account()
    application = db.get(ApprovalApplication, application_id)
    if application is None or not can_decide(account, application):
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        done, _decided = commit_or_show(
            form,
            lambda: decide_application(
                db,
                application,
                account,
                approve=form.decision.data == "approve",
                reasons=form.reasons.data,
                reference=form.reference.data,
                today=today_in_china(),
            ),
            (OversightError,),
        )
        if done:
            flash(_("The decision is recorded and public."), "success")
            return redirect(url_for("oversight.approval", application_id=application.id))
    # A decided application is final: deciding again is a conflict, not a mistake in the form.
    status = 409 if application.status != ApplicationStatus.PENDING else 400
    return (
        render_template(
            "oversight/approval.html",
            application=application,
            today=today_in_china(),
            form=form if application.status == ApplicationStatus.PENDING else None,
            errors=form_errors(form),
        ),
        status,
    )
