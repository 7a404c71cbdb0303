"""What people read for the complaint enums and routing rules, in the page's language."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from complaints import routing
from complaints.models import ComplaintCategory, ComplaintOutcome, ComplaintStatus, EventKind
from portal.clock import china_day
from portal.markdown import render_markdown

CATEGORY_LABELS = {
    ComplaintCategory.UNAUTHORISED_OFFICE: _l("Unauthorised office"),
    ComplaintCategory.SHOULD_HAVE_CLOSED: _l("Office that should have closed"),
    ComplaintCategory.RECEPTION_OVER_STANDARD: _l("Reception over the standard"),
    ComplaintCategory.DISCLOSURE: _l("Missing or false disclosure"),
    ComplaintCategory.VEHICLES_OR_VENUES: _l("Misuse of vehicles or venues"),
    ComplaintCategory.STAFF_MISCONDUCT: _l("Staff misconduct"),
    ComplaintCategory.OTHER: _l("Other"),
}

STATUS_LABELS = {
    ComplaintStatus.SUBMITTED: _l("Submitted, awaiting acknowledgement"),
    ComplaintStatus.ACKNOWLEDGED: _l("Acknowledged"),
    ComplaintStatus.IN_PROGRESS: _l("Being handled"),
    ComplaintStatus.AWAITING_INFORMATION: _l("Awaiting information from the complainant"),
    ComplaintStatus.CLOSED: lazy_pgettext("complaint", "Closed"),
}
# What the complainant reads on the tracking page (issue 16 item 5): "waiting for *you*" is
# right for them only; supervisors and the public statistics read STATUS_LABELS.
COMPLAINANT_STATUS_LABELS = STATUS_LABELS | {
    ComplaintStatus.AWAITING_INFORMATION: _l("Waiting for information from you"),
}

OUTCOME_LABELS = {
    ComplaintOutcome.UPHELD: _l("Upheld"),
    ComplaintOutcome.PARTLY_UPHELD: _l("Partly upheld"),
    ComplaintOutcome.NOT_UPHELD: _l("Not upheld"),
    ComplaintOutcome.OUTSIDE_REMIT: _l("Outside the government's remit"),
}

RULE_EXPLANATIONS = {
    routing.PARENT_OF_ESTABLISHING: _l(
        "Handles the complaint: the government directly above the one that established the "
        "office supervises it."
    ),
    routing.HOST_PROVINCE_COPY: _l(
        "Receives a copy: the office is in another province's capital, and that provincial "
        "government works together with the office's own side."
    ),
    routing.UNLISTED_HOST_PROVINCE: _l(
        "Handles the complaint: the office is not in the registry, and the provincial "
        "government of the capital where it is approves every office there."
    ),
    routing.TOP_LEVEL_HOST_PROVINCE: _l(
        "Handles the complaint: no government stands above the one that established the "
        "office, so the provincial government of the capital where it is handles it."
    ),
    routing.ESCALATED_OVERDUE: _l(
        "Handles the complaint: it was overdue, so it went up to the government above."
    ),
    routing.TRANSFERRED: _l("Handles the complaint: it was transferred here, with a reason."),
}

EVENT_LABELS = {
    EventKind.SUBMITTED: _l("Complaint submitted"),
    EventKind.ROUTED: _l("Routed"),
    EventKind.ACKNOWLEDGED: _l("Acknowledged"),
    EventKind.ASSIGNED: _l("Assigned"),
    EventKind.TAGGED: _l("Tagged"),
    EventKind.NOTE: _l("Internal note"),
    EventKind.MESSAGE: _l("Message from the supervising government"),
    EventKind.INFORMATION_REQUESTED: _l("More information requested"),
    EventKind.COMPLAINANT_MESSAGE: _l("Message from the complainant"),
    EventKind.STATUS_CHANGED: _l("Status changed"),
    EventKind.EXTENDED: _l("Deadline extended"),
    EventKind.TRANSFERRED: _l("Transferred"),
    EventKind.ESCALATED: _l("Escalated"),
    EventKind.CLOSED: lazy_pgettext("complaint", "Closed"),
    EventKind.REOPENED: _l("Reopened"),
}


def _lookup(mapping):
    def label(value) -> str:
        try:
            return str(mapping[value])
        except KeyError:
            return str(value)

    return label


def routes_of(complaint) -> list:
    """(government, route) pairs of a complaint's active routes, the primary one first."""
    active = [route for route in complaint.routes if route.active]
    return [(route.government, route) for route in sorted(active, key=lambda r: not r.primary)]


def init_labels(app: Flask) -> None:
    """Jinja filters for the complaint enums (used by this package's and supervision templates)."""
    app.jinja_env.filters.update(
        complaint_category=_lookup(CATEGORY_LABELS),
        complaint_status=_lookup(STATUS_LABELS),
        complaint_status_for_complainant=_lookup(COMPLAINANT_STATUS_LABELS),
        complaint_outcome=_lookup(OUTCOME_LABELS),
        complaint_event=_lookup(EVENT_LABELS),
        routing_rule=_lookup(RULE_EXPLANATIONS),
        # Outcome summaries are public Markdown: the portal's one sanitiser renders them.
        complaint_markdown=render_markdown,
        complaint_date=lambda instant: china_day(instant).isoformat() if instant else "",
    )
    app.jinja_env.globals["routes_of"] = routes_of
