"""Editor pages: an office editor drafts, imports, publishes and corrects their office's disclosures.

Every page is scoped to the editor's own office: another office's pages answer 404, so nothing
is confirmed about them. Views parse, call the services, commit once and redirect.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from disclosures import bp
from disclosures.forms import (
    ConfirmForm,
    PublishForm,
    RemoveForm,
    UploadForm,
    item_form,
)
from disclosures.importing import import_file
from disclosures.items import COLUMNS, ITEM_KEY, ItemsRejected, RowError, read_row
from disclosures.labels import FIELD_LABELS, KIND_LABELS, label
from disclosures.models import DisclosureKind
from disclosures.publication import (
    PublicationError,
    discard_draft,
    get_draft,
    last_published,
    open_draft,
    publish_draft,
    put_draft_item,
    remove_draft_item,
)
from disclosures.queries import publication_states
from portal.auth import current_account, role_required
from portal.clock import today_in_china
from portal.csv import csv_response
from portal.database import database
from portal.errors import show_on_form
from portal.models import Office, Role
from portal.queries import office_by_slug

FIRST_YEAR = 2015
SHOWN_LIMIT = 500
MAX_UPLOAD = 20 * 1024 * 1024
SHOWN = {
    DisclosureKind.BUDGETS: ("category", "planned_fen", "actual_fen"),
    DisclosureKind.PROVIDERS: ("uscc", "name_zh", "kind", "city"),
    DisclosureKind.CONTRACTS: (
        "reference",
        "uscc",
        "category",
        "amount_fen",
        "starts_on",
        "ends_on",
    ),
    DisclosureKind.SERVICES: ("title", "audience", "channel"),
    DisclosureKind.RECEPTIONS: (
        "reference",
        "received_on",
        "visiting_party",
        "guests",
        "hosts",
        "payment_method",
    ),
}
"""The columns of the draft table of each kind (the full item is in the snapshot)."""


def _years() -> list[int]:
    return list(range(today_in_china().year, FIRST_YEAR - 1, -1))


def _own_office(slug: str) -> Office:
    """The office of the signed-in editor, or 404 for any other office."""
    account = current_account()
    office = office_by_slug(database.session, slug)
    if office is None or account is None or account.office_id != office.id:
        abort(404)
    return office


def _kind(raw: str) -> DisclosureKind:
    try:
        return DisclosureKind(raw)
    except ValueError:
        abort(404)


def _check_year(year: int) -> int:
    # Next year too: a budget is drafted before its year begins.
    if not FIRST_YEAR <= year <= today_in_china().year + 1:
        abort(404)
    return year


def _disclosure_page(action: str = "", method: str = "POST") -> Callable:
    """Route an editor's page about one disclosure of their office (a kind, a year).

    The view is called with the office, the kind and the year already checked: another office,
    an unknown kind or a year out of range answers 404 before the view runs.
    """
    rule = "/editor/disclosures/<slug>/<kind>/<int:year>" + (f"/{action}" if action else "")

    def register(view: Callable) -> Callable:
        @functools.wraps(view)
        def checked(slug: str, kind: str, year: int):
            return view(_own_office(slug), _kind(kind), _check_year(year))

        return bp.route(rule, methods=[method])(role_required(Role.OFFICE_EDITOR)(checked))

    return register


@bp.get("/editor/disclosures/")
@role_required(Role.OFFICE_EDITOR)
def editor_home():
    return redirect(url_for("disclosures.editor_office", slug=current_account().office.slug))


@bp.get("/editor/disclosures/<slug>/")
@role_required(Role.OFFICE_EDITOR)
def editor_office(slug: str):
    office = _own_office(slug)
    return render_template(
        "disclosures/editor/office.html",
        office=office,
        years=_years(),
        kinds=list(DisclosureKind),
        state=publication_states(database.session, office.id),
        kind_labels=KIND_LABELS,
    )


def _render_kind(
    office, kind, year, *, form=None, upload=None, publish=None, problems=None, status=200
):
    db = database.session
    draft = get_draft(db, office, kind, year)
    published = last_published(db, office.id, kind, year)
    return (
        render_template(
            "disclosures/editor/kind.html",
            office=office,
            kind=kind,
            year=year,
            draft=draft,
            published=published,
            form=form or item_form(kind, formdata=None),
            upload=upload or UploadForm(formdata=None),
            publish=publish or PublishForm(formdata=None),
            remove=RemoveForm(formdata=None),
            confirm=ConfirmForm(formdata=None),
            problems=problems or [],
            shown=SHOWN[kind],
            shown_limit=SHOWN_LIMIT,
            headings={name: FIELD_LABELS[name] for name in SHOWN[kind]},
            key_name=ITEM_KEY[kind],
            kind_label=KIND_LABELS[kind],
            label=label,
        ),
        status,
    )


def _here(office, kind, year):
    return redirect(
        url_for("disclosures.editor_kind", slug=office.slug, kind=kind.value, year=year)
    )


def _commit_and_return(office, kind, year, message: str):
    """The change is done: commit it, say so, and go back to the disclosure's page."""
    database.session.commit()
    flash(message, "success")
    return _here(office, kind, year)


def _refused(office, kind, year, errors, **form):
    """A service refused the change: undo it, put each error on the form (given by its name in
    the page, e.g. form=… or publish=…) and show the page again."""
    database.session.rollback()
    (shown,) = form.values()
    for error in errors:
        show_on_form(shown, error)
    return _render_kind(office, kind, year, status=422, **form)


@_disclosure_page(method="GET")
def editor_kind(office: Office, kind: DisclosureKind, year: int):
    return _render_kind(office, kind, year)


@_disclosure_page("items")
def editor_put_item(office: Office, kind: DisclosureKind, year: int):
    db = database.session
    form = item_form(kind)
    if not form.validate_on_submit():
        return _render_kind(office, kind, year, form=form, status=422)
    row = {name: form[name].data for name in form._fields if name != "csrf_token"}
    try:
        _year, item = read_row(kind, row, year)
        put_draft_item(db, open_draft(db, office, kind, year), item)
    except RowError as error:
        return _refused(office, kind, year, error.each(), form=form)
    except PublicationError as error:
        return _refused(office, kind, year, [error], form=form)
    return _commit_and_return(
        office, kind, year, _("Saved in the draft. It is not public until you publish it.")
    )


@_disclosure_page("remove")
def editor_remove_item(office: Office, kind: DisclosureKind, year: int):
    db = database.session
    form = RemoveForm()
    draft = get_draft(db, office, kind, year)
    if not form.validate_on_submit() or draft is None:
        abort(400)
    remove_draft_item(db, draft, form.key.data or "")
    return _commit_and_return(office, kind, year, _("Removed from the draft."))


@_disclosure_page("upload")
def editor_upload(office: Office, kind: DisclosureKind, year: int):
    db = database.session
    upload = UploadForm()
    if not upload.validate_on_submit():
        return _render_kind(office, kind, year, upload=upload, status=422)
    data = upload.file.data.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        upload.file.errors = [_("The file is too large (at most 20 MB).")]
        return _render_kind(office, kind, year, upload=upload, status=413)
    try:
        result = import_file(db, office, kind, data, year=year, append=upload.mode.data == "append")
    except ItemsRejected as rejected:
        db.rollback()
        return _render_kind(
            office, kind, year, upload=upload, problems=rejected.problems, status=422
        )
    return _commit_and_return(
        office,
        kind,
        year,
        _("%(count)d rows read into the draft. Check them, then publish.", count=result.rows),
    )


@_disclosure_page("publish")
def editor_publish(office: Office, kind: DisclosureKind, year: int):
    db = database.session
    publish = PublishForm()
    draft = get_draft(db, office, kind, year)
    if draft is None:
        flash(_("There is no draft to publish."), "error")
        return _here(office, kind, year)
    if not publish.validate_on_submit():
        return _render_kind(office, kind, year, publish=publish, status=422)
    try:
        publication = publish_draft(db, draft, current_account(), publish.reason.data)
    except PublicationError as error:
        return _refused(office, kind, year, [error], publish=publish)
    return _commit_and_return(
        office, kind, year, _("Revision %(number)d is published.", number=publication.revision)
    )


@_disclosure_page("discard")
def editor_discard(office: Office, kind: DisclosureKind, year: int):
    db = database.session
    draft = get_draft(db, office, kind, year)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if draft is not None:
        discard_draft(db, draft)
        db.commit()
        flash(_("The draft is discarded; what is published has not changed."), "success")
    return _here(office, kind, year)


@bp.get("/editor/disclosures/template/<kind>.csv")
@role_required(Role.OFFICE_EDITOR)
def editor_template(kind: str):
    kind = _kind(kind)
    return csv_response(list(COLUMNS[kind]), [], f"{kind.value}-template.csv")
