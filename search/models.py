"""The search outbox: one row per change to indexed data, written in the changing transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.database import Base, UTCDateTime


class SearchOutbox(Base):
    """An entity that changed (`entity` is a document kind, `key` its primary key).

    The indexer re-reads the entity when it applies the row, so a row says only *that*
    something changed, never what: applying a row twice, or out of a gap, is harmless.
    """

    __tablename__ = "search_outbox"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchOutbox {self.id} {self.entity}:{self.key}>"
