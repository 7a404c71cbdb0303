"""The one page shape behind a one-time link that sets a password (an invitation, a reset)."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for

from admin.models import TokenPurpose
from admin.recovery import RecoveryError, valid_token
from portal.accounts import AccountError
from portal.database import database
from portal.errors import show_on_form
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
        try:
            service(db, token, form.new_password.data)
        except (RecoveryError, AccountError) as error:
            db.rollback()
            show_on_form(form, error)
            status = 422
        else:
            db.commit()
            flash(done_message, "success")
            return redirect(url_for("portal.login"))
    elif request.method == "POST":
        status = 422
    return render_template(template, form=form, token=token), status
