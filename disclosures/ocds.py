"""Contracts as Open Contracting Data Standard 1.1 release packages (one release per contract)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from disclosures.exports import ExportFilter
from disclosures.models import Contract, ProcurementMethod, Provider, Publication
from portal.clock import CHINA, today_in_china, utcnow
from portal.models import Government, Office

OCID_PREFIX = "ocds-lotp00"
"""The default ocid prefix (PORTAL_OCID_PREFIX sets another). Not registered with the Open
Contracting Partnership (demonstration data)."""

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
"""The licence of every package: CC BY 4.0, the licence of all the portal's open data."""

POLICY_PATH = "/data/#ocds"
"""Where the data catalogue states how and when contracts are published as OCDS."""


def ocid_prefix() -> str:
    """The configured ocid prefix (PORTAL_OCID_PREFIX), or the default one."""
    return str(current_app.config.get("OCID_PREFIX") or OCID_PREFIX)


USCC_SCHEME = "CN-SAIC"
"""org-id.guide scheme of the unified social credit code."""

METHODS = {
    ProcurementMethod.OPEN_TENDER: "open",
    ProcurementMethod.INVITED_TENDER: "selective",
    ProcurementMethod.COMPETITIVE_NEGOTIATION: "selective",
    ProcurementMethod.COMPETITIVE_CONSULTATION: "selective",
    ProcurementMethod.INQUIRY: "selective",
    ProcurementMethod.FRAMEWORK_AGREEMENT: "selective",
    ProcurementMethod.SINGLE_SOURCE: "direct",
}
"""Chinese government procurement methods mapped onto the closed OCDS `method` codelist; the
method itself is kept in `procurementMethodDetails`."""

METHOD_DETAILS = {
    ProcurementMethod.OPEN_TENDER: "公开招标 (open tender)",
    ProcurementMethod.INVITED_TENDER: "邀请招标 (invited tender)",
    ProcurementMethod.COMPETITIVE_NEGOTIATION: "竞争性谈判 (competitive negotiation)",
    ProcurementMethod.COMPETITIVE_CONSULTATION: "竞争性磋商 (competitive consultation)",
    ProcurementMethod.INQUIRY: "询价 (request for quotations)",
    ProcurementMethod.FRAMEWORK_AGREEMENT: "协议供货 (framework agreement)",
    ProcurementMethod.SINGLE_SOURCE: "单一来源 (single source)",
}


def ocds_datetime(day: date | datetime) -> str:
    """A date at midnight China time, or an instant in UTC, as RFC 3339."""
    if isinstance(day, datetime):
        return day.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return datetime.combine(day, time(0, 0), CHINA).isoformat()


def _amount(fen: int) -> float:
    # JSON numbers: yuan with two decimals; Python prints the shortest exact-looking form.
    return float(Decimal(int(fen)) / 100)


def contract_release(row: Any, base_url: str) -> dict[str, Any]:
    """One contract (a row of `contract_rows`) as an OCDS release with tag "contract".

    The ocid is stable across corrections (office, year and contract reference); the release id
    adds the revision, so a corrected contract is a new release of the same process.
    """
    ocid = f"{ocid_prefix()}-{row.office_slug}-{row.year}-{row.reference}"
    buyer = {"id": f"office-{row.office_slug}", "name": row.office_name_zh}
    supplier = {"id": f"{USCC_SCHEME}-{row.uscc}", "name": row.provider_name_zh}
    value = {"amount": _amount(row.amount_fen), "currency": "CNY"}
    period = {
        "startDate": ocds_datetime(row.starts_on),
        "endDate": ocds_datetime(row.ends_on),
    }
    return {
        "ocid": ocid,
        "id": f"{ocid}-r{row.revision}",
        "date": ocds_datetime(row.published_at),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "zh",
        "parties": [
            {
                **buyer,
                "roles": ["buyer", "procuringEntity"],
                "address": {"region": row.host_province_zh, "countryName": "中国"},
                "details": {"url": f"{base_url}/offices/{row.office_slug}"},
            },
            {
                **supplier,
                "roles": ["supplier"],
                "identifier": {
                    "scheme": USCC_SCHEME,
                    "id": row.uscc,
                    "legalName": row.provider_name_zh,
                },
                "address": {"locality": row.city or "", "countryName": "中国"},
            },
        ],
        "buyer": buyer,
        "tender": {
            "id": f"{ocid}-tender",
            "procurementMethod": METHODS[row.procurement_method],
            "procurementMethodDetails": METHOD_DETAILS[row.procurement_method],
            "mainProcurementCategory": "services",
            "status": "complete",
        },
        "awards": [
            {
                "id": f"{ocid}-award",
                "status": "active",
                "suppliers": [supplier],
                "value": value,
                "contractPeriod": period,
            }
        ],
        "contracts": [
            {
                "id": f"{ocid}-contract",
                "awardID": f"{ocid}-award",
                "title": row.services or row.reference,
                "status": "active" if row.ends_on >= today_in_china() else "terminated",
                "value": value,
                "period": period,
            }
        ],
    }


def contract_rows(db: Session, filters: ExportFilter):
    """The published contracts matching the export filters, with what a release needs."""
    host = aliased(Government)
    statement = (
        select(
            Office.slug.label("office_slug"),
            Office.name_zh.label("office_name_zh"),
            host.name_zh.label("host_province_zh"),
            Contract.year,
            Contract.reference,
            Contract.services,
            Contract.amount_fen,
            Contract.procurement_method,
            Contract.starts_on,
            Contract.ends_on,
            Provider.uscc,
            Provider.name_zh.label("provider_name_zh"),
            Provider.city,
            Publication.revision,
            Publication.published_at,
        )
        .select_from(Contract)
        .join(Office, Office.id == Contract.office_id)
        .join(host, host.id == Office.host_province_id)
        .join(Provider, Provider.id == Contract.provider_id)
        .join(Publication, Publication.id == Contract.publication_id)
    )
    statement = filters.apply(statement, Contract)
    statement = statement.order_by(Contract.year, Office.slug, Contract.reference)
    return db.execute(statement.execution_options(yield_per=1000))


def has_contracts(db: Session, filters: ExportFilter) -> bool:
    """Whether any published contract matches: OCDS forbids a package without releases."""
    return contract_rows(db, filters).first() is not None


def stream_release_package(
    db: Session, filters: ExportFilter, base_url: str, package_uri: str, publisher: str
) -> Iterator[str]:
    """The release package as JSON text in chunks: the package fields, then each release."""
    head = {
        "uri": package_uri,
        "version": "1.1",
        "publishedDate": ocds_datetime(utcnow()),
        "publisher": {"name": publisher, "uri": f"{base_url}/"},
        "license": LICENSE_URL,
        "publicationPolicy": base_url + POLICY_PATH,
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    yield opening + ', "releases": ['
    for number, row in enumerate(contract_rows(db, filters)):
        release = json.dumps(contract_release(row, base_url), ensure_ascii=False)
        yield ("\n" if number == 0 else ",\n") + release
    yield "\n]}\n"
