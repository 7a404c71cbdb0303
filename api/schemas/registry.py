"""Schemas of the registry: offices, governments with their complaint channels, the rules."""

from __future__ import annotations

from marshmallow import Schema, fields

from api.schemas.common import (
    FindingSchema,
    GovernmentRefSchema,
    OfficeRefSchema,
    described,
    enum_field,
)
from portal.models import OfficeFunction, OfficeKind, OfficeStatus


class ProvinceRefSchema(GovernmentRefSchema):
    """A provincial government with its capital, where offices are hosted."""

    capital_zh = fields.String(allow_none=True)
    capital_en = fields.String(allow_none=True)


class OfficeSchema(OfficeRefSchema):
    """A liaison office as the directory lists it, with its findings."""

    status = enum_field(OfficeStatus, "operating, pending_approval, closing or closed.")
    kind = enum_field(OfficeKind, "standing or special_mission.")
    mission_ends_on = fields.Date(allow_none=True)
    establishing_government = fields.Nested(GovernmentRefSchema)
    department_zh = fields.String(allow_none=True, metadata=described("The department, if any."))
    department_en = fields.String(allow_none=True)
    host_province = fields.Nested(ProvinceRefSchema)
    approving_government = fields.Nested(GovernmentRefSchema, allow_none=True)
    approved_on = fields.Date(allow_none=True)
    approval_reference = fields.String(allow_none=True)
    established_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    address = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    findings = fields.List(fields.Nested(FindingSchema))
    url = fields.String(metadata=described("The office's page.", format="uri"))


class OfficeDetailSchema(OfficeSchema):
    """One office: the directory's facts, its functions, findings and where its records are."""

    functions = fields.List(enum_field(OfficeFunction))
    disclosure_years = fields.List(
        fields.Integer(), metadata=described("Years with published disclosures, newest first.")
    )
    supervising_government = fields.Nested(GovernmentRefSchema, allow_none=True)
    links = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata=described("Addresses of this office's records in the API."),
    )


class ChannelSchema(Schema):
    """Where a government takes complaints."""

    phone = fields.String(attribute="contact_phone", allow_none=True)
    email = fields.String(attribute="contact_email", allow_none=True)
    address = fields.String(attribute="contact_address", allow_none=True)
    web = fields.String(attribute="contact_web", allow_none=True)


class GovernmentSchema(GovernmentRefSchema):
    """A government with its public complaint channels."""

    autonomous = fields.Boolean(metadata=described("In a national autonomous area."))
    capital_zh = fields.String(allow_none=True)
    capital_en = fields.String(allow_none=True)
    complaint_channels = fields.Nested(
        ChannelSchema, metadata=described("Where to send a complaint this government handles.")
    )
    url = fields.String(metadata=described("The government's page.", format="uri"))


class GovernmentDetailSchema(GovernmentSchema):
    """One government, the governments below it and the offices it keeps or hosts."""

    parent = fields.Nested(GovernmentRefSchema, allow_none=True)
    children = fields.List(fields.Nested(GovernmentRefSchema))
    offices_established = fields.List(fields.Nested(OfficeRefSchema))
    offices_hosted = fields.List(
        fields.Nested(OfficeRefSchema),
        metadata=described("Offices hosted in a province's capital (the first 50 by name)."),
    )
    offices_hosted_total = fields.Integer()


class RuleSchema(Schema):
    """A rule of the circular, in plain words and in the circular's own sentence."""

    code = fields.String(required=True, metadata=described("R1 … R13."))
    title_zh = fields.String(required=True)
    title_en = fields.String(required=True)
    explanation_zh = fields.String(required=True)
    explanation_en = fields.String(required=True)
    quote_zh = fields.String(required=True)
    quote_en = fields.String(required=True)
