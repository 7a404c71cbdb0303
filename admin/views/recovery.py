"""Sign-in recovery pages: a forgotten password (e-mailed link), a recovery code instead of the
phone, and the account's recovery codes (shown once, regenerable)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin import bp
from admin.forms import ConfirmForm, ForgottenPasswordForm, RecoveryCodeForm
from admin.mail import queue_password_reset
from admin.models import TokenPurpose
from admin.recovery import (
    RecoveryError,
    create_recovery_codes,
    remaining_recovery_codes,
    request_password_reset,
    reset_password,
    reset_second_factor,
    use_recovery_code,
)
from admin.views.tokens import set_password_page
from complaints.delivery import deliver_after_response
from portal.accounts import normalise_email, two_factor_enrolled
from portal.auth import current_account, login_required, pending_account, sign_in
from portal.commit import commit_or_show
from portal.database import database
from portal.extensions import limiter
from portal.security import client_key, pseudonym
from portal.views.account import not_at_the_code_step

DEFAULT_LIMITS = {
    "PASSWORD_RESET_RATE_LIMIT": "5 per hour;20 per day",
    "PASSWORD_RESET_ACCOUNT_RATE_LIMIT": "3 per hour;10 per day",
}


def _limit(name: str):
    return lambda: current_app.config.get(name, DEFAULT_LIMITS.get(name, "10 per minute"))


def _typed_email_key() -> str:
    return "reset:" + pseudonym(normalise_email(request.form.get("email", "")), "email")


def _session_key() -> str:
    account = pending_account() or current_account()
    return "recovery:" + pseudonym(str(account.id if account else ""), "account")


def _failed(response) -> bool:
    return response.status_code not in (302, 303, 429)


@bp.route("/password/forgotten", methods=["GET", "POST"])
@limiter.limit(_limit("PASSWORD_RESET_RATE_LIMIT"), key_func=client_key, methods=["POST"])
@limiter.limit(
    _limit("PASSWORD_RESET_ACCOUNT_RATE_LIMIT"), key_func=_typed_email_key, methods=["POST"]
)
def password_forgotten():
    """The same answer whether or not the address has an account; throttled per client and
    per address typed (every request counts: each may send a mail)."""
    db = database.session
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        issued = request_password_reset(db, form.email.data)
        if issued is not None:
            account, token = issued
            queue_password_reset(db, account.email, token)
        db.commit()
        flash(
            _(
                "If an account has this address, a link to choose a new password is on its way. "
                "It works once, for one hour."
            ),
            "success",
        )
        return deliver_after_response(redirect(url_for("admin.password_forgotten")))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/password_forgotten.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_limit("PASSWORD_RESET_RATE_LIMIT"), key_func=client_key, methods=["POST"])
def password_reset(token: str):
    return set_password_page(
        token,
        TokenPurpose.PASSWORD_RESET,
        reset_password,
        "admin/password_reset.html",
        _("Your password is changed. Sign in with it now."),
    )


@bp.route("/login/recovery", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_CLIENT_RATE_LIMIT"],
    key_func=_session_key,
    methods=["POST"],
    deduct_when=_failed,
)
def recovery_sign_in():
    """Instead of the phone's code: one of the account's recovery codes, after the password."""
    db = database.session
    account = pending_account()
    if (elsewhere := not_at_the_code_step(account)) is not None:
        return elsewhere
    form = RecoveryCodeForm()
    status = 200
    if form.validate_on_submit():
        done, remaining = commit_or_show(
            form, lambda: use_recovery_code(db, account, form.code.data), (RecoveryError,)
        )
        if done:
            sign_in(account, second_factor_done=True)
            flash(
                _(
                    "You are signed in with a recovery code; %(count)d remain. If you lost your "
                    "phone, set up two-step sign-in again and make new codes.",
                    count=remaining,
                ),
                "warning",
            )
            return redirect(url_for("admin.recovery_codes"))
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("admin/recovery_sign_in.html", form=form), status


@bp.route("/account/recovery-codes", methods=["GET", "POST"])
@login_required
def recovery_codes():
    """How many codes remain; a POST makes ten new ones and shows them this once."""
    db = database.session
    account = current_account()
    if not two_factor_enrolled(account):
        return redirect(url_for("portal.account_two_factor"))
    form = ConfirmForm()
    if form.validate_on_submit():
        codes = create_recovery_codes(db, account)
        db.commit()
        response = current_app.make_response(
            render_template("admin/recovery_codes.html", form=form, codes=codes)
        )
        response.headers["Cache-Control"] = "no-store"
        return response
    status = 400 if request.method == "POST" else 200
    return render_template(
        "admin/recovery_codes.html",
        form=form,
        codes=None,
        remaining=remaining_recovery_codes(db, account),
    ), status


@bp.post("/account/recovery-codes/new-phone")
@login_required
def new_phone():
    """The holder turns two-step sign-in off for themselves, then sets up the new phone."""
    db = database.session
    account = current_account()
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("admin.recovery_codes"))
    reset_second_factor(db, account, account, "new phone, by the account holder")
    db.commit()
    sign_in(account, second_factor_done=True)
    return redirect(url_for("portal.account_two_factor"))
