"""The words a person reads in search: kinds of document, the fields a snippet names, sorts,
and every coded value in both languages (read from the owning package's labels).

A coded value (a procurement method, a category, an office's status …) is indexed with its
Chinese and its English label, so "单一来源" finds what "single source" finds. The labels come
from the catalogs of the packages that own them, through `force_locale`: one wording per value.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "office": _l("Offices"),
    "government": _l("Governments"),
    "budget": _l("Budgets"),
    "provider": _l("Service providers"),
    "contract": _l("Contracts"),
    "service": _l("Service listings"),
    "reception": _l("Reception records"),
    "inspection": _l("Inspections"),
}
"""Kinds of document, as a person reads them (facets, results, the export)."""

AMOUNT_KINDS = ("budget", "contract", "reception")
"""The kinds that have an amount (a budget's planned total, a contract's, a reception's cost)."""

SORT_LABELS = {
    "relevance": _l("Relevance"),
    "newest": _l("Newest first"),
    "oldest": _l("Oldest first"),
    "amount": _l("Amount (largest first)"),
}

FIELDS = {
    "": _l("Text"),
    "name": _l("Name"),
    "code": _l("Division code"),
    "capital": _l("Capital"),
    "department": _l("Department"),
    "government": _l("Establishing government"),
    "host": _l("Host province"),
    "status": _l("Status"),
    "functions": _l("Functions"),
    "approval": _l("Approval reference"),
    "address": _l("Address"),
    "finding": _l("Finding"),
    "office": _l("Office"),
    "budget": _l("Budget"),
    "uscc": _l("Credit code"),
    "city": _l("City"),
    "provider_kind": _l("Kind of provider"),
    "province": _l("Province"),
    "provider": _l("Provider"),
    "reference": _l("Reference"),
    "services": _l("Services"),
    "category": _l("Category"),
    "method": _l("Procurement method"),
    "title": _l("Title"),
    "description": _l("Description"),
    "channel": _l("Channel"),
    "audience": _l("Audience"),
    "visitors": _l("Visiting party"),
    "purpose": _l("Purpose"),
    "payment": _l("Payment method"),
    "standard": _l("Standard"),
    "inspector": _l("Inspecting government"),
    "result": _l("Result"),
    "findings": _l("Findings"),
    "kind": _l("Kind"),
}
"""The name of each field a snippet can come from (the `field` of a `documents.Part`)."""

OVER_STANDARD = ("超标准接待（超标）", "over the standard")
"""The words a reception over the standard carries, in Chinese and English (item 3 of issue 17:
`超标`, `超标准接待` and "over the standard" find it)."""

_cache: dict[tuple[int, Any], tuple[str, str]] = {}


def bilingual(mapping: Mapping, value: Any) -> tuple[str, str]:
    """(Chinese, English) label of a coded value from its package's labels.

    Read once per process through the app's merged catalogs. Without an app (a script building
    documents by hand) the English label serves for both and nothing is cached.
    """
    key = (id(mapping), value)
    found = _cache.get(key)
    if found is not None:
        return found
    lazy = mapping.get(value)
    if lazy is None and isinstance(value, Enum):
        lazy = mapping.get(value.value)
    if lazy is None:
        raw = str(value.value if isinstance(value, Enum) else value or "")
        return raw, raw.replace("_", " ")
    try:
        with force_locale("zh"):
            zh = str(lazy)
        with force_locale("en"):
            en = str(lazy)
    except RuntimeError:  # no application: the source (English) text
        return str(lazy), str(lazy)
    _cache[key] = (zh, en)
    return zh, en
