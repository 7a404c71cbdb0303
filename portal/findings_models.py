"""The tables of findings as derived data: `finding`, its outbox and its one state row.

Findings are derived from the data, like the search index: `finding` holds what the circular's
rules found (rule, office, severity, messages, facts, since when), `finding_outbox` the offices
whose findings must be recomputed (written in the same transaction as the change, see
`portal/findings_outbox.py`), and `finding_state` the day the table was evaluated for and the
version of the public data (bumped by every commit that changes it; the pages' ETag).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.database import Base, UTCDateTime
from portal.models import enum_column
from portal.rules import Severity

STATE_ID = 1


class FindingRecord(Base):
    """One finding of one rule, about one office (or about no office: R8 names a province).

    `subject` tells apart the findings of one rule about one office (the reception and limit of an
    R6 finding, the inspection of an R11 one…); it is empty for the rules that find at most one
    thing per office. `since` is the first day (in China) the finding was found and kept since.
    """

    __tablename__ = "finding"
    __table_args__ = (
        UniqueConstraint("rule", "office_id", "subject"),
        Index("ix_finding_office_rule", "office_id", "rule"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(16))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(255), default="")
    severity: Mapped[Severity] = mapped_column(enum_column(Severity, "finding_severity"))
    message_zh: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    since: Mapped[date] = mapped_column(Date)


class FindingOutbox(Base):
    """An office whose findings must be recomputed (NULL: the findings that name no office).

    No foreign key: the row outlives the office when the office is deleted (its findings go
    with it, and the row is then simply applied as "no findings").
    """

    __tablename__ = "finding_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FindingState(Base):
    """The one row (id 1): the day the table was evaluated for, and the public data's version."""

    __tablename__ = "finding_state"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=STATE_ID)
    evaluated_on: Mapped[date | None] = mapped_column(Date)
    data_version: Mapped[int] = mapped_column(BigInteger, default=0)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
