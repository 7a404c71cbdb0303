"""The complaint form and its receipt: parse, call the service, commit once, render."""

from __future__ import annotations

from flask import current_app, make_response, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from complaints import bp, queries
from complaints.delivery import deliver_after_response
from complaints.forms import UNLISTED, ComplaintForm
from complaints.receipts import group_secret, new_nonce
from complaints.service import Intake, IntakeError, submit_complaint
from portal.database import database
from portal.errors import render_error
from portal.extensions import limiter
from portal.i18n import localized_name

# Five files of 10 MB, the text and the form's overhead; anything larger is refused with 413.
MAX_REQUEST_BYTES = 52 * 1024 * 1024


def complaint_rate_limit() -> str:
    return current_app.config["COMPLAINT_RATE_LIMIT"]


def _render_form(form: ComplaintForm, status: int = 200, office_error: str | None = None):
    db = database.session
    search_text = request.args.get("q", "").strip()[:100]
    chosen = queries.office_by_slug(db, form.office.data if form.office.data != UNLISTED else None)
    results = [
        o for o in queries.search_offices(db, search_text) if chosen is None or o.id != chosen.id
    ]
    form.unlisted_province.choices = [SelectChoice("", _("Choose a province"))] + [
        SelectChoice(p.code, localized_name(p)) for p in queries.provinces(db)
    ]
    if office_error:
        form.office.errors = [office_error]
    page = render_template(
        "complaints/new.html",
        form=form,
        search_text=search_text,
        chosen=chosen,
        results=results,
        unlisted=UNLISTED,
    )
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/complaints/new", methods=["GET", "POST"])
@limiter.limit(complaint_rate_limit, methods=["POST"])
def new():
    db = database.session
    request.max_content_length = MAX_REQUEST_BYTES
    form = ComplaintForm()
    if request.method == "GET":
        form.nonce.data = new_nonce()
        slug = request.args.get("office", "").strip()
        if slug:
            if queries.office_by_slug(db, slug) is None:
                return _render_form(
                    form, 404, _("There is no office at this address. Search for it below.")
                )
            form.office.data = slug
        return _render_form(form)

    if form.website.data:
        return render_error(400, _("The form could not be sent. Please try again."))
    if not form.validate():
        return _render_form(form, 400)
    intake = Intake(
        nonce=form.nonce.data or "",
        category=form.category.data or "",
        body=form.body.data or "",
        office_slug=form.office.data if form.office.data not in (None, "", UNLISTED) else None,
        unlisted_name=form.unlisted_name.data if form.office.data == UNLISTED else None,
        unlisted_city=form.unlisted_city.data,
        unlisted_runner=form.unlisted_runner.data,
        unlisted_province_code=form.unlisted_province.data,
        occurred_on=form.occurred_on.data,
        occurred_where=form.occurred_where.data,
        contact_name=form.contact_name.data,
        contact_phone=form.contact_phone.data,
        contact_email=form.contact_email.data,
        files=[
            (f.filename or "", f.read()) for f in request.files.getlist("attachments") if f.filename
        ],
    )
    config = current_app.config
    try:
        try:
            receipt = submit_complaint(
                db, intake, data_key=config["DATA_KEY"], upload_dir=config["UPLOAD_DIR"]
            )
            db.commit()
        except IntegrityError:
            # Two copies of one form raced: the other one won; show its receipt.
            db.rollback()
            receipt = submit_complaint(
                db, intake, data_key=config["DATA_KEY"], upload_dir=config["UPLOAD_DIR"]
            )
    except IntakeError as error:
        db.rollback()
        target = getattr(form, error.field or "", None) if error.field != "nonce" else None
        if error.field == "nonce":
            form.nonce.data = new_nonce()
            form.form_errors.append(str(error))
        elif target is not None:
            target.errors = [str(error)]
        else:
            form.form_errors.append(str(error))
        return _render_form(form, 400)
    response = make_response(
        render_template(
            "complaints/receipt.html",
            complaint=receipt.complaint,
            secret=group_secret(receipt.secret),
            retried=not receipt.new,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    deliver_after_response(response)
    return response
