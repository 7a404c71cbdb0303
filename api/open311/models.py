"""API keys of partner apps and the audit of every use (no address or user agent, ever)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.database import Base, UTCDateTime


class ApiKey(Base):
    """A partner app's key: stored only as a keyed digest; a revoked key is kept for the audit."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner: Mapped[str] = mapped_column(String(200))
    # The first characters of the key, shown to administrators to tell keys apart.
    prefix: Mapped[str] = mapped_column(String(12))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiKeyUse(Base):
    """One use of a key: what was asked, whether it was accepted, which complaint it filed."""

    __tablename__ = "api_key_use"
    __table_args__ = (
        CheckConstraint("outcome IN ('accepted', 'refused')", name="outcome_known"),
        Index("ix_api_key_use_key_at", "key_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_key.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(10))
    # The complaint's public reference when one was filed; the field at fault when refused.
    reference: Mapped[str | None] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(40))

    key: Mapped[ApiKey] = relationship()
