"""Deadlines of Chinese petition practice: acknowledge within 15 days, resolve within 60."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from portal.clock import china_day

ACKNOWLEDGE_DAYS = 15
RESOLVE_DAYS = 60
MAX_EXTENSION_DAYS = 30


def due_dates(submitted_at: datetime) -> tuple[date, date]:
    """(acknowledge by, resolve by) for a complaint submitted at an instant.

    Counted in China calendar days (portal.clock), not in 24-hour periods from the instant: the
    circular speaks of days, and a complaint sent at 23:30 in Beijing was sent that day.
    """
    day = china_day(submitted_at)
    return day + timedelta(days=ACKNOWLEDGE_DAYS), day + timedelta(days=RESOLVE_DAYS)


def elapsed_days(start: datetime, end: datetime) -> float:
    """Days from one instant to another, with fractions (for the medians of the statistics)."""
    return (end - start).total_seconds() / 86400


def met_deadline(done_at: datetime | None, due_on: date, today: date) -> bool | None:
    """Whether a deadline was met (done by the end of its China day), or None while it neither
    passed nor was met: a deadline counts in the statistics once it has passed or has been met.
    The one rule for "acknowledged within 15 days" and "resolved within 60 days (as extended)"."""
    if done_at is not None:
        return china_day(done_at) <= due_on
    return False if due_on < today else None
