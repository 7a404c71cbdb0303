"""Translated labels of the disclosure enums and of the items' fields, and reading a value typed
as a code or a label."""

from __future__ import annotations

import enum

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from disclosures.models import (
    BudgetCategory,
    DisclosureKind,
    PaymentMethod,
    ProcurementMethod,
    ProviderKind,
    ServiceAudience,
)

CATEGORY_LABELS = {
    BudgetCategory.ACCOMMODATION: _l("Accommodation"),
    BudgetCategory.DINING: _l("Dining"),
    BudgetCategory.VEHICLES: _l("Vehicles"),
    BudgetCategory.VENUES: _l("Venues"),
    BudgetCategory.OTHER: _l("Other"),
}
PROVIDER_KIND_LABELS = {
    ProviderKind.HOTEL: _l("Hotel"),
    ProviderKind.RESTAURANT: _l("Restaurant"),
    ProviderKind.VEHICLE_RENTAL: _l("Vehicle rental"),
    ProviderKind.VENUE: _l("Venue"),
    ProviderKind.OTHER: _l("Other"),
}
PROCUREMENT_LABELS = {
    ProcurementMethod.OPEN_TENDER: _l("Open tender"),
    ProcurementMethod.INVITED_TENDER: _l("Invited tender"),
    ProcurementMethod.COMPETITIVE_NEGOTIATION: _l("Competitive negotiation"),
    ProcurementMethod.COMPETITIVE_CONSULTATION: _l("Competitive consultation"),
    ProcurementMethod.INQUIRY: _l("Request for quotations"),
    ProcurementMethod.SINGLE_SOURCE: _l("Single source"),
    ProcurementMethod.FRAMEWORK_AGREEMENT: _l("Framework agreement"),
}
AUDIENCE_LABELS = {
    ServiceAudience.PUBLIC: _l("The public"),
    ServiceAudience.ENTERPRISES: _l("Enterprises"),
    ServiceAudience.MIGRANT_WORKERS: _l("Migrant workers"),
    ServiceAudience.ETHNIC_AFFAIRS: _l("Ethnic affairs"),
    ServiceAudience.EMERGENCIES: _l("Emergencies"),
}
PAYMENT_LABELS = {
    PaymentMethod.BANK_TRANSFER: _l("Bank transfer"),
    PaymentMethod.OFFICIAL_CARD: _l("Official card"),
    PaymentMethod.CASH: _l("Cash"),
}
KIND_LABELS = {
    DisclosureKind.BUDGETS: _l("Reception budget"),
    DisclosureKind.PROVIDERS: _l("Service providers"),
    DisclosureKind.CONTRACTS: _l("Contracts"),
    DisclosureKind.SERVICES: _l("Services to the public"),
    DisclosureKind.RECEPTIONS: _l("Reception records"),
}
FIELD_LABELS = {
    "category": _l("Category"),
    "planned_fen": _l("Planned"),
    "actual_fen": _l("Actual"),
    "uscc": _l("Provider's credit code"),
    "name_zh": _l("Name in Chinese"),
    "name_en": _l("Name in English"),
    "kind": _l("Kind of provider"),
    "city": _l("City"),
    "services": _l("Services"),
    "owner_code": _l("Owning government (division code, if state-owned)"),
    "reference": _l("Reference number"),
    "amount_fen": _l("Amount"),
    "procurement_method": _l("Procurement method"),
    "starts_on": _l("Starts on"),
    "ends_on": _l("Ends on"),
    "title": _l("Title"),
    "audience": _l("Audience"),
    "channel": _l("Channel"),
    "description": _l("Description (Markdown)"),
    "received_on": _l("Date"),
    "visiting_party": _l("Visiting party"),
    "purpose": _l("Purpose"),
    "guests": _l("Guests"),
    "hosts": _l("Hosts"),
    "nights": _l("Nights"),
    "work_meals": _l("Work meals"),
    "accommodation_fen": _l("Accommodation"),
    "dining_fen": _l("Dining"),
    "vehicles_fen": _l("Vehicles"),
    "venues_fen": _l("Venues"),
    "other_fen": _l("Other costs"),
    "payment_method": _l("Payment method"),
    "letter_reference": _l("Official letter reference"),
    "approval_reference": _l("Approval reference"),
    "standard_applied": _l("Standard applied"),
    "reception_list_reference": _l("Reception list reference"),
}
"""What a person reads for each field of an item (the snapshot's keys), wherever it is shown:
the editor's form and draft table (`forms.column_label`), the history's differences."""

LABELS_BY_ENUM: dict[type[enum.Enum], dict] = {
    BudgetCategory: CATEGORY_LABELS,
    ProviderKind: PROVIDER_KIND_LABELS,
    ProcurementMethod: PROCUREMENT_LABELS,
    ServiceAudience: AUDIENCE_LABELS,
    PaymentMethod: PAYMENT_LABELS,
    DisclosureKind: KIND_LABELS,
}


def label(value: enum.Enum | str | None) -> str:
    """The translated label of a disclosure enum value (the raw value when it has none)."""
    if value is None:
        return ""
    for mapping in LABELS_BY_ENUM.values():
        if value in mapping:
            return str(mapping[value])
    return str(value)


def read_enum(enum_cls: type[enum.Enum], raw: str) -> enum.Enum | None:
    """The member whose code, English label or Chinese label is `raw` (case-insensitive), or None."""
    text = (raw or "").strip()
    if not text:
        return None
    lowered = text.lower().replace(" ", "_").replace("-", "_")
    for member in enum_cls:
        if lowered == str(member.value):
            return member
    labels = LABELS_BY_ENUM.get(enum_cls, {})
    for language in ("en", "zh"):
        try:
            with force_locale(language):
                for member, lazy in labels.items():
                    if str(lazy).strip().lower() == text.lower():
                        return member
        except RuntimeError:  # no app context: codes only
            break
    return None


def choices(enum_cls: type[enum.Enum]) -> list[tuple[str, str]]:
    """(value, translated label) pairs for a select field."""
    labels = LABELS_BY_ENUM.get(enum_cls, {})
    return [(member.value, str(labels.get(member, member.value))) for member in enum_cls]
