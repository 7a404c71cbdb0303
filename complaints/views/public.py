"""Public pages: the complaint form (its receipt: views/receipt.py), contact channels, statistics, and the office
page's complaint section. Parse, call the service, commit once, render."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.fields.choices import SelectChoice

from complaints import bp, queries
from complaints.delivery import deliver_after_response
from complaints.form_page import blank_form_page, is_blank_form_request
from complaints.forms import UNLISTED, ComplaintForm, query_text
from complaints.intake import (
    Intake,
    IntakeError,
    resolve_place,
    route_office,
    submit_complaint,
)
from complaints.labels import CATEGORY_LABELS, OUTCOME_LABELS, STATUS_LABELS
from complaints.receipts import new_nonce
from complaints.stats import complaint_stats
from complaints.views.receipt import remember_receipt
from portal.clock import today_in_china
from portal.database import database
from portal.errors import render_error, show_on_form
from portal.extensions import limiter
from portal.i18n import localized_name
from portal.models import Government, Office
from portal.oversight.scope import under_the_circular
from portal.queries import office_by_slug, provinces

# Five files of 10 MB, the text and the form's overhead; anything larger is refused with 413.
MAX_REQUEST_BYTES = 52 * 1024 * 1024
UPLOAD_ENDPOINTS = frozenset({"complaints.new", "complaints.track_reply"})


@bp.url_value_preprocessor
def upload_limit(endpoint: str | None, _values) -> None:
    """The upload pages' own size limit, set before anything reads the body.

    URL value preprocessors run before every before_request function, among them CSRF
    protection, which parses the form: set later (in the view), the limit would come after
    the app-wide MAX_CONTENT_LENGTH had already let a larger post through.
    """
    if endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = MAX_REQUEST_BYTES


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """413 with what the upload pages allow; the other complaint pages keep the general one."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        return render_error(
            413,
            _(
                "You can attach up to 5 files of at most 10 MB each, 50 MB in all: what you "
                "sent is larger. Please send fewer or smaller files."
            ),
        )
    return render_error(413)


def asks_preview() -> bool:
    """A preview saves nothing: it does not count against the filing limit."""
    return request.method == "POST" and "preview" in request.form


def complaint_rate_limit() -> str:
    return current_app.config["COMPLAINT_RATE_LIMIT"]


def _no_store(page, status: int = 200):
    # Form and receipt pages may hold what a person typed, or their secret: never cached.
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _routing_preview(db, form: ComplaintForm) -> list[tuple[Government, bool, str]]:
    """Who will receive the complaint and why (issue 16 item 4): (government, handles it,
    rule code) per route, from the same rules as filing; [] while no office is chosen.
    Raises IntakeError (on its field) when the office part of the form is incomplete."""
    if not form.office.data:
        return []
    _office, _province, decision = resolve_place(db, _intake(form, with_files=False))
    return [(db.get(Government, r.government_id), r.primary, r.rule) for r in decision.routes]


def _render_form(form: ComplaintForm, status: int = 200, *, preview_asked: bool = False):
    page, status = _form_page(form, status, preview_asked=preview_asked)
    return _no_store(page, status)


def _form_page(
    form: ComplaintForm, status: int = 200, *, preview_asked: bool = False
) -> tuple[str, int]:
    db = database.session
    try:
        preview = _routing_preview(db, form)
    except IntakeError as error:
        preview = []
        if preview_asked:  # only then is an incomplete office part the person's mistake
            show_on_form(form, error)
            status = 400
    search_text = query_text("q", 100)
    chosen = office_by_slug(db, form.office.data if form.office.data != UNLISTED else "")
    results = [
        o for o in queries.search_offices(db, search_text) if chosen is None or o.id != chosen.id
    ]
    form.unlisted_province.choices = [SelectChoice("", _("Choose a province"))] + [
        SelectChoice(p.code, localized_name(p))
        for p in provinces(db)
        if under_the_circular(p.code)  # not Taiwan, Hong Kong, Macao (issue 15 item 1)
    ]
    page = render_template(
        "complaints/new.html",
        form=form,
        search_text=search_text,
        chosen=chosen,
        results=results,
        unlisted=UNLISTED,
        preview=preview,
        preview_asked=preview_asked,
    )
    return page, status


def _draw_blank_form(form: ComplaintForm) -> Callable[[str], str]:
    def draw(nonce: str) -> str:
        form.nonce.data = nonce
        return _form_page(form)[0]

    return draw


def _intake(form: ComplaintForm, *, with_files: bool = True) -> Intake:
    files = [
        (f.filename or "", f.read())
        for f in (request.files.getlist("attachments") if with_files else [])
        if f.filename
    ]
    return form.intake(form.nonce.data or "", files)


@bp.route("/complaints/new", methods=["GET", "POST"])
@limiter.limit(complaint_rate_limit, methods=["POST"], exempt_when=asks_preview)
def new():
    db = database.session
    form = ComplaintForm()
    if request.method == "GET":
        if is_blank_form_request():
            return _no_store(blank_form_page(_draw_blank_form(form)))
        form.nonce.data = new_nonce()
        slug = request.args.get("office", "").strip()
        if slug:
            if office_by_slug(db, slug) is None:
                form.office.errors = [_("There is no office at this address. Search for it below.")]
                return _render_form(form, 404)
            form.office.data = slug
        return _render_form(form)

    if "preview" in request.form:
        # The step without JavaScript: show who will receive it, keep what was typed, save nothing.
        return _render_form(form, preview_asked=True)
    if form.website.data:
        return render_error(400, _("The form could not be sent. Please try again."))
    if not form.validate():
        return _render_form(form, 400)
    intake = _intake(form)
    config = current_app.config
    try:
        try:
            receipt = submit_complaint(
                db, intake, data_key=config["DATA_KEY"], upload_dir=config["UPLOAD_DIR"]
            )
            reference = receipt.complaint.reference  # read before the commit expires it
            db.commit()
        except IntegrityError:
            # Two copies of one form raced: the other one won; show its receipt.
            db.rollback()
            receipt = submit_complaint(
                db, intake, data_key=config["DATA_KEY"], upload_dir=config["UPLOAD_DIR"]
            )
            reference = receipt.complaint.reference
    except IntakeError as error:
        db.rollback()
        if error.field == "nonce":
            # The hidden nonce is spent or malformed: a fresh one lets the person send again.
            form.nonce.data = new_nonce()
        show_on_form(form, error, whole_form=frozenset({"nonce"}))
        return _render_form(form, 400)
    # POST/redirect/GET: the receipt page shows the secret once (see views/receipt.py).
    remember_receipt(reference, intake.nonce, retried=not receipt.new)
    return deliver_after_response(redirect(url_for("complaints.receipt"), 303))


@bp.get("/complaints/contact")
def contact():
    db = database.session
    province = query_text("province", 6)
    text = query_text("q", 100)
    governments = queries.supervising_governments(db, province or None, text or None)
    return render_template(
        "complaints/contact.html",
        governments=governments,
        provinces=provinces(db),
        province=province,
        text=text,
    )


@bp.get("/complaints/stats")
def stats():
    numbers = complaint_stats(database.session, today_in_china())
    return render_template(
        "complaints/stats.html",
        stats=numbers,
        categories=CATEGORY_LABELS,
        statuses=STATUS_LABELS,
        outcomes=OUTCOME_LABELS,
    )


def office_section(office: Office) -> Markup | None:
    """ "How to complain about this office": the governments it is routed to and their channels.

    Runs a bounded number of queries (the establishing government's parents, at most three,
    and the routed governments, at most two).
    """
    db = database.session
    try:
        decision = route_office(db, office)
    except Exception:  # noqa: BLE001 - a registry gap must not break the office page
        return None
    routes = [(db.get(Government, route.government_id), route) for route in decision.routes]
    outcomes = queries.closed_outcomes(db, office.id)
    return Markup(  # noqa: S704  # nosec B704  # a rendered template: everything in it is escaped by Jinja
        render_template(
            "complaints/_office_section.html", office=office, routes=routes, outcomes=outcomes
        )
    )
