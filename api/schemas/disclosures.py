"""Schemas of the disclosures: the five kinds of published record (the same columns as the CSV and
JSON exports), reception standards, and providers with their money."""

from __future__ import annotations

from marshmallow import Schema, fields

from api.schemas.common import OfficeRefSchema, described, enum_field, yuan_field
from disclosures.models import (
    BudgetCategory,
    PaymentMethod,
    ProcurementMethod,
    ProviderKind,
    ServiceAudience,
)

FEN = "Integer fen (1/100 yuan)."
YUAN = "The same amount in yuan, as an exact decimal string."
USCC = {"pattern": "^[0-9A-Z]{18}$"}


def fen(description: str = FEN, **kwargs) -> fields.Integer:
    return fields.Integer(metadata=described(description), **kwargs)


def yuan(**kwargs) -> fields.String:
    return fields.String(metadata=described(YUAN, pattern=r"^-?[0-9]+\.[0-9]{2}$"), **kwargs)


class DisclosureRecordSchema(Schema):
    """What every published record names: the office, its host province, the year."""

    office_slug = fields.String(required=True)
    office_name_zh = fields.String(required=True)
    office_name_en = fields.String(allow_none=True)
    host_province_code = fields.String(required=True, metadata=described("6-digit code."))
    year = fields.Integer(required=True)


class BudgetLineSchema(DisclosureRecordSchema):
    """One category of an office's published reception budget for a year."""

    category = enum_field(BudgetCategory, "accommodation, dining, vehicles, venues or other.")
    revision = fields.Integer(metadata=described("The budget's revision (1: first publication)."))
    published_at = fields.DateTime(metadata=described("When this revision was published (UTC)."))
    planned_fen = fen()
    planned_yuan = yuan()
    actual_fen = fen("Spent, integer fen; null until known.", allow_none=True)
    actual_yuan = yuan(allow_none=True)


class ProviderListingSchema(DisclosureRecordSchema):
    """A provider on an office's published list of service providers for a year."""

    uscc = fields.String(metadata=described("Unified social credit code.", **USCC))
    provider_name_zh = fields.String()
    provider_name_en = fields.String(allow_none=True)
    provider_kind = enum_field(ProviderKind)
    city = fields.String(allow_none=True)
    services = fields.String(allow_none=True)
    owner_government_code = fields.String(
        allow_none=True, metadata=described("The government that owns the provider, if any.")
    )


class ContractSchema(DisclosureRecordSchema):
    """A published contract between an office and a provider."""

    reference = fields.String()
    provider_uscc = fields.String(metadata=described("Unified social credit code.", **USCC))
    provider_name_zh = fields.String()
    provider_name_en = fields.String(allow_none=True)
    category = enum_field(BudgetCategory)
    services = fields.String(allow_none=True)
    procurement_method = enum_field(ProcurementMethod)
    starts_on = fields.Date()
    ends_on = fields.Date()
    amount_fen = fen()
    amount_yuan = yuan()


class ServiceSchema(DisclosureRecordSchema):
    """A service an office offers the public (description in Markdown)."""

    position = fields.Integer()
    title = fields.String()
    audience = enum_field(ServiceAudience)
    channel = fields.String(allow_none=True)
    description = fields.String(metadata=described("Markdown."))


COSTS = ("accommodation", "dining", "vehicles", "venues", "other", "total")


class ReceptionSchema(DisclosureRecordSchema):
    """A published business reception: who came, how many, what it cost by category."""

    reference = fields.String()
    received_on = fields.Date()
    visiting_party = fields.String()
    purpose = fields.String()
    guests = fields.Integer()
    hosts = fields.Integer()
    nights = fields.Integer()
    work_meals = fields.Integer()
    provider_uscc = fields.String(allow_none=True)
    payment_method = enum_field(PaymentMethod)
    letter_reference = fields.String(allow_none=True)
    approval_reference = fields.String(allow_none=True)
    standard_applied = fields.String(allow_none=True)
    reception_list_reference = fields.String(allow_none=True)
    accommodation_fen = fen()
    accommodation_yuan = yuan()
    dining_fen = fen()
    dining_yuan = yuan()
    vehicles_fen = fen()
    vehicles_yuan = yuan()
    venues_fen = fen()
    venues_yuan = yuan()
    other_fen = fen()
    other_yuan = yuan()
    total_fen = fen("All costs together, integer fen.")
    total_yuan = yuan()


EXPORT_SCHEMAS = {
    "budgets": BudgetLineSchema,
    "providers": ProviderListingSchema,
    "contracts": ContractSchema,
    "services": ServiceSchema,
    "receptions": ReceptionSchema,
}
"""Each kind of disclosures.exports and its schema (a test checks they have the same columns)."""


class StandardSchema(Schema):
    """A province's reception standard for a year: the caps a reception is judged against."""

    province_code = fields.String(attribute="province.code", metadata=described("6-digit code."))
    province_zh = fields.String(attribute="province.name_zh")
    province_en = fields.String(attribute="province.name_en", allow_none=True)
    year = fields.Integer()
    night_cap_fen = fen("Accommodation cap per guest per night, integer fen.")
    night_cap_yuan = yuan_field("night_cap_fen", YUAN)
    meal_cap_fen = fen("Dining cap per person per meal, integer fen.")
    meal_cap_yuan = yuan_field("meal_cap_fen", YUAN)
    max_work_meals = fields.Integer()
    max_hosts_small = fields.Integer(metadata=described("Most hosts for a small group."))
    small_group_guests = fields.Integer(metadata=described("Guests up to which a group is small."))
    host_ratio = fields.Integer(metadata=described("Beyond: at most one host per this many."))
    cash_allowed = fields.Boolean()
    reference = fields.String(allow_none=True)


class ProviderSchema(Schema):
    """A company that sells reception services, with its totals across offices."""

    uscc = fields.String(attribute="provider.uscc", metadata=described("Credit code.", **USCC))
    name_zh = fields.String(attribute="provider.name_zh")
    name_en = fields.String(attribute="provider.name_en", allow_none=True)
    kind = enum_field(ProviderKind, attribute="provider.kind")
    city = fields.String(attribute="provider.city", allow_none=True)
    province_code = fields.String(attribute="province_code", allow_none=True)
    contracts = fields.Integer(metadata=described("How many contracts it holds."))
    offices = fields.Integer(metadata=described("How many offices contract with it."))
    amount_fen = fen("Its contracts together, integer fen.")
    amount_yuan = yuan_field("amount_fen", YUAN)
    url = fields.String(metadata=described("The provider's page.", format="uri"))


class ProviderOfficeSchema(Schema):
    office = fields.Nested(OfficeRefSchema)
    years = fields.List(fields.Integer(), metadata=described("Years the office listed it."))
    contracts = fields.Integer()
    contract_fen = fen()
    receptions = fields.Integer()
    reception_fen = fen()


class ProviderYearSchema(Schema):
    year = fields.Integer()
    contracts = fields.Integer()
    contract_fen = fen()
    receptions = fields.Integer()
    reception_fen = fen()


class ProviderContractSchema(Schema):
    office = fields.Nested(OfficeRefSchema)
    year = fields.Integer()
    reference = fields.String()
    category = enum_field(BudgetCategory)
    services = fields.String(allow_none=True)
    procurement_method = enum_field(ProcurementMethod)
    starts_on = fields.Date()
    ends_on = fields.Date()
    amount_fen = fen()
    amount_yuan = yuan_field("amount_fen", YUAN)


class ProviderDetailSchema(ProviderSchema):
    """One provider: where its money comes from, by office and by year, and every contract."""

    owner_government_code = fields.String(allow_none=True)
    by_office = fields.List(fields.Nested(ProviderOfficeSchema))
    by_year = fields.List(fields.Nested(ProviderYearSchema))
    contract_list = fields.List(fields.Nested(ProviderContractSchema))
