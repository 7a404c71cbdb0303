"""The one page shape behind a one-time link that sets a password (an invitation, a reset)."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for

from admin.models import TokenPurpose
from admin.recovery import RecoveryError, valid_token
from portal.accounts import AccountError
from portal.commit import commit_or_show
from portal.database import database
from portal.forms import NewPasswordForm


def set_password_page(
    token: str,
    purpose: TokenPurpose,
    service: Callable,
    template: str,
    done_message: str,
):
    """404 for a spent or unknown link; the form; on success the service's change committed and
    the sign-in page; a refused password shown on the form with 422, nothing written."""
    db = database.session
    if valid_token(db, token, purpose) is None:
        return render_template(template, form=None), 404
    form = NewPasswordForm()
    status = 200
    if form.validate_on_submit():
        if commit_or_show(
            form, lambda: service(db, token, form.new_password.data), (RecoveryError, AccountError)
        )[0]:
            flash(done_message, "success")
            return redirect(url_for("portal.login"))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template(template, form=form, token=token), status
