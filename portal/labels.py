"""Translated labels of the registry's values (statuses, kinds, levels, functions, severities).

One label per value for every page, form, filter and template of the portal; the oversight
package keeps its own values' labels in `portal/oversight/labels.py` and uses `label` from here.
Office-specific strings use their own msgids ("Closed down"): a later package's catalog overrides
an identical msgid (Flask-Babel merges catalogs, later wins).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from functools import partial
from typing import Any

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal.models import GovernmentLevel, OfficeFunction, OfficeKind, OfficeStatus

STATUS_LABELS = {
    OfficeStatus.OPERATING: _l("Operating"),
    OfficeStatus.PENDING_APPROVAL: _l("Pending approval"),
    OfficeStatus.CLOSING: _l("Closing"),
    OfficeStatus.CLOSED: _l("Closed down"),
}
KIND_LABELS = {
    OfficeKind.STANDING: _l("Standing office"),
    OfficeKind.SPECIAL_MISSION: _l("Special-mission office"),
}
LEVEL_LABELS = {
    GovernmentLevel.NATIONAL: _l("National"),
    GovernmentLevel.PROVINCIAL: _l("Provincial"),
    GovernmentLevel.PREFECTURAL: _l("Prefectural (city)"),
    GovernmentLevel.COUNTY: _l("County"),
}
FUNCTION_LABELS = {
    OfficeFunction.PROMOTION: _l("Promoting its home area to attract business"),
    OfficeFunction.MIGRANT_WORKERS: _l("Assisting migrant workers from its home area"),
    OfficeFunction.ETHNIC_AFFAIRS: _l("Helping with ethnic affairs"),
    OfficeFunction.EMERGENCIES: _l("Helping in emergencies"),
    OfficeFunction.INFORMATION: _l("Collecting economic and social information for its home area"),
}
SORT_LABELS = {
    "name": _l("Name"),
    "host": _l("Host province"),
    "status": _l("Status"),
    "established": _l("Date established"),
}
ORDER_LABELS = {"asc": _l("Ascending"), "desc": _l("Descending")}
SEVERITY_LABELS = {
    "violation": _l("Violation"),
    "warning": _l("Warning"),
    "info": _l("For information"),
}
FINDINGS_LABELS = {"yes": _l("With findings"), "no": _l("Without findings")}


def label(mapping: Mapping, value: Any) -> str:
    """The translated label of a value: looked up as it is, then by its enum value; the raw text
    when there is none (so a value added later shows, untranslated, rather than breaking a page)."""
    found = mapping.get(value)
    if found is None and isinstance(value, Enum):
        found = mapping.get(value.value)
    return str(found) if found is not None else str(value or "")


LABEL_FILTERS: dict[str, Mapping] = {
    "status_label": STATUS_LABELS,
    "kind_label": KIND_LABELS,
    "level_label": LEVEL_LABELS,
    "function_label": FUNCTION_LABELS,
    "severity_label": SEVERITY_LABELS,
}
"""Jinja filters, by name, and the labels each shows (registered by `register_label_filters`)."""


def register_label_filters(blueprint: Blueprint, filters: Mapping[str, Mapping]) -> None:
    """Make each mapping of labels a template filter of every page: `{{ office.status|status_label }}`."""
    for name, mapping in filters.items():
        blueprint.add_app_template_filter(partial(label, mapping), name)


HOME_CARD_TEXTS = {
    "disclosures.latest": _l(
        "Each office's budgets, providers, contracts and receptions, with every correction."
    ),
    "disclosures.providers": _l(
        "The companies offices buy receptions from, and what each was paid."
    ),
    "complaints.new": _l("Tell the supervising government about an office, and follow the answer."),
    "oversight.approvals": _l("Applications to set up new offices, and the provinces' decisions."),
    "oversight.inspections": _l("What inspections of offices found, and whether it was put right."),
    "oversight.reports": _l("The provinces' progress reports and the national summary."),
    "search.search_page": _l("Offices, disclosures, findings and inspections, in either language."),
}
"""The one-line description of each package's card on the home page, by the card's endpoint."""
