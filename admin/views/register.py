"""The register kept on the web: a government's public complaint channels."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin import bp
from admin.accounts import AdminError
from admin.channels import Channels, current_channels, may_edit_channels, save_channels
from admin.forms import ChannelsForm
from admin.models import ChannelCheck
from portal.auth import current_account, login_required
from portal.clock import today_in_china
from portal.database import database
from portal.errors import show_on_form
from portal.queries import load_government


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
        try:
            changed = save_channels(
                db, current_account(), government, values, today_in_china(), form.reason.data
            )
        except AdminError as error:
            db.rollback()
            show_on_form(form, error)
            status = 422
        else:
            db.commit()
            flash(
                _("The channels are saved and shown on the government's page.")
                if changed
                else _("The channels are confirmed as checked today."),
                "success",
            )
            return redirect(url_for("portal.government", code=government.code))
    elif request.method == "POST":
        status = 422
    return render_template(
        "admin/channels.html",
        government=government,
        form=form,
        check=db.get(ChannelCheck, government.id),
    ), status
