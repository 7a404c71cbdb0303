"""Supervisor pages: the queue, one complaint with its actions, contact details, files, audit."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from flask import (
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from complaints import audit, bp, exports, queries, supervision
from complaints.answers import with_new_information
from complaints.attachments import stored_path
from complaints.audit_view import action_label, entries_query, readable_detail
from complaints.delivery import deliver_after_response
from complaints.forms import ACTION_FORMS, query_text
from complaints.intake import contact_of
from complaints.labels import CATEGORY_LABELS, STATUS_LABELS
from complaints.models import AuditEntry, Complaint, ComplaintAttachment
from complaints.outcome_templates import starting_text
from complaints.reminders import wants_daily_digest
from complaints.scope import (
    SOON_DAYS,
    Access,
    QueueFilters,
    access_to,
    colleagues,
    copied_here,
    filtered_queue,
    queue_counts,
    sees_personal_data,
)
from complaints.transfers import (
    ReceiverError,
    receiver_choices,
    receiving_government,
    transferred_away,
)
from complaints.workflow import TransitionError, allowed_actions
from portal.auth import current_account, role_required
from portal.clock import today_in_china
from portal.database import database
from portal.errors import show_on_form
from portal.i18n import localized_name
from portal.markdown import render_markdown
from portal.models import Role
from portal.params import bounded_int, page_number


def content_disposition(filename: str) -> str:
    """An attachment header with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


SUPERVISORS = (Role.SUPERVISOR, Role.NATIONAL, Role.ADMIN)
PAGE_SIZE = 50
CONTRIBUTE_ACTIONS = {"tag", "note"}


def _private(response: Response) -> Response:
    # Supervisor pages carry personal data: never cached, never indexed.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _assignee(raw: str) -> str:
    """The assignee filter: "" (anyone), "none" (nobody yet) or an account id as digits.

    A value that is neither is a 400 with a message (portal.params), never a 500.
    """
    if raw.strip() == "none":
        return "none"
    number = bounded_int(raw, field="assignee", minimum=1)
    return "" if number is None else str(number)


def _filters() -> QueueFilters:
    args = request.args
    return QueueFilters(
        status=query_text("status", 32),
        category=query_text("category", 32),
        office=query_text("office", 100),
        overdue=args.get("overdue") == "1",
        assignee=_assignee(args.get("assignee", "")),
        tag=query_text("tag", 40),
    )


@bp.get("/supervise/")
@role_required(*SUPERVISORS)
def supervise_queue():
    db = database.session
    account, today = current_account(), today_in_china()
    filters, page = _filters(), page_number()
    query = filtered_queue(db, account, filters, today)
    complaints = list(db.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    overdue, soon = queue_counts(db, account, today)
    return _private(
        make_response(
            render_template(
                "complaints/supervise/queue.html",
                complaints=complaints[:PAGE_SIZE],
                new_information=with_new_information(db, (c.id for c in complaints)),
                copied=copied_here(db, account, [c.id for c in complaints]),
                soon_until=today + timedelta(days=SOON_DAYS),
                more=len(complaints) > PAGE_SIZE,
                page=page,
                filters=filters,
                overdue=overdue,
                soon=soon,
                today=today,
                statuses=STATUS_LABELS,
                categories=CATEGORY_LABELS,
                colleagues=colleagues(db, account) if account.government_id else [],
                transferred=transferred_away(db, account.government_id) if page == 1 else [],
                bulk=account.role != Role.ADMIN,  # administrators audit, they do not act
                daily_digest=wants_daily_digest(db, account),
            )
        )
    )


@bp.get("/supervise/export.csv")
@role_required(*SUPERVISORS)
def supervise_export():
    db = database.session
    account = current_account()
    queue = filtered_queue(db, account, _filters(), today_in_china())
    # The export is recorded (and committed) before the rows stream out: an interrupted
    # download still counts as an export.
    audit.record(
        db, account, "export_queue", None, {"filters": request.query_string.decode()[:200]}
    )
    db.commit()
    return _private(exports.queue_csv(db, queue))


def _visible(reference: str, personal: bool = False) -> tuple[Complaint, Access]:
    """The complaint if the account may see it (and, with `personal`, what identifies the
    complainant: scope.sees_personal_data), else a 404 either way."""
    db = database.session
    complaint = queries.complaint_by_reference(db, reference)
    if complaint is None:
        abort(404)
    access = access_to(db, current_account(), complaint)
    if access == Access.NONE or (personal and not sees_personal_data(access)):
        abort(404)
    return complaint, access


def _forms(complaint: Complaint, access: Access, account, posted=None) -> dict:
    if access == Access.READ:
        return {}
    allowed = allowed_actions(complaint.status)
    if access == Access.CONTRIBUTE:
        allowed &= CONTRIBUTE_ACTIONS
    if complaint.extended_at is not None:
        allowed.discard("extend")
    forms = {}
    for action in [name for name in ACTION_FORMS if name in allowed]:
        form = posted if posted is not None and posted[0] == action else None
        forms[action] = form[1] if form else ACTION_FORMS[action](formdata=None)
    if "assign" in forms:
        forms["assign"].assignee.choices = [
            (colleague.id, colleague.email) for colleague in colleagues(database.session, account)
        ]
    return forms


def _detail_page(complaint, access, posted=None, status=200, preview=None):
    db = database.session
    account = current_account()
    tags = queries.tags_of(db, complaint)
    forms = _forms(complaint, access, account, posted)
    page = render_template(
        "complaints/supervise/complaint.html",
        complaint=complaint,
        access=access,
        Access=Access,
        tags=tags,
        forms=forms,
        receivers=receiver_choices(db, complaint) if "transfer" in forms else [],
        personal=sees_personal_data(access),
        posted_form=posted[1] if posted else None,
        posted_action=posted[0] if posted else None,
        preview=preview,
        today=today_in_china(),
        new_information=complaint.id in with_new_information(db, [complaint.id]),
    )
    return _private(make_response(page, status))


@bp.get("/supervise/complaints/<reference>")
@role_required(*SUPERVISORS)
def supervise_complaint(reference: str):
    complaint, access = _visible(reference)
    return _detail_page(complaint, access)


@bp.get("/supervise/complaints/<reference>/contact")
@role_required(*SUPERVISORS)
def supervise_contact(reference: str):
    db = database.session
    complaint, _access = _visible(reference, personal=True)
    contact = contact_of(complaint)
    audit.record(db, current_account(), "view_contact", complaint)
    db.commit()
    page = render_template(
        "complaints/supervise/contact.html", complaint=complaint, contact=contact
    )
    return _private(make_response(page))


@bp.get("/supervise/complaints/<reference>/attachments/<int:attachment_id>")
@role_required(*SUPERVISORS)
def supervise_attachment(reference: str, attachment_id: int):
    db = database.session
    # Attachments often identify the complainant: exactly who sees the contact details.
    complaint, _access = _visible(reference, personal=True)
    attachment = db.get(ComplaintAttachment, attachment_id)
    if attachment is None or attachment.complaint_id != complaint.id:
        abort(404)
    path = stored_path(current_app.config["UPLOAD_DIR"], attachment.stored_name)
    if not path.is_file():
        abort(404)
    audit.record(
        db, current_account(), "download_attachment", complaint, {"attachment": attachment.id}
    )
    db.commit()
    # At most 10 MB, read whole: no file handle outlives the request.
    response = make_response(path.read_bytes())
    response.headers["Content-Type"] = attachment.media_type
    response.headers["Content-Disposition"] = content_disposition(attachment.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return _private(response)


def _run(action: str, complaint: Complaint, form, account) -> None:
    db = database.session
    if action == "acknowledge":
        supervision.acknowledge(db, complaint, account)
    elif action == "assign":
        supervision.assign(db, complaint, account, form.assignee.data or 0)
    elif action == "tag":
        supervision.tag(db, complaint, account, form.tag.data)
    elif action == "note":
        supervision.note(db, complaint, account, form.body.data)
    elif action == "message":
        supervision.message(db, complaint, account, form.body.data)
    elif action == "request_information":
        supervision.request_information(db, complaint, account, form.body.data)
    elif action == "resume":
        supervision.resume(db, complaint, account)
    elif action == "extend":
        supervision.extend_deadline(db, complaint, account, form.days.data, form.reason.data)
    elif action == "transfer":
        target = receiving_government(db, form.government.data)
        supervision.transfer(db, complaint, account, target.id, form.reason.data)
    elif action == "close":
        outcome, summary = form.outcome.data, form.summary.data
        supervision.close(db, complaint, account, outcome, summary)


@bp.post("/supervise/complaints/<reference>/<action>")
@role_required(*SUPERVISORS)
def supervise_action(reference: str, action: str):
    db = database.session
    if action not in ACTION_FORMS:
        abort(404)
    complaint, access = _visible(reference)
    account = current_account()
    form = ACTION_FORMS[action]()
    if action == "assign":
        form.assignee.choices = [(c.id, c.email) for c in colleagues(db, account)]
    if action == "close" and "use_template" in request.form:
        # Fill in the chosen outcome's template to edit (issue 16 item 13): nothing is saved.
        text = starting_text(request.form.get("outcome", ""), form.summary.data)
        if text is None:
            form.outcome.errors = [_("Choose an outcome.")]
            return _detail_page(complaint, access, (action, form), 400)
        form.summary.data = text
        return _detail_page(complaint, access, (action, form))
    if not form.validate():
        return _detail_page(complaint, access, (action, form), 400)
    if action == "close" and form.preview.data:
        return _detail_page(
            complaint, access, (action, form), preview=render_markdown(form.summary.data)
        )
    try:
        _run(action, complaint, form, account)
    except (supervision.SupervisionError, TransitionError, ReceiverError) as error:
        db.rollback()
        complaint, access = _visible(reference)
        show_on_form(form, error, whole_form=frozenset({"action"}))
        return _detail_page(
            complaint, access, (action, form), 409 if isinstance(error, TransitionError) else 400
        )
    db.commit()
    if action == "transfer":
        # The sending government may no longer see it: back to the queue, which keeps a trace.
        flash(
            _(
                "Transferred to %(government)s. Your queue lists it under “Transferred to "
                "other governments”.",
                government=localized_name(complaint.primary_government),
            ),
            "success",
        )
        return deliver_after_response(redirect(url_for("complaints.supervise_queue"), 303))
    flash(_("Done: the complaint's history records it."), "success")
    return deliver_after_response(
        redirect(url_for("complaints.supervise_complaint", reference=complaint.reference), 303)
    )


@bp.get("/supervise/audit")
@role_required(*SUPERVISORS)
def supervise_audit():
    db = database.session
    action = request.args.get("action", "")[:40]
    query = entries_query(current_account()).order_by(AuditEntry.id.desc()).limit(200)
    if action in audit.ACTIONS:
        query = query.where(AuditEntry.action == action)
    entries = list(db.scalars(query).unique())
    page = render_template(
        "complaints/supervise/audit.html",
        entries=[(entry, readable_detail(db, entry)) for entry in entries],
        actions=audit.ACTIONS,
        action=action,
        action_label=action_label,
    )
    return _private(make_response(page))


@bp.get("/supervise/audit.csv")
@role_required(*SUPERVISORS)
def supervise_audit_export():
    query = entries_query(current_account()).order_by(AuditEntry.id)
    return _private(exports.audit_csv(database.session.scalars(query).unique()))
