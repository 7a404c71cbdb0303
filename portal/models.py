"""The registry: governments, liaison offices, their functions, and accounts."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
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
from portal.names import BilingualName, keep_name_sort, name_sort_column


def enum_column(enum_cls: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: stored as its value, guarded by a CHECK constraint."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class GovernmentLevel(enum.StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    PREFECTURAL = "prefectural"
    COUNTY = "county"


class OfficeKind(enum.StrEnum):
    STANDING = "standing"
    SPECIAL_MISSION = "special_mission"


class OfficeStatus(enum.StrEnum):
    OPERATING = "operating"
    PENDING_APPROVAL = "pending_approval"
    CLOSING = "closing"
    CLOSED = "closed"


class OfficeFunction(enum.StrEnum):
    PROMOTION = "promotion"
    MIGRANT_WORKERS = "migrant_workers"
    ETHNIC_AFFAIRS = "ethnic_affairs"
    EMERGENCIES = "emergencies"
    INFORMATION = "information"


class Role(enum.StrEnum):
    ADMIN = "admin"
    NATIONAL = "national"
    SUPERVISOR = "supervisor"
    OFFICE_EDITOR = "office_editor"


LEVEL_RANK = {
    GovernmentLevel.NATIONAL: 0,
    GovernmentLevel.PROVINCIAL: 1,
    GovernmentLevel.PREFECTURAL: 2,
    GovernmentLevel.COUNTY: 3,
}


class Government(BilingualName, Base):
    """A node of the administrative tree, identified by its 6-digit GB/T 2260 division code."""

    __tablename__ = "government"
    __table_args__ = (
        CheckConstraint("length(code) = 6", name="code_six_digits"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[GovernmentLevel] = mapped_column(enum_column(GovernmentLevel, "government_level"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("government.id"), index=True)
    autonomous: Mapped[bool] = mapped_column(Boolean, default=False)
    capital_zh: Mapped[str | None] = mapped_column(String(100))
    capital_en: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_address: Mapped[str | None] = mapped_column(String(300))
    contact_web: Mapped[str | None] = mapped_column(String(300))

    parent: Mapped[Government | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Government]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"<Government {self.code} {self.name_zh}>"


@keep_name_sort
class Office(BilingualName, Base):
    """A liaison office that a government (or one of its departments) keeps in a provincial capital."""

    __tablename__ = "office"
    __table_args__ = (
        CheckConstraint(
            "kind <> 'special_mission' OR mission_ends_on IS NOT NULL", name="mission_has_end"
        ),
        CheckConstraint(
            "closed_on IS NULL OR established_on IS NULL OR closed_on >= established_on",
            name="closed_after_established",
        ),
        CheckConstraint("status <> 'closed' OR closed_on IS NOT NULL", name="closed_has_date"),
        Index("ix_office_establishing_host", "establishing_government_id", "host_province_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(300))
    name_sort: Mapped[str] = name_sort_column()  # pinyin of name_zh (portal/names.py)
    establishing_government_id: Mapped[int] = mapped_column(ForeignKey("government.id"))
    department_zh: Mapped[str | None] = mapped_column(String(200))
    department_en: Mapped[str | None] = mapped_column(String(300))
    host_province_id: Mapped[int] = mapped_column(ForeignKey("government.id"), index=True)
    kind: Mapped[OfficeKind] = mapped_column(enum_column(OfficeKind, "office_kind"))
    mission_ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[OfficeStatus] = mapped_column(
        enum_column(OfficeStatus, "office_status"), index=True
    )
    approving_government_id: Mapped[int | None] = mapped_column(ForeignKey("government.id"))
    approved_on: Mapped[date | None] = mapped_column(Date)
    approval_reference: Mapped[str | None] = mapped_column(String(100))
    established_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    # Set when a published inspection orders the office to close (read by rule R9).
    closure_ordered_on: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))

    establishing_government: Mapped[Government] = relationship(
        foreign_keys=[establishing_government_id]
    )
    host_province: Mapped[Government] = relationship(foreign_keys=[host_province_id])
    approving_government: Mapped[Government | None] = relationship(
        foreign_keys=[approving_government_id]
    )
    functions: Mapped[list[OfficeFunctionAssignment]] = relationship(
        cascade="all, delete-orphan", order_by="OfficeFunctionAssignment.function"
    )

    @property
    def function_codes(self) -> list[OfficeFunction]:
        return [assignment.function for assignment in self.functions]

    def __repr__(self) -> str:
        return f"<Office {self.slug}>"


class OfficeFunctionAssignment(Base):
    """One of the functions the circular gives an office (promotion, migrant workers, …)."""

    __tablename__ = "office_function"

    office_id: Mapped[int] = mapped_column(
        ForeignKey("office.id", ondelete="CASCADE"), primary_key=True
    )
    function: Mapped[OfficeFunction] = mapped_column(
        enum_column(OfficeFunction, "office_function_code"), primary_key=True
    )


class Account(Base):
    """A person who signs in: an administrator, the national office, a supervisor or an editor."""

    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint(
            "role NOT IN ('supervisor', 'national') OR government_id IS NOT NULL",
            name="government_role_has_government",
        ),
        CheckConstraint(
            "role <> 'office_editor' OR office_id IS NOT NULL", name="editor_has_office"
        ),
        UniqueConstraint("email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role, "account_role"))
    government_id: Mapped[int | None] = mapped_column(ForeignKey("government.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    # Accounts and security (portal/accounts.py, portal/two_factor.py): the TOTP secret is
    # encrypted with the data key; the last used time step stops a code being replayed.
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_used_step: Mapped[int | None] = mapped_column(Integer)

    government: Mapped[Government | None] = relationship()
    office: Mapped[Office | None] = relationship()

    def __repr__(self) -> str:
        return f"<Account {self.email} {self.role}>"
