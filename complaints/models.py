"""Complaints: the complaint, where it was routed and why, its events, attachments and outbox."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.database import Base, UTCDateTime
from portal.models import Account, Government, Office, enum_column

# The portal.encryption purposes of the encrypted columns (each its own derived key). Changing one
# makes every stored value unreadable: a new purpose needs a data migration.
CONTACT_PURPOSE = "complaints/contact/v1"
OUTBOX_PURPOSE = "complaints/outbox-recipient/v1"


class ComplaintCategory(enum.StrEnum):
    UNAUTHORISED_OFFICE = "unauthorised_office"
    SHOULD_HAVE_CLOSED = "should_have_closed"
    RECEPTION_OVER_STANDARD = "reception_over_standard"
    DISCLOSURE = "disclosure"
    VEHICLES_OR_VENUES = "vehicles_or_venues"
    STAFF_MISCONDUCT = "staff_misconduct"
    OTHER = "other"


class ComplaintStatus(enum.StrEnum):
    """Where a complaint stands; the allowed moves are the table in complaints/workflow.py."""

    SUBMITTED = "submitted"  # filed and routed, not yet acknowledged
    ACKNOWLEDGED = "acknowledged"  # a supervisor has acknowledged it
    IN_PROGRESS = "in_progress"  # assigned and being handled
    AWAITING_INFORMATION = "awaiting_information"  # the complainant was asked for more
    CLOSED = "closed"  # closed with an outcome


class ComplaintOutcome(enum.StrEnum):
    """How a closed complaint ended; upheld and not upheld are never counted together."""

    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
    OUTSIDE_REMIT = "outside_remit"


class RouteRole(enum.StrEnum):
    PRIMARY = "primary"
    COPY = "copy"


class EventKind(enum.StrEnum):
    """Everything that happens to a complaint; events are appended, never edited."""

    SUBMITTED = "submitted"
    ROUTED = "routed"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    TAGGED = "tagged"
    NOTE = "note"  # internal to the supervisors, never shown to the complainant
    MESSAGE = "message"  # supervisor -> complainant
    INFORMATION_REQUESTED = "information_requested"
    COMPLAINANT_MESSAGE = "complainant_message"  # complainant -> supervisors (reply, information)
    STATUS_CHANGED = "status_changed"
    EXTENDED = "extended"
    TRANSFERRED = "transferred"
    ESCALATED = "escalated"
    CLOSED = "closed"
    REOPENED = "reopened"


class Complaint(Base):
    """A complaint about an office of the registry, or about one that is not listed."""

    __tablename__ = "complaint"
    __table_args__ = (
        CheckConstraint(
            "office_id IS NOT NULL OR (unlisted_office_name IS NOT NULL "
            "AND unlisted_office_city IS NOT NULL)",
            name="office_or_unlisted",
        ),
        CheckConstraint("length(body) BETWEEN 1 AND 10000", name="body_length"),
        CheckConstraint(
            "(status = 'closed') = (outcome IS NOT NULL AND closed_at IS NOT NULL)",
            name="closed_has_outcome",
        ),
        CheckConstraint("resolve_due_on >= acknowledge_due_on", name="deadlines_ordered"),
        CheckConstraint("escalation_level >= 0", name="escalation_level_positive"),
        Index("ix_complaint_status_due", "status", "resolve_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    # HMAC of the form nonce (keyed by the data key): a retried submission finds its complaint.
    nonce_digest: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[ComplaintCategory] = mapped_column(
        enum_column(ComplaintCategory, "complaint_category"), index=True
    )
    status: Mapped[ComplaintStatus] = mapped_column(
        enum_column(ComplaintStatus, "complaint_status"),
        default=ComplaintStatus.SUBMITTED,
        index=True,
    )
    outcome: Mapped[ComplaintOutcome | None] = mapped_column(
        enum_column(ComplaintOutcome, "complaint_outcome")
    )
    outcome_summary: Mapped[str | None] = mapped_column(Text)  # public Markdown, set on closing

    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    unlisted_office_name: Mapped[str | None] = mapped_column(String(200))
    unlisted_office_city: Mapped[str | None] = mapped_column(String(100))
    unlisted_office_runner: Mapped[str | None] = mapped_column(String(200))
    # The province the office sits in (the listed office's host, or the one the citizen chose).
    host_province_id: Mapped[int] = mapped_column(ForeignKey("government.id"), index=True)
    primary_government_id: Mapped[int] = mapped_column(ForeignKey("government.id"), index=True)

    body: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    occurred_where: Mapped[str | None] = mapped_column(String(300))
    # name, phone and email as JSON, encrypted at rest (portal.encryption, CONTACT_PURPOSE).
    contact_encrypted: Mapped[str | None] = mapped_column(Text)

    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    acknowledge_due_on: Mapped[date] = mapped_column(Date)
    resolve_due_on: Mapped[date] = mapped_column(Date)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)

    office: Mapped[Office | None] = relationship()
    host_province: Mapped[Government] = relationship(foreign_keys=[host_province_id])
    primary_government: Mapped[Government] = relationship(foreign_keys=[primary_government_id])
    assignee: Mapped[Account | None] = relationship()
    routes: Mapped[list[ComplaintRoute]] = relationship(
        back_populates="complaint", order_by="ComplaintRoute.id"
    )
    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.id"
    )
    attachments: Mapped[list[ComplaintAttachment]] = relationship(
        back_populates="complaint", order_by="ComplaintAttachment.id"
    )

    @property
    def is_anonymous(self) -> bool:
        return self.contact_encrypted is None

    def __repr__(self) -> str:
        return f"<Complaint {self.reference} {self.status}>"


class ComplaintRoute(Base):
    """A government a complaint is routed to (primary or copied), with the rule that decided it."""

    __tablename__ = "complaint_route"
    __table_args__ = (
        UniqueConstraint("complaint_id", "government_id"),
        Index("ix_complaint_route_government_active", "government_id", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    government_id: Mapped[int] = mapped_column(ForeignKey("government.id"))
    role: Mapped[RouteRole] = mapped_column(enum_column(RouteRole, "complaint_route_role"))
    rule: Mapped[str] = mapped_column(String(64))  # a code of complaints/routing.py RULES
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="routes")
    government: Mapped[Government] = relationship()

    @property
    def primary(self) -> bool:
        return self.role == RouteRole.PRIMARY


class ComplaintEvent(Base):
    """One entry of a complaint's history: who, when, what, why. Never edited or deleted."""

    __tablename__ = "complaint_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "complaint_event_kind"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id")
    )  # None: complainant/system
    by_complainant: Mapped[bool] = mapped_column(Boolean, default=False)
    # Shown on the complainant's tracking page (notes and internal facts are not).
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    government_id: Mapped[int | None] = mapped_column(ForeignKey("government.id"))
    body: Mapped[str | None] = mapped_column(Text)
    # Structured facts: rule codes, from/to status, tag, due dates (plain JSON, no personal data).
    data: Mapped[dict | None] = mapped_column(JSON)

    complaint: Mapped[Complaint] = relationship(back_populates="events")
    actor: Mapped[Account | None] = relationship()
    government: Mapped[Government | None] = relationship()
    attachments: Mapped[list[ComplaintAttachment]] = relationship(back_populates="event")


class ComplaintAttachment(Base):
    """A checked, metadata-free file under UPLOAD_DIR (never under static/, never served publicly)."""

    __tablename__ = "complaint_attachment"
    __table_args__ = (
        CheckConstraint("size_bytes > 0", name="size_positive"),
        UniqueConstraint("stored_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_event.id"))
    stored_name: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="attachments")
    event: Mapped[ComplaintEvent | None] = relationship(back_populates="attachments")


class NotificationOutbox(Base):
    """A message to send, written in the same transaction as its cause and sent after the commit."""

    __tablename__ = "notification_outbox"
    __table_args__ = (Index("ix_notification_outbox_pending", "delivered_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), index=True)
    # Encrypted at rest (portal.encryption, OUTBOX_PURPOSE): a complainant's address is
    # personal data.
    recipient_encrypted: Mapped[str] = mapped_column(Text)
    # Which message this is (outbox.TEMPLATES): what the mail log records instead of the
    # subject, which names the complaint.
    template: Mapped[str] = mapped_column(String(40), server_default="notice")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    complaint: Mapped[Complaint | None] = relationship()


class ComplaintTag(Base):
    """A supervisor's label on a complaint (for filtering the queue); added, never edited."""

    __tablename__ = "complaint_tag"
    __table_args__ = (
        UniqueConstraint("complaint_id", "tag"),
        CheckConstraint("length(tag) BETWEEN 1 AND 40", name="tag_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    tag: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """One supervisor action, or one viewing of contact details or an attachment. Append-only."""

    __tablename__ = "complaint_audit_entry"
    __table_args__ = (Index("ix_complaint_audit_entry_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), index=True)
    # Plain facts (attachment id, status moved to, tag); never contact details or texts.
    detail: Mapped[dict | None] = mapped_column(JSON)

    actor: Mapped[Account | None] = relationship()
    complaint: Mapped[Complaint | None] = relationship()


class ComplaintReminder(Base):
    """A deadline reminder that went to the outbox (complaints/reminders.py): one per complaint,
    deadline, stage and due day, so a second run the same day sends nothing again, and an
    extended deadline (a new due day) is reminded afresh."""

    __tablename__ = "complaint_reminder"
    __table_args__ = (UniqueConstraint("complaint_id", "deadline", "stage", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    deadline: Mapped[str] = mapped_column(String(20))  # "acknowledge" or "resolve"
    stage: Mapped[str] = mapped_column(String(20))  # "soon" (3 days before) or "passed"
    due_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderPreference(Base):
    """An account's choice: its deadline reminders one by one (no row) or as one daily digest."""

    __tablename__ = "complaint_reminder_preference"

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=False)
