"""Schemas of oversight: applications for approval, inspections, progress reports, the national
summary, and the public complaint statistics."""

from __future__ import annotations

from marshmallow import Schema, fields

from api.schemas.common import (
    GovernmentRefSchema,
    OfficeRefSchema,
    described,
    enum_field,
    yuan_field,
)
from portal.models import OfficeFunction, OfficeKind
from portal.oversight.models import (
    ApplicationPurpose,
    ApplicationStatus,
    InspectionResult,
)


def counts(description: str) -> fields.Dict:
    return fields.Dict(keys=fields.String(), values=fields.Integer(),
                       metadata=described(description))  # fmt: skip


class ApplicationSchema(Schema):
    """A government's application to a host province to set up, or keep, an office."""

    id = fields.Integer()
    purpose = enum_field(ApplicationPurpose, "new_office or keep_office.")
    applicant_government = fields.Nested(GovernmentRefSchema)
    department_zh = fields.String(allow_none=True)
    department_en = fields.String(allow_none=True)
    host_province = fields.Nested(GovernmentRefSchema)
    office = fields.Nested(OfficeRefSchema, allow_none=True, metadata=described("Once it exists."))
    office_name_zh = fields.String()
    office_name_en = fields.String(allow_none=True)
    kind = enum_field(OfficeKind)
    mission_ends_on = fields.Date(allow_none=True)
    functions = fields.List(enum_field(OfficeFunction), attribute="function_codes")
    planned_budget_fen = fields.Integer(metadata=described("Integer fen."))
    planned_budget_yuan = yuan_field("planned_budget_fen")
    reason = fields.String(metadata=described("Why the office is needed (the applicant's text)."))
    urgent = fields.Boolean()
    submitted_on = fields.Date()
    decision_due_on = fields.Date()
    status = enum_field(ApplicationStatus, "pending, approved or refused.")
    decided_on = fields.Date(allow_none=True)
    decision_reasons = fields.String(allow_none=True)
    approval_reference = fields.String(allow_none=True)
    url = fields.String(metadata=described("The application's page.", format="uri"))


class InspectionSchema(Schema):
    """A published inspection of an office by a supervising government."""

    id = fields.Integer()
    office = fields.Nested(OfficeRefSchema)
    inspecting_government = fields.Nested(GovernmentRefSchema)
    inspected_on = fields.Date()
    result = enum_field(InspectionResult, "compliant, rectification_required, ordered_to_close.")
    rectification_due_on = fields.Date(allow_none=True)
    findings_markdown = fields.String(metadata=described("What the inspectors found (Markdown)."))
    published_at = fields.DateTime(metadata=described("UTC."))
    follow_up_id = fields.Integer(
        allow_none=True, metadata=described("The next published inspection of the same office.")
    )
    url = fields.String(metadata=described("The inspection's page.", format="uri"))


FIGURE_FIELDS = ("offices_before", "closed", "merged", "kept_with_approval", "remaining")


class ReportVersionSchema(Schema):
    """One version of a province's progress report (a correction is a new version)."""

    version = fields.Integer()
    offices_before = fields.Integer()
    closed = fields.Integer()
    merged = fields.Integer(allow_none=True)
    kept_with_approval = fields.Integer()
    remaining = fields.Integer()
    narrative = fields.String()
    correction_reason = fields.String(allow_none=True)
    submitted_on = fields.Date(metadata=described("China calendar day."))


class RegistryFiguresSchema(Schema):
    """What the registry itself counts for the same province and period."""

    offices_before = fields.Integer()
    closed = fields.Integer()
    merged = fields.Integer(allow_none=True, metadata=described("The registry records none."))
    kept_with_approval = fields.Integer()
    remaining = fields.Integer()


class ProvinceStandingSchema(Schema):
    """A province's standing in a reporting round."""

    province = fields.Nested(GovernmentRefSchema)
    timing = fields.String(
        metadata=described("on_time, late, missing, not_due or not_applicable (Taiwan, Hong "
                           "Kong, Macao: outside the circular).",
                           enum=["on_time", "late", "missing", "not_due", "not_applicable"])
    )  # fmt: skip
    first_submitted_on = fields.Date(allow_none=True)
    latest = fields.Nested(ReportVersionSchema, allow_none=True)


class RoundSchema(Schema):
    """A round of provincial progress reports and every province's standing in it."""

    code = fields.String()
    name_zh = fields.String()
    name_en = fields.String(allow_none=True)
    baseline_on = fields.Date(metadata=described("The clean-up's starting point."))
    period_end = fields.Date(metadata=described("The registry's figures are as of this day."))
    due_before = fields.Date(metadata=described("On time: submitted before this day."))
    provinces = fields.List(fields.Nested(ProvinceStandingSchema))


class ProvinceReportSchema(Schema):
    """Every version of one province's report for one round, beside the registry's figures."""

    round = fields.String(metadata=described("The round's code."))
    province = fields.Nested(GovernmentRefSchema)
    versions = fields.List(fields.Nested(ReportVersionSchema), metadata=described("Newest first."))
    registry = fields.Nested(RegistryFiguresSchema)


class SummaryRowSchema(Schema):
    """One province's line of the national summary (or the national total, code 000000)."""

    province_code = fields.String(attribute="code")
    province_zh = fields.String(attribute="name_zh")
    province_en = fields.String(attribute="name_en")
    offices_before = fields.Integer()
    offices_now = fields.Integer()
    closures = fields.Integer()
    new_with_approval = fields.Integer(
        metadata=described("Established since the baseline, approved.")
    )
    new_without_approval = fields.Integer(
        metadata=described("Established since the baseline without approval.")
    )
    findings = counts("Findings per rule code.")
    reports = counts("Reports of all rounds: on_time, late, missing.")
    complaints_received = fields.Integer(allow_none=True)
    complaints_handled_in_time = fields.Integer(attribute="complaints_in_time", allow_none=True)
    approvals = counts("Applications: approved, refused, pending, urgent.")
    inspections = counts("Published inspections by result.")


class OutsideProvinceSchema(Schema):
    """A provincial-level division the circular does not address (no figures)."""

    province_code = fields.String(attribute="code")
    province_zh = fields.String(attribute="name_zh")
    province_en = fields.String(attribute="name_en")


class SummarySchema(Schema):
    """The national summary for the State Council: every province and the national total."""

    as_of = fields.Date(attribute="today")
    baseline = fields.Date()
    rules = fields.List(fields.String(), metadata=described("The rules with findings."))
    complaints_available = fields.Boolean()
    provinces = fields.List(fields.Nested(SummaryRowSchema), attribute="rows")
    national = fields.Nested(SummaryRowSchema, attribute="totals")
    not_applicable = fields.List(
        fields.Nested(OutsideProvinceSchema),
        metadata=described("Taiwan, Hong Kong, Macao: outside the circular, counted nowhere."),
    )


class MonthCountSchema(Schema):
    month = fields.String(metadata=described("YYYY-MM, China time.", pattern="^[0-9]{4}-[0-9]{2}$"))
    count = fields.Integer()


class ProvinceCountSchema(Schema):
    province = fields.Nested(GovernmentRefSchema)
    count = fields.Integer()
    resolved_on_time = fields.Integer(
        metadata=described("Of these, closed within the deadline (the national summary's figure).")
    )


class ShareSchema(Schema):
    on_time = fields.Integer()
    counted = fields.Integer(metadata=described("Deadlines passed or met."))


class ComplaintStatsSchema(Schema):
    """Public complaint statistics: counts only, never a complaint's text or identity."""

    total = fields.Integer()
    by_month = fields.List(fields.Nested(MonthCountSchema))
    by_category = counts("Complaints per category code.")
    by_province = fields.List(fields.Nested(ProvinceCountSchema), metadata=described("By host."))
    by_status = counts("Complaints per status code.")
    by_outcome = counts("Closed complaints per outcome code.")
    median_days_to_acknowledge = fields.Float(allow_none=True)
    median_days_to_resolve = fields.Float(allow_none=True)
    acknowledged_on_time = fields.Nested(ShareSchema)
    resolved_on_time = fields.Nested(ShareSchema)
