"""Tracking pages: sign in to one complaint with reference and secret (POST), read it, reply."""

from __future__ import annotations

import time

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from complaints import bp
from complaints.answers import answer_received
from complaints.delivery import deliver_after_response
from complaints.forms import ReplyForm, TrackForm, query_text
from complaints.intake import IntakeError
from complaints.models import Complaint
from complaints.tracking import add_complainant_message, find_for_tracking, is_open, public_events
from portal.commit import commit_or_show
from portal.database import database
from portal.extensions import limiter

# The tracked complaint's id lives in the signed session for 30 minutes: the secret is typed once
# (POST) and never travels in a URL or a cookie.
TRACKED = "tracked_complaint"
TRACKED_AT = "tracked_complaint_at"
TRACKING_SECONDS = 30 * 60


def track_rate_limit() -> str:
    return current_app.config["COMPLAINT_TRACK_RATE_LIMIT"]


def _tracked_complaint() -> Complaint | None:
    complaint_id, since = session.get(TRACKED), session.get(TRACKED_AT, 0)
    if complaint_id is None or time.time() - since > TRACKING_SECONDS:
        session.pop(TRACKED, None)
        session.pop(TRACKED_AT, None)
        return None
    return database.session.get(Complaint, complaint_id)


def _page(template: str, status: int = 200, **context):
    response = make_response(render_template(template, **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/complaints/track")
def track():
    complaint = _tracked_complaint()
    if complaint is None:
        form = TrackForm(formdata=None)
        # The receipt's link carries the reference (never the secret): prefill it.
        form.reference.data = query_text("reference", 40) or None
        return _page("complaints/track_login.html", form=form)
    return _page(
        "complaints/track.html",
        complaint=complaint,
        events=public_events(complaint),
        form=ReplyForm(),
        can_reply=is_open(complaint),
    )


@bp.post("/complaints/track")
@limiter.limit(track_rate_limit, deduct_when=lambda response: response.status_code != 303)
def track_login():
    form = TrackForm()
    if not form.validate():
        return _page("complaints/track_login.html", 400, form=form)
    complaint = find_for_tracking(database.session, form.reference.data, form.secret.data)
    if complaint is None:
        form.form_errors.append(
            _("The reference and secret do not match a complaint. Check both and try again.")
        )
        return _page("complaints/track_login.html", 400, form=form)
    database.session.commit()  # an old Argon2 hash just replaced by the current digest is kept
    session[TRACKED] = complaint.id
    session[TRACKED_AT] = int(time.time())
    return redirect(url_for("complaints.track"), 303)


@bp.post("/complaints/track/reply")
@limiter.limit(lambda: current_app.config["COMPLAINT_RATE_LIMIT"])
def track_reply():
    db = database.session
    complaint = _tracked_complaint()
    if complaint is None:
        flash(_("Please enter your reference and secret again."), "error")
        return redirect(url_for("complaints.track"), 303)
    form = ReplyForm()
    if not is_open(complaint):
        form.form_errors.append(_("This complaint is closed. To add something, file a new one."))
    elif form.validate():
        uploads = [
            (f.filename or "", f.read()) for f in request.files.getlist("attachments") if f.filename
        ]

        def reply() -> None:
            event = add_complainant_message(
                db, complaint, form.body.data, uploads, upload_dir=current_app.config["UPLOAD_DIR"]
            )
            # An answer to a request for information returns it to the government's to-do.
            answer_received(db, complaint, event.created_at)

        if commit_or_show(form, reply, (IntakeError,))[0]:
            flash(_("Your message was added to the complaint."), "success")
            return deliver_after_response(redirect(url_for("complaints.track"), 303))
    complaint = _tracked_complaint()
    return _page(
        "complaints/track.html",
        400,
        complaint=complaint,
        events=public_events(complaint),
        form=form,
        can_reply=is_open(complaint),
    )


@bp.post("/complaints/track/leave")
def track_leave():
    session.pop(TRACKED, None)
    session.pop(TRACKED_AT, None)
    return redirect(url_for("complaints.track"), 303)
