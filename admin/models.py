"""The administration's tables: one-time account links, recovery codes and the audit log."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
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
from portal.models import Account, enum_column


class TokenPurpose(enum.StrEnum):
    PASSWORD_RESET = "password_reset"
    INVITATION = "invitation"


class AccountToken(Base):
    """A one-time link sent by e-mail (a password reset, an invitation): only its keyed digest
    is stored, it expires, and it is used at most once."""

    __tablename__ = "account_token"
    __table_args__ = (
        CheckConstraint("expires_at > created_at", name="expires_after_creation"),
        Index("ix_account_token_account_purpose", "account_id", "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose, "token_purpose"))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    account: Mapped[Account] = relationship()


class RecoveryCode(Base):
    """One of an account's ten recovery codes for two-step sign-in: stored as a keyed digest,
    shown once, each usable once."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AdminAuditEntry(Base):
    """Who changed what in the administration, when, from what to what, and why.

    `government_id` is the government whose records changed (its supervisors and those above
    may read the entry); `before` and `after` are JSON objects of the fields that changed.
    """

    __tablename__ = "admin_audit_entry"
    __table_args__ = (Index("ix_admin_audit_entry_subject", "subject_kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column()
    government_id: Mapped[int | None] = mapped_column(ForeignKey("government.id"), index=True)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    # "command line" when an operator acted at the shell; None on the web or by e-mail link.
    via: Mapped[str | None] = mapped_column(String(20))

    actor: Mapped[Account | None] = relationship(foreign_keys=[actor_id])


class ChannelCheck(Base):
    """When a government's supervisors last checked its public complaint channels (the channels
    themselves are the government's `contact_*` columns), and its reception hours."""

    __tablename__ = "channel_check"

    government_id: Mapped[int] = mapped_column(
        ForeignKey("government.id", ondelete="CASCADE"), primary_key=True
    )
    hours_zh: Mapped[str | None] = mapped_column(String(200))
    hours_en: Mapped[str | None] = mapped_column(String(300))
    checked_on: Mapped[date] = mapped_column(Date, index=True)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))


class StandardDraft(Base):
    """A province's reception standard for a year, saved but not yet published (the public
    figures, which rule R6 reads, stay those of `reception_standard` until it is published)."""

    __tablename__ = "standard_draft"
    __table_args__ = (
        UniqueConstraint("province_id", "year"),
        CheckConstraint("night_cap_fen >= 0 AND meal_cap_fen >= 0", name="caps_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("government.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    night_cap_fen: Mapped[int] = mapped_column(Integer)
    meal_cap_fen: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(String(200))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))


class StandardRevision(Base):
    """One publication of a province's standard for a year: who, when, the figures before and
    after (JSON), and why; numbered from 1 per province and year."""

    __tablename__ = "standard_revision"
    __table_args__ = (UniqueConstraint("province_id", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("government.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)

    published_by: Mapped[Account | None] = relationship(foreign_keys=[published_by_id])
