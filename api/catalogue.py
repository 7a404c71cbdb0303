"""The data catalogue: every dataset the portal publishes, in both languages, with its licence,
formats, update time and data dictionary, as a page and as DCAT JSON-LD for harvesters.

The data dictionary is read from the OpenAPI document (itself generated from the schemas that
serialise the API), so a field's type, unit, codes and meaning are written once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.atom import public_base

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"


@dataclass(frozen=True)
class Download:
    """One way to get a dataset: an endpoint of the app (with its arguments) and a media type."""

    endpoint: str
    media_type: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Dataset:
    """A dataset: its identifier, its words (lazy, so both languages), its schema in the API."""

    id: str
    title: Any
    description: Any
    schema: str
    api_endpoint: str
    downloads: tuple[Download, ...] = ()
    keywords: tuple[str, ...] = ()


def _exports(kind: str) -> tuple[Download, ...]:
    return (
        Download("disclosures.export", "text/csv", {"kind": kind, "fmt": "csv"}),
        Download("disclosures.export", "application/json", {"kind": kind, "fmt": "json"}),
    )


JSON, CSV = "application/json", "text/csv"
DATASETS = (
    Dataset("offices", _l("Liaison offices"),
            _l("Every liaison office in the registry: who set it up, where, its status, approval "
               "and contacts, with the codes of the rules it breaks."),
            "Office", "api.offices",
            (Download("portal.export_csv", CSV), Download("portal.export_json", JSON)),
            ("registry", "liaison office")),
    Dataset("findings", _l("Findings"),
            _l("Each rule of the circular that an office breaks, with the facts that show it."),
            "Finding", "api.findings", (), ("compliance", "rules")),
    Dataset("governments", _l("Governments and complaint channels"),
            _l("The governments that supervise offices and where each takes complaints."),
            "Government", "api.governments", (), ("complaints", "contact")),
    Dataset("budgets", _l("Reception budgets"),
            _l("Each office's reception budget per year and category: planned and spent."),
            "BudgetLine", "api.budgets", _exports("budgets"), ("budget", "reception")),
    Dataset("provider-listings", _l("Providers listed by offices"),
            _l("The companies each office lists as its reception providers, per year."),
            "ProviderListing", "api.provider_listings", _exports("providers"), ("providers",)),
    Dataset("contracts", _l("Contracts"),
            _l("Contracts between offices and providers; also as OCDS 1.1 release packages."),
            "Contract", "api.contracts",
            (*_exports("contracts"), Download("disclosures.export_ocds", JSON)),
            ("procurement", "OCDS")),
    Dataset("services", _l("Service listings"),
            _l("The services each office offers the public, per year."),
            "Service", "api.services", _exports("services"), ("services",)),
    Dataset("receptions", _l("Reception records"),
            _l("Each published business reception: guests, hosts, nights and costs by category."),
            "Reception", "api.receptions", _exports("receptions"), ("reception",)),
    Dataset("reception-standards", _l("Reception standards"),
            _l("The caps each province sets per year for accommodation and meals."),
            "Standard", "api.standards", (), ("standards",)),
    Dataset("approvals", _l("Applications for approval"),
            _l("Applications to set up or keep an office, and the host province's decision."),
            "Application", "api.approvals",
            (Download("oversight.approvals_csv", CSV), Download("oversight.approvals_json", JSON)),
            ("approval",)),
    Dataset("inspections", _l("Inspections"),
            _l("Published inspections of offices by supervising governments, with results."),
            "Inspection", "api.inspections",
            (Download("oversight.inspections_csv", CSV),
             Download("oversight.inspections_json", JSON)), ("inspection",)),
    Dataset("reports", _l("Progress reports"),
            _l("Each province's progress reports per round, beside the registry's figures."),
            "Round", "api.reports", (), ("progress report",)),
    Dataset("summary", _l("The national summary"),
            _l("Per province and national: offices, closures, findings, reports, complaints, "
               "approvals and inspections."),
            "SummaryRow", "api.summary",
            (Download("oversight.summary_as_csv", CSV), Download("oversight.summary_as_json", JSON)),
            ("summary", "statistics")),
    Dataset("complaint-statistics", _l("Complaint statistics"),
            _l("Counts of complaints by month, category, province, status and outcome; never a "
               "complaint itself."),
            "ComplaintStats", "api.complaint_statistics", (), ("complaints", "statistics")),
)  # fmt: skip


def download_url(download: Download) -> str | None:
    """The absolute address of a download, or None when no package serves it in this app."""
    if download.endpoint not in current_app.view_functions:
        return None
    return public_base() + url_for(download.endpoint, **download.values)


def api_url(dataset: Dataset) -> str:
    return public_base() + url_for(dataset.api_endpoint)


def dictionary(document: dict[str, Any], schema: str) -> list[dict[str, Any]]:
    """A dataset's fields from the OpenAPI document: name, type, format, codes, description."""
    properties = document["components"]["schemas"][schema].get("properties", {})
    rows = []
    for name, spec in properties.items():
        types = _types(spec)
        rows.append(
            {
                "name": name,
                "type": " | ".join(t for t in types if t),
                "format": spec.get("format", spec.get("pattern", "")),
                "codes": [v for v in spec.get("enum", []) if v is not None],
                "description": spec.get("description", ""),
            }
        )
    return rows


def _types(spec: dict[str, Any]) -> list[str]:
    """A property's JSON types: its `type`, an enum's values' types, or a nested object's."""
    kind = spec.get("type")
    if kind is not None:
        return [kind] if isinstance(kind, str) else list(kind)
    if "$ref" in spec:
        return ["object"]
    if "enum" in spec:
        found = {"null" if v is None else "string" for v in spec["enum"]}
        return sorted(found, key=lambda t: t == "null")
    choices = spec.get("anyOf") or spec.get("oneOf") or spec.get("allOf") or []
    return [t for choice in choices for t in _types(choice)]


def _both(text: Any) -> list[dict[str, str]]:
    values = []
    for language in ("zh", "en"):
        with force_locale(language):
            values.append({"@value": str(text), "@language": language})
    return values


def bundle_url(name: str) -> str:
    return public_base() + url_for("data.bundle_download", name=name)


def _bundles_dataset(base: str, bundles: Sequence[Any]) -> dict[str, Any]:
    """The bulk downloads as one DCAT dataset with a ZIP distribution per bundle."""
    return {
        "@id": f"{base}/data/#bundles",
        "@type": "dcat:Dataset",
        "dct:identifier": "bundles",
        "dct:title": _both(_l("Bulk downloads")),
        "dct:description": _both(
            _l(
                "Every dataset as CSV and JSON in one ZIP, for everything and per year, with the "
                "data dictionary, a README and SHA-256 checksums."
            )
        ),  # fmt: skip
        "dcat:keyword": ["bulk", "download"],
        "dct:license": {"@id": LICENCE_URL},
        "dcat:landingPage": {"@id": f"{base}/data/#bundles"},
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": bundle.name,
                "dcat:downloadURL": {"@id": bundle_url(bundle.name)},
                "dcat:mediaType": "application/zip",
                "dcat:byteSize": bundle.size,
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": {"@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"},
                    "spdx:checksumValue": bundle.sha256,
                },
                "dct:modified": {"@value": bundle.modified.isoformat(), "@type": "xsd:dateTime"},
                "dct:license": {"@id": LICENCE_URL},
            }
            for bundle in bundles
        ],
    }


def dcat_catalogue(modified: datetime | None, bundles: Sequence[Any] = ()) -> dict[str, Any]:
    """The catalogue as DCAT (JSON-LD), for CKAN's DCAT harvester and data.gov-style portals."""
    base = public_base()
    licence = {"@id": LICENCE_URL}
    stamp = modified.isoformat() if modified else None
    datasets = []
    for dataset in DATASETS:
        distributions = [
            {"@type": "dcat:Distribution", "dcat:accessURL": {"@id": api_url(dataset)},
             "dcat:mediaType": "application/json", "dct:format": "JSON (API)",
             "dct:license": licence}
        ]  # fmt: skip
        for download in dataset.downloads:
            if (url := download_url(download)) is not None:
                distributions.append(
                    {"@type": "dcat:Distribution", "dcat:downloadURL": {"@id": url},
                     "dcat:mediaType": download.media_type, "dct:license": licence}
                )  # fmt: skip
        entry = {
            "@id": f"{base}/data/#{dataset.id}",
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.id,
            "dct:title": _both(dataset.title),
            "dct:description": _both(dataset.description),
            "dcat:keyword": list(dataset.keywords),
            "dct:license": licence,
            "dcat:landingPage": {"@id": f"{base}/data/#{dataset.id}"},
            "dcat:distribution": distributions,
        }
        if stamp:
            entry["dct:modified"] = {"@value": stamp, "@type": "xsd:dateTime"}
        datasets.append(entry)
    if bundles:
        datasets.append(_bundles_dataset(base, bundles))
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "spdx": "http://spdx.org/rdf/terms#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": f"{base}/data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": _both(_l("Liaison Office Transparency Portal")),
        "dct:description": _both(_l("Open data of the portal: demonstration data.")),
        "dct:publisher": {"@type": "foaf:Organization",
                          "foaf:name": _both(_l("Liaison Office Transparency Portal"))},
        "dct:license": licence,
        "foaf:homepage": {"@id": f"{base}/"},
        "dcat:dataset": datasets,
    }  # fmt: skip
