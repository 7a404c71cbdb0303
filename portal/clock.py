"""The one clock: "now" as a UTC instant and "today" as a calendar day in China.

Deadlines in the circular and in the design are China days (Asia/Shanghai), while instants are
stored in UTC. Every module asks this one for the time, so a test can freeze it in one place
(`frozen`), and no two modules can disagree about which day it is around midnight.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")

_frozen: datetime | None = None


def utcnow() -> datetime:
    """The current instant, timezone-aware UTC (or the frozen one in a test)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def china_day(instant: datetime | None = None) -> date:
    """The calendar day in China at an instant; now by default."""
    return (instant or utcnow()).astimezone(CHINA).date()


def today_in_china() -> date:
    """Today, where the offices are: the day every dated rule and deadline is judged on."""
    return china_day()


def start_of_china_day(day: date) -> datetime:
    """The UTC instant at which a China calendar day begins (00:00 in Asia/Shanghai)."""
    return datetime.combine(day, time.min, tzinfo=CHINA).astimezone(UTC)


@contextmanager
def frozen(at: datetime | date) -> Iterator[datetime]:
    """Freeze the clock for a test: a datetime (aware) or a date (noon that day in China)."""
    global _frozen
    if isinstance(at, datetime):
        if at.tzinfo is None:
            raise ValueError("frozen() needs a timezone-aware instant")
        instant = at.astimezone(UTC)
    else:
        instant = datetime.combine(at, time(12), tzinfo=CHINA).astimezone(UTC)
    previous, _frozen = _frozen, instant
    try:
        yield instant
    finally:
        _frozen = previous
