"""Accounts on the web: the list, an invitation, one account's role, scope, deactivation and
second factor; and the invited person's page to choose a password."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin import audit, bp
from admin.accounts import (
    AdminError,
    change_account,
    deactivate,
    invite_account,
    may_change,
    may_see,
    reset_second_factor_of,
    visible_accounts,
)
from admin.accounts import (
    accept_invitation as accept_invitation_service,
)
from admin.forms import ChangeAccountForm, InviteForm, ReasonForm
from admin.mail import queue_invitation
from admin.models import TokenPurpose
from admin.recovery import RecoveryError
from admin.views.tokens import set_password_page
from complaints.delivery import deliver_after_response
from portal.accounts import AccountError
from portal.auth import current_account, role_required
from portal.commit import commit_or_show
from portal.database import database
from portal.models import Account, Role
from portal.queries import load_government, office_by_slug

MANAGERS = (Role.ADMIN, Role.NATIONAL, Role.SUPERVISOR)


def _scope_from(form) -> tuple:
    """The government and office a form names; AdminError when one does not exist."""
    db = database.session
    government = office = None
    if form.government.data:
        government = load_government(db, form.government.data)
        if government is None:
            raise AdminError(_("No government has this division code."), field="government")
    if form.office.data:
        office = office_by_slug(db, form.office.data.strip())
        if office is None:
            raise AdminError(_("No office has this address."), field="office")
    return government, office


@bp.get("/admin/accounts/")
@role_required(*MANAGERS)
def accounts():
    db = database.session
    actor = current_account()
    rows = visible_accounts(db, actor)
    return render_template(
        "admin/accounts.html",
        rows=rows,
        changeable={a.id for a in rows if may_change(db, actor, a)},
    )


@bp.route("/admin/accounts/invite", methods=["GET", "POST"])
@role_required(*MANAGERS)
def invite():
    db = database.session
    form = InviteForm()
    status = 200
    if form.validate_on_submit():

        def send_invitation() -> Account:
            government, office = _scope_from(form)
            account, token = invite_account(
                db,
                current_account(),
                email=form.email.data,
                role=Role(form.role.data),
                government=government,
                office=office,
            )
            queue_invitation(db, account.email, token)
            return account

        done, account = commit_or_show(form, send_invitation, (AdminError, AccountError))
        if done:
            flash(
                _(
                    "The invitation is sent to %(email)s. It works for 72 hours.",
                    email=account.email,
                ),
                "success",
            )
            return deliver_after_response(redirect(url_for("admin.account", account_id=account.id)))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("admin/invite.html", form=form), status


def _visible_or_404(account_id: int) -> Account:
    db = database.session
    account = db.get(Account, account_id)
    if account is None or not may_see(db, current_account(), account):
        abort(404)
    return account


def _account_page(account, change=None, deactivation=None, second_factor=None, status=200):
    db = database.session
    if change is None:
        change = ChangeAccountForm(prefix="change", formdata=None)
        change.role.data = account.role.value
        change.government.data = account.government.code if account.government else ""
        change.office.data = account.office.slug if account.office else ""
    history = db.scalars(audit.history(account).limit(50))
    return render_template(
        "admin/account.html",
        account=account,
        may_change=may_change(db, current_account(), account),
        change=change,
        deactivation=deactivation or ReasonForm(prefix="deactivate", formdata=None),
        second_factor=second_factor or ReasonForm(prefix="second-factor", formdata=None),
        history=list(history),
    ), status


@bp.get("/admin/accounts/<int:account_id>")
@role_required(*MANAGERS)
def account(account_id: int):
    return _account_page(_visible_or_404(account_id))


@bp.post("/admin/accounts/<int:account_id>/<action>")
@role_required(*MANAGERS)
def account_action(account_id: int, action: str):
    db = database.session
    account = _visible_or_404(account_id)
    actor = current_account()
    if action not in ("change", "deactivate", "second-factor") or not may_change(
        db, actor, account
    ):
        abort(404)
    forms = {}
    if action == "change":
        form = forms["change"] = ChangeAccountForm(prefix="change")
    else:
        form = ReasonForm(prefix=action)
        forms["deactivation" if action == "deactivate" else "second_factor"] = form
    if not form.validate_on_submit():
        return _account_page(account, **forms, status=422)

    def change() -> str:
        """The action's change; what the flash message says of it."""
        if action == "change":
            government, office = _scope_from(form)
            change_account(
                db,
                actor,
                account,
                role=Role(form.role.data),
                government=government,
                office=office,
                reason=form.reason.data,
            )
            return _("The account's role and scope are changed; its sessions have ended.")
        if action == "deactivate":
            deactivate(db, actor, account, form.reason.data)
            return _("The account is deactivated; its sessions have ended.")
        reset_second_factor_of(db, actor, account, form.reason.data)
        return _("Two-step sign-in is reset: the person sets it up again at the next sign-in.")

    done, message = commit_or_show(form, change, (AdminError, AccountError, RecoveryError))
    if not done:
        return _account_page(db.get(Account, account_id), **forms, status=422)
    flash(message, "success")
    return redirect(url_for("admin.account", account_id=account.id))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _accept(token)


def _accept(token: str):
    return set_password_page(
        token,
        TokenPurpose.INVITATION,
        accept_invitation_service,
        "admin/invitation.html",
        _("Your password is set. Sign in with it now."),
    )
