"""The register kept on the web: a government's public complaint channels; a new office, an
office's approval, closing and closure."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin import audit, bp
from admin.accounts import AdminError
from admin.channels import Channels, current_channels, may_edit_channels, save_channels
from admin.forms import (
    ApprovalForm,
    ChannelsForm,
    ClosingForm,
    ClosureForm,
    NewOfficeForm,
)
from admin.models import ChannelCheck
from admin.register import (
    NewOffice,
    may_keep_office,
    record_approval,
    record_closing,
    record_closure,
    record_new_office,
)
from portal.auth import current_account, login_required
from portal.clock import today_in_china
from portal.commit import commit_or_show
from portal.database import database
from portal.labels import STATUS_LABELS, label
from portal.models import GovernmentLevel, OfficeKind, Role
from portal.queries import load_government, office_by_slug


@bp.route("/admin/governments/<code>/channels", methods=["GET", "POST"])
@login_required
def channels(code: str):
    db = database.session
    government = load_government(db, code) if code.isascii() and code.isdigit() else None
    if government is None or not may_edit_channels(db, current_account(), government):
        abort(404)
    form = ChannelsForm(
        data=current_channels(db, government).__dict__ if request.method == "GET" else None
    )
    status = 200
    if form.validate_on_submit():
        values = Channels(**{name: form[name].data or "" for name in Channels.__dataclass_fields__})
        done, changed = commit_or_show(
            form,
            lambda: save_channels(
                db, current_account(), government, values, today_in_china(), form.reason.data
            ),
            (AdminError,),
        )
        if done:
            flash(
                _("The channels are saved and shown on the government's page.")
                if changed
                else _("The channels are confirmed as checked today."),
                "success",
            )
            return redirect(url_for("portal.government", code=government.code))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template(
        "admin/channels.html",
        government=government,
        form=form,
        check=db.get(ChannelCheck, government.id),
    ), status


OFFICE_FORMS = {"approval": ApprovalForm, "closing": ClosingForm, "closure": ClosureForm}


def _office_or_404(slug: str):
    db = database.session
    office = office_by_slug(db, slug)
    if office is None or not may_keep_office(db, current_account(), office):
        abort(404)
    return office


def _office_page(office, forms=None, status=200):
    db = database.session
    forms = forms or {}
    for name, form_class in OFFICE_FORMS.items():
        forms.setdefault(name, form_class(prefix=name, formdata=None))
    history = db.scalars(audit.history(office).limit(50))
    return render_template(
        "admin/office.html",
        office=office,
        forms=forms,
        history=list(history),
        status_text=label(STATUS_LABELS, office.status),
    ), status


@bp.route("/admin/offices/new", methods=["GET", "POST"])
@login_required
def new_office():
    """Record a new office, pending approval (an administrator, or a provincial supervisor)."""
    db = database.session
    actor = current_account()
    if actor.role is not Role.ADMIN and not (
        actor.role is Role.SUPERVISOR
        and actor.government is not None
        and actor.government.level == GovernmentLevel.PROVINCIAL
    ):
        abort(404)
    form = NewOfficeForm()
    if request.method == "GET" and actor.government is not None:
        form.host.data = actor.government.code
    status = 200
    if form.validate_on_submit():

        def record():
            establishing = load_government(db, form.establishing.data)
            host = load_government(db, form.host.data)
            if establishing is None or host is None:
                field = "establishing" if establishing is None else "host"
                raise AdminError(_("No government has this division code."), field=field)
            new = NewOffice(
                establishing=establishing,
                host=host,
                department_zh=form.department_zh.data or "",
                department_en=form.department_en.data or "",
                kind=OfficeKind(form.kind.data),
                mission_ends_on=form.mission_ends_on.data,
                established_on=form.established_on.data,
                address=form.address.data or "",
                phone=form.phone.data or "",
            )
            return record_new_office(
                db, actor, new, reason=form.reason.data, today=today_in_china()
            )

        done, office = commit_or_show(form, record, (AdminError,))
        if done:
            flash(_("The office is recorded, pending approval."), "success")
            return redirect(url_for("admin.office", slug=office.slug))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("admin/office_new.html", form=form), status


@bp.get("/admin/offices/<slug>")
@login_required
def office(slug: str):
    return _office_page(_office_or_404(slug))


@bp.post("/admin/offices/<slug>/<action>")
@login_required
def office_action(slug: str, action: str):
    db = database.session
    office = _office_or_404(slug)
    if action not in OFFICE_FORMS:
        abort(404)
    form = OFFICE_FORMS[action](prefix=action)
    if not form.validate_on_submit():
        return _office_page(office, {action: form}, 422)
    actor, today = current_account(), today_in_china()

    def change():
        if action == "approval":
            approving = load_government(db, form.approving.data or "")
            if approving is None:
                raise AdminError(_("No government has this division code."), field="approving")
            record_approval(
                db,
                actor,
                office,
                reference=form.reference.data,
                approved_on=form.approved_on.data,
                approving=approving,
                reason=form.reason.data,
                today=today,
            )
        elif action == "closing":
            record_closing(db, actor, office, reason=form.reason.data)
        else:
            record_closure(
                db,
                actor,
                office,
                closed_on=form.closed_on.data,
                reason=form.reason.data,
                today=today,
            )

    if not commit_or_show(form, change, (AdminError,))[0]:
        return _office_page(office_by_slug(db, slug), {action: form}, 422)
    flash(_("The office's record is changed; its findings are checked again."), "success")
    return redirect(url_for("admin.office", slug=office.slug))
