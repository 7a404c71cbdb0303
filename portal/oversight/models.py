"""Oversight records: applications for approval, inspections, reporting rounds, progress reports."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.database import Base, UTCDateTime
from portal.errors import PortalError
from portal.models import (
    Account,
    Government,
    Office,
    OfficeFunction,
    OfficeKind,
    enum_column,
)
from portal.names import BilingualName, name_in


class ApplicationPurpose(enum.StrEnum):
    NEW_OFFICE = "new_office"
    KEEP_OFFICE = "keep_office"


class ApplicationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class InspectionResult(enum.StrEnum):
    COMPLIANT = "compliant"
    RECTIFICATION_REQUIRED = "rectification_required"
    ORDERED_TO_CLOSE = "ordered_to_close"


class InspectionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ApprovalApplication(Base):
    """A government's application to the host province to set up, or keep, a liaison office."""

    __tablename__ = "approval_application"
    __table_args__ = (
        CheckConstraint("planned_budget_fen >= 0", name="budget_not_negative"),
        CheckConstraint(
            "kind <> 'special_mission' OR mission_ends_on IS NOT NULL", name="mission_has_end"
        ),
        CheckConstraint(
            "purpose <> 'keep_office' OR office_id IS NOT NULL", name="keep_names_office"
        ),
        CheckConstraint(
            "status = 'pending' OR (decided_at IS NOT NULL AND decided_on IS NOT NULL"
            " AND decision_reasons IS NOT NULL)",
            name="decision_complete",
        ),
        CheckConstraint(
            "status <> 'approved' OR approval_reference IS NOT NULL", name="approval_has_reference"
        ),
        CheckConstraint("decision_due_on >= submitted_on", name="due_after_submission"),
        CheckConstraint(
            "applicant_government_id <> host_province_id", name="applicant_is_not_host"
        ),
        Index("ix_approval_application_status_due", "status", "decision_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[ApplicationPurpose] = mapped_column(
        enum_column(ApplicationPurpose, "application_purpose")
    )
    applicant_government_id: Mapped[int] = mapped_column(ForeignKey("government.id"), index=True)
    host_province_id: Mapped[int] = mapped_column(ForeignKey("government.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    office_name_zh: Mapped[str] = mapped_column(String(200))
    office_name_en: Mapped[str | None] = mapped_column(String(300))
    department_zh: Mapped[str | None] = mapped_column(String(200))
    department_en: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[OfficeKind] = mapped_column(enum_column(OfficeKind, "application_office_kind"))
    mission_ends_on: Mapped[date | None] = mapped_column(Date)
    functions: Mapped[str] = mapped_column(String(200))
    planned_budget_fen: Mapped[int] = mapped_column(BigInteger)  # fen: money is BIGINT
    reason: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_on: Mapped[date] = mapped_column(Date)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    decision_due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, "application_status"), default=ApplicationStatus.PENDING
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    decision_reasons: Mapped[str | None] = mapped_column(Text)
    approval_reference: Mapped[str | None] = mapped_column(String(100))

    applicant_government: Mapped[Government] = relationship(foreign_keys=[applicant_government_id])
    host_province: Mapped[Government] = relationship(foreign_keys=[host_province_id])
    office: Mapped[Office | None] = relationship()
    submitted_by: Mapped[Account | None] = relationship(foreign_keys=[submitted_by_id])
    decided_by: Mapped[Account | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def function_codes(self) -> list[OfficeFunction]:
        return [OfficeFunction(code) for code in self.functions.split(",") if code]

    def overdue(self, today: date) -> bool:
        """Still undecided after its deadline."""
        return self.status == ApplicationStatus.PENDING and today > self.decision_due_on

    @property
    def decided_late(self) -> bool:
        return self.decided_on is not None and self.decided_on > self.decision_due_on

    def office_name(self, language: str) -> str:
        """The name of the office applied for, in `language` (the Chinese name by default)."""
        return name_in(self.office_name_zh, self.office_name_en, language)


class Inspection(Base):
    """A supervising government's inspection of an office: a draft until it is published."""

    __tablename__ = "inspection"
    __table_args__ = (
        CheckConstraint(
            "result <> 'rectification_required' OR rectification_due_on IS NOT NULL",
            name="rectification_has_deadline",
        ),
        CheckConstraint(
            "rectification_due_on IS NULL OR rectification_due_on >= inspected_on",
            name="deadline_after_inspection",
        ),
        CheckConstraint(
            "status <> 'published' OR published_at IS NOT NULL", name="published_has_time"
        ),
        Index("ix_inspection_office_status", "office_id", "status"),
        Index("ix_inspection_status_date", "status", "inspected_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    inspecting_government_id: Mapped[int] = mapped_column(ForeignKey("government.id"), index=True)
    inspected_on: Mapped[date] = mapped_column(Date)
    findings_markdown: Mapped[str] = mapped_column(Text)
    result: Mapped[InspectionResult] = mapped_column(
        enum_column(InspectionResult, "inspection_result")
    )
    rectification_due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[InspectionStatus] = mapped_column(
        enum_column(InspectionStatus, "inspection_status"), default=InspectionStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    office: Mapped[Office] = relationship()
    inspecting_government: Mapped[Government] = relationship()

    @property
    def published(self) -> bool:
        return self.status == InspectionStatus.PUBLISHED


class ReportingRound(BilingualName, Base):
    """A round of provincial progress reports, with its deadline and the period it covers."""

    __tablename__ = "reporting_round"
    __table_args__ = (
        CheckConstraint("period_end >= baseline_on", name="period_after_baseline"),
        CheckConstraint("due_before > baseline_on", name="due_after_baseline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(300))
    # The clean-up's starting point ("offices before"): the circular's date for the first round.
    baseline_on: Mapped[date] = mapped_column(Date)
    # The registry's figures are counted as of this date.
    period_end: Mapped[date] = mapped_column(Date)
    # A report is on time when submitted (China time) on a date strictly before this one.
    due_before: Mapped[date] = mapped_column(Date)


class ProgressReport(Base):
    """One version of a province's report for a round; never changed once submitted."""

    __tablename__ = "progress_report"
    __table_args__ = (
        UniqueConstraint("round_id", "province_id", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "version = 1 OR correction_reason IS NOT NULL", name="correction_has_reason"
        ),
        CheckConstraint(
            "offices_before >= 0 AND closed >= 0 AND merged >= 0"
            " AND kept_with_approval >= 0 AND remaining >= 0",
            name="counts_not_negative",
        ),
        Index("ix_progress_report_round_province", "round_id", "province_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id"))
    province_id: Mapped[int] = mapped_column(ForeignKey("government.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    offices_before: Mapped[int] = mapped_column(Integer)
    closed: Mapped[int] = mapped_column(Integer)
    merged: Mapped[int] = mapped_column(Integer)
    kept_with_approval: Mapped[int] = mapped_column(Integer)
    remaining: Mapped[int] = mapped_column(Integer)
    narrative: Mapped[str] = mapped_column(Text)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_on: Mapped[date] = mapped_column(Date)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    round: Mapped[ReportingRound] = relationship()
    province: Mapped[Government] = relationship()


class ImmutableRecordError(PortalError):
    """A submitted progress report cannot be changed: a correction is a new version."""


# In the ORM, not only in submit_report: no code path (a command, a later feature) may rewrite
# what a province submitted; the page shows every version as it was.
@event.listens_for(ProgressReport, "before_update")
def _reports_are_immutable(_mapper, _connection, report: ProgressReport) -> None:
    raise ImmutableRecordError(f"progress report {report.id} was submitted and cannot change")
