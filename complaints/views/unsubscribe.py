"""Stopping the e-mail about a complaint from the link in every message (issue 16 item 2): no
sign-in, the signed token is the key. GET only asks (mail scanners open links); POST stops."""

from __future__ import annotations

from flask import abort, make_response, render_template, request

from complaints import bp
from complaints.mail import complaint_id_of, stop_updates
from complaints.models import Complaint
from portal.database import database


@bp.route("/complaints/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    complaint_id = complaint_id_of(token)
    db = database.session
    complaint = db.get(Complaint, complaint_id) if complaint_id is not None else None
    if complaint is None:
        abort(404)
    stopped = False
    if request.method == "POST":
        stop_updates(db, complaint)
        db.commit()
        stopped = True
    response = make_response(
        render_template("complaints/unsubscribe.html", token=token, stopped=stopped)
    )
    response.headers["Cache-Control"] = "no-store"
    return response
