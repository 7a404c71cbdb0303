"""Deadlines of Chinese petition practice: acknowledge within 15 days, resolve within 60."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

ACKNOWLEDGE_DAYS = 15
RESOLVE_DAYS = 60
MAX_EXTENSION_DAYS = 30
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def local_date(instant: datetime) -> date:
    """The calendar date in China of a UTC instant (deadlines are counted in local days)."""
    return instant.astimezone(LOCAL_ZONE).date()


def due_dates(submitted_at: datetime) -> tuple[date, date]:
    """(acknowledge by, resolve by) for a complaint submitted at an instant."""
    day = local_date(submitted_at)
    return day + timedelta(days=ACKNOWLEDGE_DAYS), day + timedelta(days=RESOLVE_DAYS)
