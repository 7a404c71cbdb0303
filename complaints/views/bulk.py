"""The queue's own forms: bulk actions (issue 16 item 13, the work is complaints/bulk.py) and
the daily digest choice of deadline reminders (item 9, complaints/reminders.py)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from complaints import bp
from complaints.bulk import BULK_ACTIONS, MAX_BULK, apply_to_many
from complaints.delivery import deliver_after_response
from complaints.reminders import set_daily_digest
from complaints.views.supervise import SUPERVISORS
from portal.auth import current_account, role_required
from portal.database import database
from portal.params import bounded_int


@bp.post("/supervise/bulk")
@role_required(*SUPERVISORS)
def supervise_bulk():
    """Acknowledge, assign or tag the complaints ticked on the queue (issue 16 item 13); back to
    the queue with its filters and one line per refused complaint."""
    db = database.session
    form = request.form
    action = form.get("bulk_action", "")
    references = [r for r in form.getlist("complaint") if r][:MAX_BULK]
    back = redirect(url_for("complaints.supervise_queue", **request.args), 303)
    if action not in BULK_ACTIONS or not references:
        flash(_("Tick at least one complaint and choose what to do with them."), "error")
        return back
    value = form.get("tag", "")
    if action == "assign":
        value = bounded_int(form.get("assignee"), field="assignee", minimum=1, default=0)
    result = apply_to_many(db, current_account(), references, action, value)
    db.commit()
    if result.done:
        count = len(result.done)
        flash(ngettext("Done for %(num)d complaint, recorded in its history.",
                       "Done for %(num)d complaints, each recorded in its history.", count),
              "success")  # fmt: skip
    for reference, why in result.refused:
        reason = _("not found") if why == "not_found" else why
        flash(_("%(reference)s: not done (%(reason)s)", reference=reference, reason=reason),
              "error")  # fmt: skip
    return deliver_after_response(back)


@bp.post("/supervise/reminders")
@role_required(*SUPERVISORS)
def supervise_reminders():
    """One daily message of deadline reminders, or each on its own (issue 16 item 9)."""
    db = database.session
    digest = request.form.get("daily_digest") == "1"
    set_daily_digest(db, current_account(), digest)
    db.commit()
    flash(_("Saved: your deadline reminders come as one daily message.") if digest
          else _("Saved: each deadline reminder comes on its own."), "success")  # fmt: skip
    return redirect(url_for("complaints.supervise_queue"), 303)
