"""Translated labels of the oversight values, for pages, forms and filters (`portal.labels.label`
reads them)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.oversight.models import (
    ApplicationPurpose,
    ApplicationStatus,
    InspectionResult,
    InspectionStatus,
)

RESULT_LABELS = {
    InspectionResult.COMPLIANT: _l("Compliant"),
    InspectionResult.RECTIFICATION_REQUIRED: _l("Rectification required"),
    InspectionResult.ORDERED_TO_CLOSE: _l("Office ordered to close"),
}
INSPECTION_STATUS_LABELS = {
    InspectionStatus.DRAFT: _l("Draft"),
    InspectionStatus.PUBLISHED: _l("Published"),
}
PURPOSE_LABELS = {
    ApplicationPurpose.NEW_OFFICE: _l("To set up a new office"),
    ApplicationPurpose.KEEP_OFFICE: _l("To keep an office the rules would close"),
}
APPLICATION_STATUS_LABELS = {
    ApplicationStatus.PENDING: _l("Pending"),
    ApplicationStatus.APPROVED: _l("Approved"),
    ApplicationStatus.REFUSED: _l("Refused"),
}
TIMING_LABELS = {
    "on_time": _l("On time"),
    "late": _l("Late"),
    "missing": _l("Missing"),
    "not_due": _l("Not yet due"),
    "not_applicable": _l("Not applicable"),
}
RECTIFICATION_LABELS = {
    "confirmed": _l("Rectification confirmed"),
    "confirmed_late": _l("Rectification confirmed late"),
    "pending": _l("Rectification pending"),
    "overdue": _l("Rectification overdue"),
}
FIGURE_LABELS = {
    "offices_before": _l("Offices before the clean-up"),
    "closed": _l("Offices closed"),
    "merged": _l("Offices merged"),
    "kept_with_approval": _l("Offices kept with approval"),
    "remaining": _l("Offices remaining"),
}


LABEL_FILTERS = {
    "inspection_result_label": RESULT_LABELS,
    "inspection_status_label": INSPECTION_STATUS_LABELS,
    "application_status_label": APPLICATION_STATUS_LABELS,
    "purpose_label": PURPOSE_LABELS,
    "timing_label": TIMING_LABELS,
    "figure_label": FIGURE_LABELS,
    "rectification_label": RECTIFICATION_LABELS,
}
"""Jinja filters, by name, and the labels each shows (registered by `portal.oversight.views`)."""
