"""The document kinds: one small function per kind turns a row into a Document.

Never a complaint and never personal data: only what the portal already publishes. Every
coded value is indexed with its Chinese and English labels (`search.labels.bilingual`); an
office carries its findings, a reception its breaches of the standard (`read_findings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from disclosures.labels import (
    AUDIENCE_LABELS,
    CATEGORY_LABELS,
    PAYMENT_LABELS,
    PROCUREMENT_LABELS,
    PROVIDER_KIND_LABELS,
)
from disclosures.models import (
    Budget,
    BudgetLine,
    Contract,
    OfficeProvider,
    Provider,
    Publication,
    ReceptionRecord,
    ReceptionStandard,
    ServiceListing,
)
from portal.findings import findings_by_office_id
from portal.labels import FUNCTION_LABELS, STATUS_LABELS
from portal.models import Government, Office, OfficeFunctionAssignment
from portal.oversight.labels import RESULT_LABELS
from portal.oversight.models import Inspection, InspectionStatus
from portal.rules import Finding
from search.documents import Document, Part, Places, document_kind
from search.labels import bilingual
from search.parts import (
    coded,
    day,
    finding_part,
    government_parts,
    kind_part,
    office_part,
    office_record,
    over_standard,
    over_standard_part,
    provider_parts,
    quoted_findings,
)
from search.relations import (
    FINDINGS_TABLE,
    by_office,
    by_provider,
    findings_of,
    in_province,
    office_siblings,
    offices_buying_from,
)

_MARKDOWN = re.compile(r"[#*_`>\[\]()|~-]+")


# -- findings -----------------------------------------------------------------------------
def read_findings(db, office_ids: Iterable[int]) -> dict[int, list[Finding]]:
    """Every finding about some offices, by office id: the one place search reads findings.

    From the `finding` table (issue 14), which the findings sync keeps; the sync tells search
    which offices' rows changed (`outbox.findings_changed`), so those offices and their records
    are indexed again, the daily changes of the dated rules included.
    """
    return dict(findings_by_office_id(db, office_ids))


def _prepare_findings(db, rows: list, places: Places) -> None:
    """Load the findings of a batch's offices once (kept in `places.cache` for the batch)."""
    cache = places.cache.setdefault("findings", {})
    wanted = {row.id if isinstance(row, Office) else row.office_id for row in rows}
    cache.update(read_findings(db, wanted - cache.keys()))


def _findings(places: Places, office_id: int) -> list[Finding]:
    return places.cache.get("findings", {}).get(office_id, [])


def _reception_findings(record: ReceptionRecord, places: Places) -> list[Finding]:
    """The office's findings that name this reception: R6 by its reference and date, R10 by
    its provider."""
    uscc = record.provider.uscc if record.provider else None
    return [
        finding
        for finding in _findings(places, record.office_id)
        if (
            finding.rule == "R6"
            and finding.facts.get("reference") == record.reference
            # a date from the rules, ISO text from the finding table's JSON: compared as text
            and str(finding.facts.get("received_on")) == record.received_on.isoformat()
        )
        or (finding.rule == "R10" and uscc and finding.facts.get("provider_uscc") == uscc)
    ]


# -- the kinds ----------------------------------------------------------------------------
@document_kind("government", Government, names=(Government.name_zh, Government.capital_zh))
def government_document(government: Government, places: Places) -> Document:
    province = places.province_code(government.id)
    return Document(
        "government",
        str(government.id),
        government.name_zh,
        government.name("en"),
        parts=(
            *government_parts(places, government.id, "name"),
            Part("code", government.code),
            kind_part("government"),
        ),
        ref=government.code,
        host=province,
        est=province,
        names=(government.name_zh, government.capital_zh or ""),
    )


@document_kind(
    "office",
    Office,
    names=(Office.name_zh, Office.department_zh),
    options=(selectinload(Office.functions),),
    watch={
        OfficeFunctionAssignment: lambda row: [("office", row.office_id)],
        ReceptionRecord: findings_of(lambda row: row.office_id),
        Contract: findings_of(lambda row: row.office_id),
        Publication: findings_of(lambda row: row.office_id),
        Inspection: findings_of(lambda row: row.office_id),
        ReceptionStandard: lambda row: [("province_standard", row.province_id)],
    },
    related={
        "government": lambda db, keys: select(Office.id).where(
            or_(Office.establishing_government_id.in_(keys), Office.host_province_id.in_(keys))
        ),
        "office": office_siblings,
        "office_findings": lambda db, keys: select(Office.id).where(Office.id.in_(keys)),
        FINDINGS_TABLE: lambda db, keys: select(Office.id).where(Office.id.in_(keys)),
        "province_standard": lambda db, keys: select(Office.id).where(
            Office.host_province_id.in_(keys)
        ),
        "provider": offices_buying_from,
    },
    prepare=_prepare_findings,
)
def office_document(office: Office, places: Places) -> Document:
    findings = _findings(places, office.id)
    return Document(
        "office",
        str(office.id),
        office.name_zh,
        office.name("en"),
        parts=tuple(
            part
            for part in (
                Part("name", office.name_zh, office.name_en or ""),
                Part("department", office.department_zh or "", office.department_en or ""),
                *government_parts(places, office.establishing_government_id, "government"),
                *government_parts(places, office.host_province_id, "host"),
                *coded("status", STATUS_LABELS, office.status),
                *(
                    p
                    for code in office.function_codes
                    for p in coded("functions", FUNCTION_LABELS, code)
                ),
                Part("approval", office.approval_reference or ""),
                Part("address", office.address or ""),
                *([over_standard_part()] if over_standard(findings) else []),
                *quoted_findings(findings),
                kind_part("office"),
            )
            if part.zh or part.en
        ),
        ref=office.slug,
        office_ref=office.slug,
        host=places.code(office.host_province_id),
        est=places.province_code(office.establishing_government_id),
        names=(office.name_zh, office.department_zh or ""),
        day=day(office.established_on),
        rules=tuple(sorted({finding.rule for finding in findings})),
    )


@document_kind(
    "budget",
    Budget,
    options=(joinedload(Budget.office), selectinload(Budget.lines)),
    watch={BudgetLine: lambda line: [("budget", line.budget_id)]},
    related={"office": by_office(Budget)},
)
def budget_document(budget: Budget, places: Places) -> Document:
    office = budget.office
    lines = []
    for line in budget.lines:
        zh, en = bilingual(CATEGORY_LABELS, line.category)
        yuan = f"{line.planned_fen // 100:,}"
        lines.append(Part("category", f"{zh} {yuan} 元", f"{en} {yuan} yuan"))
    return office_record(
        "budget",
        budget,
        places,
        title_zh=f"{office.name_zh} {budget.year}年接待预算",
        title_en=f"{office.name('en')}: reception budget {budget.year}",
        parts=[
            office_part(office),
            Part("budget", f"{budget.year}年接待预算", f"reception budget {budget.year}"),
            *lines,
        ],
        year=str(budget.year),
        day=day(date(budget.year, 1, 1)),
        amount=sum(line.planned_fen for line in budget.lines),
    )


@document_kind(
    "provider",
    Provider,
    names=(Provider.name_zh, Provider.city),
    watch={OfficeProvider: lambda row: [("provider", row.provider_id)]},
)
def provider_document(provider: Provider, places: Places) -> Document:
    return Document(
        "provider",
        str(provider.id),
        provider.name_zh,
        provider.name("en"),
        parts=tuple(
            part
            for part in (
                Part("name", provider.name_zh, provider.name_en or ""),
                Part("uscc", provider.uscc),
                Part("city", provider.city or ""),
                *coded("provider_kind", PROVIDER_KIND_LABELS, provider.kind),
                *government_parts(places, provider.province_id, "province")[:1],
                kind_part("provider"),
            )
            if part.zh or part.en
        ),
        ref=provider.uscc,
        host=places.code(provider.province_id),
        names=(provider.name_zh, provider.city or ""),
    )


@document_kind(
    "contract",
    Contract,
    plain=("office", "provider"),
    options=(joinedload(Contract.office), joinedload(Contract.provider)),
    related={
        "office": by_office(Contract),
        "provider": by_provider(Contract),
        FINDINGS_TABLE: by_office(Contract),  # R10 names contracts
    },
    prepare=_prepare_findings,
)
def contract_document(contract: Contract, places: Places) -> Document:
    office, provider = contract.office, contract.provider
    own = [
        f
        for f in _findings(places, contract.office_id)
        if f.rule == "R10" and f.facts.get("provider_uscc") == provider.uscc
    ]
    return office_record(
        "contract",
        contract,
        places,
        title_zh=f"{office.name_zh} — {provider.name_zh}（{contract.year}）",
        title_en=f"{office.name('en')} — {provider.name('en')} ({contract.year})",
        parts=[
            Part("services", contract.services or ""),
            *coded("category", CATEGORY_LABELS, contract.category),
            *coded("method", PROCUREMENT_LABELS, contract.procurement_method),
            Part("reference", contract.reference),
            *provider_parts(provider),
            office_part(office),
            *(finding_part(finding) for finding in own),
        ],
        year=str(contract.year),
        day=day(contract.starts_on),
        amount=contract.amount_fen,
        rules=("R10",) if own else (),
    )


@document_kind(
    "service",
    ServiceListing,
    plain=("office",),
    options=(joinedload(ServiceListing.office),),
    related={"office": by_office(ServiceListing)},
)
def service_document(listing: ServiceListing, places: Places) -> Document:
    office = listing.office
    return office_record(
        "service",
        listing,
        places,
        title_zh=listing.title,
        title_en=listing.title,
        parts=[
            Part("title", listing.title),
            Part("description", listing.description or ""),
            Part("channel", listing.channel or ""),
            *coded("audience", AUDIENCE_LABELS, listing.audience),
            office_part(office),
        ],
        year=str(listing.year),
        day=day(date(listing.year, 1, 1)),
    )


@document_kind(
    "reception",
    ReceptionRecord,
    plain=("office", "provider"),
    options=(joinedload(ReceptionRecord.office), joinedload(ReceptionRecord.provider)),
    watch={ReceptionStandard: lambda row: [("province_standard", row.province_id)]},
    related={
        "office": by_office(ReceptionRecord),
        "provider": by_provider(ReceptionRecord),
        "province_standard": in_province(ReceptionRecord),
        "government": in_province(ReceptionRecord),  # the standard's province is named
        FINDINGS_TABLE: by_office(ReceptionRecord),  # R6 and R10 name receptions
    },
    prepare=_prepare_findings,
)
def reception_document(record: ReceptionRecord, places: Places) -> Document:
    office, provider = record.office, record.provider
    when = record.received_on.isoformat()
    findings = _reception_findings(record, places)
    over = over_standard(findings)
    return office_record(
        "reception",
        record,
        places,
        title_zh=f"{office.name_zh} 接待 {record.visiting_party}（{when}）",
        title_en=f"{office.name('en')}: reception of {record.visiting_party} ({when})",
        parts=[
            Part("visitors", record.visiting_party),
            Part("purpose", record.purpose),
            *([over_standard_part()] if over else []),
            *(finding_part(finding) for finding in findings),
            Part("reference", record.reference),
            *coded("payment", PAYMENT_LABELS, record.payment_method),
            *provider_parts(provider),
            office_part(office),
        ],
        year=str(record.year),
        day=day(record.received_on),
        amount=record.total_fen,
        rules=tuple(sorted({finding.rule for finding in findings})),
        over=over,
    )


@document_kind(
    "inspection",
    Inspection,
    options=(joinedload(Inspection.office),),
    related={"office": by_office(Inspection)},
)
def inspection_document(inspection: Inspection, places: Places) -> Document | None:
    if inspection.status != InspectionStatus.PUBLISHED:
        return None  # a draft is nobody's business yet
    office = inspection.office
    when = inspection.inspected_on.isoformat()
    return office_record(
        "inspection",
        inspection,
        places,
        title_zh=f"{office.name_zh} 检查（{when}）",
        title_en=f"{office.name('en')}: inspection ({when})",
        parts=[
            *coded("result", RESULT_LABELS, inspection.result),
            Part("findings", _MARKDOWN.sub(" ", inspection.findings_markdown)),
            *government_parts(places, inspection.inspecting_government_id, "inspector")[:1],
            office_part(office),
        ],
        ref=str(inspection.id),
        year=str(inspection.inspected_on.year),
        day=day(inspection.inspected_on),
    )
