"""The document kinds: one small function per kind turns a row into a Document.

Never a complaint and never personal data: only what the portal already publishes.
"""

from __future__ import annotations

import re

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from disclosures.models import (
    Budget,
    BudgetLine,
    Contract,
    OfficeProvider,
    Provider,
    ReceptionRecord,
    ServiceListing,
)
from portal.models import Government, Office, OfficeFunctionAssignment
from portal.oversight.models import Inspection, InspectionStatus
from search.documents import Document, Places, document_kind, join

_MARKDOWN = re.compile(r"[#*_`>\[\]()|~-]+")

CATEGORY = {
    "accommodation": "住宿 accommodation",
    "dining": "餐饮 dining",
    "vehicles": "用车 vehicles",
    "venues": "场地 venues",
    "other": "其他 other",
}
PROVIDER_KIND = {
    "hotel": "酒店 宾馆 hotel",
    "restaurant": "餐厅 饭店 restaurant",
    "vehicle_rental": "汽车租赁 vehicle rental",
    "venue": "会议场地 venue",
    "other": "其他 other",
}
STATUS = {
    "operating": "运行中 operating",
    "pending_approval": "待批准 pending approval",
    "closing": "撤销中 closing",
    "closed": "已撤销 closed",
}


def _office_record(
    kind: str,
    row,
    places: Places,
    *,
    title_zh: str,
    title_en: str,
    text: str,
    year: int,
    ref: str = "",
) -> Document:
    """A document about one of an office's records (budget, contract, listing, reception,
    inspection): keyed by the row, with the office's slug and provinces for links and facets."""
    office = row.office
    return Document(
        kind=kind,
        key=str(row.id),
        title_zh=title_zh,
        title_en=title_en,
        text=text,
        ref=ref,
        office_ref=office.slug,
        host=places.code(office.host_province_id),
        est=places.province_code(office.establishing_government_id),
        year=str(year),
    )


def _named_record(kind: str, row, **fields) -> Document:
    """A document about a register entry titled by its own names (government, office, provider)."""
    return Document(kind, str(row.id), row.name_zh, row.name("en"), **fields)


def _office_words(office: Office) -> list[str]:
    return [office.name_zh, office.name_en or ""]


@document_kind(
    "government",
    Government,
    related={},
)
def government_document(government: Government, places: Places) -> Document:
    province = places.province_code(government.id)
    return _named_record(
        "government",
        government,
        text=join(*places.names(government.id), government.code),
        ref=government.code,
        host=province,
        est=province,
        names=(government.name_zh, government.capital_zh or ""),
    )


@document_kind(
    "office",
    Office,
    options=(selectinload(Office.functions),),
    watch={OfficeFunctionAssignment: lambda row: [("office", row.office_id)]},
    related={
        "government": lambda db, keys: select(Office.id).where(
            or_(Office.establishing_government_id.in_(keys), Office.host_province_id.in_(keys))
        )
    },
)
def office_document(office: Office, places: Places) -> Document:
    functions = " ".join(code.value.replace("_", " ") for code in office.function_codes)
    return _named_record(
        "office",
        office,
        text=join(
            office.name_zh,
            office.name_en,
            office.department_zh,
            office.department_en,
            *places.names(office.establishing_government_id),
            *places.names(office.host_province_id),
            STATUS.get(office.status.value, ""),
            functions,
            office.approval_reference,
            office.address,
        ),
        ref=office.slug,
        office_ref=office.slug,
        host=places.code(office.host_province_id),
        est=places.province_code(office.establishing_government_id),
        names=(office.name_zh, office.department_zh or ""),
    )


def _by_office(model):
    return lambda db, keys: select(model.id).where(model.office_id.in_(keys))


def _by_provider(model):
    return lambda db, keys: select(model.id).where(model.provider_id.in_(keys))


@document_kind(
    "budget",
    Budget,
    options=(joinedload(Budget.office), selectinload(Budget.lines)),
    watch={BudgetLine: lambda line: [("budget", line.budget_id)]},
    related={"office": _by_office(Budget)},
)
def budget_document(budget: Budget, places: Places) -> Document:
    office = budget.office
    lines = [
        f"{CATEGORY.get(line.category.value, '')} {line.planned_fen // 100}"
        for line in budget.lines
    ]
    return _office_record(
        "budget",
        budget,
        places,
        title_zh=f"{office.name_zh} {budget.year}年接待预算",
        title_en=f"{office.name('en')}: reception budget {budget.year}",
        text=join(*_office_words(office), "接待预算 reception budget", budget.year, *lines),
        year=budget.year,
    )


@document_kind(
    "provider",
    Provider,
    options=(),
    watch={OfficeProvider: lambda row: [("provider", row.provider_id)]},
)
def provider_document(provider: Provider, places: Places) -> Document:
    return _named_record(
        "provider",
        provider,
        text=join(
            provider.name_zh,
            provider.name_en,
            provider.uscc,
            provider.city,
            PROVIDER_KIND.get(provider.kind.value, ""),
            *places.names(provider.province_id)[:2],
        ),
        ref=provider.uscc,
        host=places.code(provider.province_id),
        names=(provider.name_zh, provider.city or ""),
    )


@document_kind(
    "contract",
    Contract,
    options=(joinedload(Contract.office), joinedload(Contract.provider)),
    related={"office": _by_office(Contract), "provider": _by_provider(Contract)},
)
def contract_document(contract: Contract, places: Places) -> Document:
    office, provider = contract.office, contract.provider
    return _office_record(
        "contract",
        contract,
        places,
        title_zh=f"{office.name_zh} — {provider.name_zh}（{contract.year}）",
        title_en=f"{office.name('en')} — {provider.name('en')} ({contract.year})",
        text=join(
            *_office_words(office),
            provider.name_zh,
            provider.name_en,
            provider.uscc,
            contract.reference,
            contract.services,
            CATEGORY.get(contract.category.value, ""),
            contract.procurement_method.value.replace("_", " "),
            "合同 contract",
        ),
        year=contract.year,
    )


@document_kind(
    "service",
    ServiceListing,
    options=(joinedload(ServiceListing.office),),
    related={"office": _by_office(ServiceListing)},
)
def service_document(listing: ServiceListing, places: Places) -> Document:
    office = listing.office
    return _office_record(
        "service",
        listing,
        places,
        title_zh=listing.title,
        title_en=listing.title,
        text=join(listing.title, listing.description, listing.channel, *_office_words(office)),
        year=listing.year,
    )


@document_kind(
    "reception",
    ReceptionRecord,
    options=(joinedload(ReceptionRecord.office), joinedload(ReceptionRecord.provider)),
    related={"office": _by_office(ReceptionRecord), "provider": _by_provider(ReceptionRecord)},
)
def reception_document(record: ReceptionRecord, places: Places) -> Document:
    office, provider = record.office, record.provider
    when = record.received_on.isoformat()
    return _office_record(
        "reception",
        record,
        places,
        title_zh=f"{office.name_zh} 接待 {record.visiting_party}（{when}）",
        title_en=f"{office.name('en')}: reception of {record.visiting_party} ({when})",
        text=join(
            record.visiting_party,
            record.purpose,
            record.reference,
            *_office_words(office),
            provider.name_zh if provider else "",
            provider.uscc if provider else "",
            "公务接待 reception",
        ),
        year=record.year,
    )


RESULT = {
    "compliant": "合规 compliant",
    "rectification_required": "限期整改 rectification required",
    "ordered_to_close": "责令撤销 ordered to close",
}


@document_kind(
    "inspection",
    Inspection,
    options=(joinedload(Inspection.office),),
    related={"office": _by_office(Inspection)},
)
def inspection_document(inspection: Inspection, places: Places) -> Document | None:
    if inspection.status != InspectionStatus.PUBLISHED:
        return None  # a draft is nobody's business yet
    office = inspection.office
    when = inspection.inspected_on.isoformat()
    return _office_record(
        "inspection",
        inspection,
        places,
        title_zh=f"{office.name_zh} 检查（{when}）",
        title_en=f"{office.name('en')}: inspection ({when})",
        text=join(
            *_office_words(office),
            *places.names(inspection.inspecting_government_id)[:2],
            RESULT.get(inspection.result.value, inspection.result.value.replace("_", " ")),
            _MARKDOWN.sub(" ", inspection.findings_markdown),
            "检查 inspection",
        ),
        ref=str(inspection.id),
        year=inspection.inspected_on.year,
    )
