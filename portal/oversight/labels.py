"""Translated labels of the oversight enums, for pages, forms and filters."""

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
}
FIGURE_LABELS = {
    "offices_before": _l("Offices before the clean-up"),
    "closed": _l("Offices closed"),
    "merged": _l("Offices merged"),
    "kept_with_approval": _l("Offices kept with approval"),
    "remaining": _l("Offices remaining"),
}


def label(mapping: dict, value) -> str:
    """The translated label of a value (its raw text when there is none)."""
    found = mapping.get(value)
    if found is None and hasattr(value, "value"):
        found = mapping.get(value.value)
    return str(found) if found is not None else str(value or "")
